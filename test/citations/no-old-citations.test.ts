/**
 * Issue 16, part 4: no output, doc or source comment cites a document outside the repository. The
 * old citations ("REFERENCE §2.8", "[BERNAT]", "[C-RECYCLE]", "[K:net/ipv4/...]", "[OBS x.txt]")
 * pointed into a file users never had; tools/citations/rewrite.mjs turns them into docs/kernel/ pages
 * and primary sources. This test fails on any that comes back, and checks that the rewrite is a
 * fixed point of the tree (running it again would change nothing).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CITATIONS_PENDING } from '../helpers/citations.js';
import { REPO_ROOT } from '../helpers/cli.js';

const SCANNED = ['src', 'docs', 'profiles', 'schemas', 'README.md'];
// The last alternative: the source tags of the ecosystem notes ("[A-POSIX]", "[K8S-NS]", "[MOBY-19265]").
const OLD = /REFERENCE|\[OBS|\[BERNAT\]|\[C-|\[K:|\[[A-Z][A-Z0-9]*-[A-Z0-9-]+\]/;

function filesUnder(path: string): string[] {
  if (!statSync(join(REPO_ROOT, path)).isDirectory()) return [path];
  return readdirSync(join(REPO_ROOT, path)).flatMap((name) => filesUnder(`${path}/${name}`));
}

function offenders(path: string): string[] {
  return readFileSync(join(REPO_ROOT, path), 'utf8')
    .split('\n')
    .flatMap((line, i) => (OLD.test(line) ? [`${path}:${i + 1}: ${line.trim().slice(0, 120)}`] : []));
}

test('no file in src/, docs/, profiles/, schemas/ or README.md cites REFERENCE or a bracket tag', () => {
  const files = SCANNED.flatMap(filesUnder);
  assert.ok(files.length > 150, `only ${files.length} files scanned`);
  const found = files.filter((path) => !CITATIONS_PENDING.includes(path)).flatMap(offenders);
  assert.deepEqual(found, []);
});

test('the pending list names only files that still hold old citations (remove an entry once it is rewritten)', () => {
  for (const path of CITATIONS_PENDING) assert.notDeepEqual(offenders(path), [], `${path} no longer needs to be pending`);
});

test('the detector catches each old form', () => {
  for (const line of [
    '(REFERENCE §2.8)',
    'see [BERNAT]',
    '[C-RECYCLE]',
    '[K:net/ipv4/tcp_ipv4.c tcp_twsk_unique]',
    '[OBS twreuse_test.txt]',
    'the checks [RUNC], [K8S-NS]',
    'fix_lines [A-POSIX]',
  ]) {
    assert.match(line, OLD, line);
  }
  assert.doesNotMatch('(docs/kernel/time-wait.md#tcp_tw_recycle; commit 4396e46187ca)', OLD);
});

test('tools/citations/rewrite.mjs --check finds nothing left to rewrite', () => {
  const skips = CITATIONS_PENDING.flatMap((path) => ['--skip', path, '--skip', path.replace(/^src\/(.*)\.ts$/, 'test/$1.test.ts')]);
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'tools/citations/rewrite.mjs'), '--check', ...skips], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
