/**
 * The bin writes a big review as it is made, and its stdout failing is handled: a closed pipe
 * (`| head`) ends the run quietly with the review's own exit code; a full disk is one line on
 * stderr and exit code 2. Real pipes and /dev/full, through the built bin.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildReviewReport } from '../../src/review/run.js';
import { reviewJson } from '../../src/reporters/review-json.js';
import { CLI } from '../helpers/cli.js';

let work = '';
let dir = '';
before(() => {
  work = mkdtempSync(join(tmpdir(), 'review-output-'));
  dir = join(work, 'sysctl.d');
  mkdirSync(dir);
  // ~300 files with a finding on most lines: a few MB of JSON, far more than a pipe holds (64 KiB).
  for (let i = 0; i < 300; i++) {
    writeFileSync(
      join(dir, `${String(i).padStart(3, '0')}.conf`),
      'net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timout = 15\nnet.ipv4.tcp_syncookies = 1\n'.repeat(5),
    );
  }
});
after(() => rmSync(work, { recursive: true, force: true }));

const bash = (script: string) =>
  spawnSync('bash', ['-c', script, 'bash', process.execPath, CLI, dir], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

test('stdout is the JSON report the reporter makes, byte for byte', async () => {
  const report = await buildReviewReport({ paths: [dir], format: 'json', failOn: 'error' }, work);
  const expected = String(reviewJson(report));
  assert.ok(expected.length > 1 << 20, `${expected.length} bytes`);
  const run = spawnSync(process.execPath, [CLI, 'review', dir, '--format', 'json'], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(run.status, 1);
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, expected);
});

test('a reader that stops early (| head) ends the run quietly, with the review exit code', () => {
  for (const format of ['json', 'sarif', 'text', 'github', 'markdown']) {
    const run = bash(`"$1" "$2" review "$3" --format ${format} | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`);
    assert.equal(run.stderr, '', `${format}: nothing on stderr`);
    // 1: the review has errors (tw-recycle); the closed pipe does not change that.
    assert.equal(run.stdout, 'status=1\n', format);
  }
});

test(
  'stdout on a full disk is one line naming the problem and exit code 2',
  { skip: existsSync('/dev/full') ? false : 'needs /dev/full (Linux)' },
  () => {
    for (const format of ['json', 'text']) {
      const run = bash(`"$1" "$2" review "$3" --format ${format} >/dev/full; echo "status=$?"`);
      assert.match(run.stderr, /^sysctl-advisor: cannot write to standard output: ENOSPC[^\n]*\n$/, format);
      assert.equal(run.stdout, 'status=2\n', format);
    }
  },
);
