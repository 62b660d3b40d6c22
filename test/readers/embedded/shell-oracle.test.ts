/**
 * The shell reader against bash and the kernel: a script of the forms the reader handles runs
 * with the real bash inside `unshare --net --mount`, /etc/sysctl.d and /etc/sysctl.conf
 * bind-mounted from a temporary directory so nothing on the host changes. Then
 *
 * - the kernel values it leaves must be what applying review's extraction (each runtime
 *   setting, in order, with `sysctl -w "key=value"`) leaves in another fresh namespace: the
 *   unquoted `ip_local_port_range=32767 65535` included, which sets the low end only;
 * - each sysctl file it writes must hold exactly the settings review extracted for that path.
 *
 * Needs Linux and root (skips, saying why, elsewhere; CI runs it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfigText } from '../../../src/config/parse.js';
import { readShellScript } from '../../../src/readers/embedded/index.js';
import { canonicalKeyOf } from '../../../src/review/embedded.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { requireNetns, requireTool } from '../../helpers/netns.js';

const SCRIPT = join(REPO_ROOT, 'test', 'fixtures', 'embedded', 'oracle', 'tune-netns.sh');

/** Runs `body` in fresh network and mount namespaces, with the sysctl files of `dir` mounted over the host's. */
function inNamespaces(dir: string, body: string): string {
  const script = `set -e; mount --bind ${dir}/sysctl.d /etc/sysctl.d; mount --bind ${dir}/sysctl.conf /etc/sysctl.conf; ${body}`;
  const run = spawnSync('unshare', ['--net', '--mount', 'bash', '-c', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

function dump(keys: readonly string[]): string {
  return `for k in ${keys.join(' ')}; do printf '%s=%s\\n' "$k" "$(tr '\\t' ' ' < /proc/sys/$(echo $k | tr . /))"; done`;
}

test('bash leaves the kernel values and sysctl files that review extracts from the script', (t) => {
  if (!requireNetns(t) || !requireTool(t, '/etc/sysctl.conf') || !existsSync('/etc/sysctl.d')) return;
  const extraction = readShellScript(readFileSync(SCRIPT, 'utf8'));
  const runtime = extraction.assignments.filter((a) => a.via.tool === 'shell');
  const files = extraction.assignments.filter((a) => a.via.tool === 'sysctl-file');
  assert.ok(runtime.length >= 10 && files.length >= 4, 'the fixture has runtime writes and file content');
  assert.ok(
    extraction.assignments.every((a) => a.value !== undefined),
    'every value is known',
  );
  const keys = [...new Set(runtime.map((a) => canonicalKeyOf(a.key)))];

  const dir = mkdtempSync(join(tmpdir(), 'shell-oracle-'));
  try {
    mkdirSync(join(dir, 'sysctl.d'));
    writeFileSync(join(dir, 'sysctl.conf'), '');
    const byScript = inNamespaces(dir, `bash ${SCRIPT} >/dev/null 2>&1 || true; ${dump(keys)}`);
    const replay = runtime.map((a) => `sysctl -q -w ${JSON.stringify(`${canonicalKeyOf(a.key)}=${a.value}`)} || true`).join('; ');
    const byExtraction = inNamespaces(dir, `${replay}; ${dump(keys)}`);
    assert.equal(byExtraction, byScript, "the kernel after the script = the kernel after review's extraction");
    assert.match(
      byScript,
      /net\.ipv4\.ip_local_port_range=32767 60000/,
      'the unquoted multi-value set the low end only, keeping the high end set before',
    );

    const written = new Map<string, string>([
      ['/etc/sysctl.d/90-oracle.conf', readFileSync(join(dir, 'sysctl.d', '90-oracle.conf'), 'utf8')],
      ['/etc/sysctl.conf', readFileSync(join(dir, 'sysctl.conf'), 'utf8')],
    ]);
    for (const [path, text] of written) {
      const inFile = parseConfigText(text, path).assignments.map((line) => [line.canonicalKey, line.value]);
      const extracted = files
        .filter((a) => a.via.tool === 'sysctl-file' && a.via.path === path)
        .map((a) => [canonicalKeyOf(a.key), a.value]);
      assert.deepEqual(extracted, inFile, `${path}: what the script wrote`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
