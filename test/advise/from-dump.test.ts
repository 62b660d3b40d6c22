/**
 * advise --from FILE: a saved `sysctl -a` output stands for the live values (and the kernel
 * release); config files still come from --root; sockets and counters are not in a dump, so the
 * rules that need them are listed as not checked.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const DUMP = [
  'kernel.osrelease = 5.15.0-91-generic',
  'net.core.somaxconn = 4096',
  'net.ipv4.tcp_syncookies = 0',
  'net.ipv4.tcp_fin_timeout = 60',
  "sysctl: permission denied on key 'kernel.cad_pid'",
  '',
].join('\n');

interface AdviseJson {
  kernel: string;
  kernelSource: string;
  findings: { rule: string; key?: string; file?: string; line?: number }[];
  changes: { key: string; runtime: { from: string; to: string } | null }[];
  skipped: { rule: string; reason: string }[];
}

function withRoot(run: (root: string, dump: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'advise-from-'));
  try {
    const root = join(dir, 'root');
    mkdirSync(join(root, 'etc/sysctl.d'), { recursive: true });
    writeFileSync(join(root, 'etc/sysctl.d/10-net.conf'), 'net.ipv4.tcp_fin_timeout = 30\n');
    const dump = join(dir, 'sysctl-a.txt');
    writeFileSync(dump, DUMP);
    run(root, dump);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('advise --from FILE judges the values of a sysctl -a output, at its file:line, with its kernel release', () => {
  withRoot((root, dump) => {
    const result = runCli(['advise', '--root', root, '--from', dump, '--format', 'json']);
    assert.equal(result.stderr, '');
    const json = JSON.parse(result.stdout) as AdviseJson;
    assert.equal(json.kernel, '5.15');
    assert.equal(json.kernelSource, dump);
    const syncookies = json.findings.find((f) => f.key === 'net.ipv4.tcp_syncookies');
    assert.ok(syncookies, JSON.stringify(json.findings));
    // The running value the plan changes is the dump's, not this host's.
    assert.equal(json.changes.find((c) => c.key === 'net.ipv4.tcp_syncookies')?.runtime?.from, '0');
    // The root's config file is still read: the drift between it (30) and the dump's live value (60).
    assert.ok(
      json.findings.some((f) => f.file?.endsWith('etc/sysctl.d/10-net.conf')),
      JSON.stringify(json.findings),
    );
    // No socket table in a dump: the socket rules say why they did not run.
    assert.ok(json.skipped.some((s) => s.rule === 'port-exhaustion'));
  });
});

test('advise --from - reads the dump from stdin', () => {
  withRoot((root) => {
    const result = runCli(['advise', '--root', root, '--from', '-', '--format', 'json'], { input: DUMP });
    assert.equal(result.status, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as AdviseJson).kernel, '5.15');
  });
});

test('advise --from refuses a dump of another kind, a missing file, and --apply or --interval, in one line with exit 2', () => {
  withRoot((root, dump) => {
    const socketsDump = join(root, 'ss.txt');
    writeFileSync(
      socketsDump,
      'State  Recv-Q Send-Q Local Address:Port  Peer Address:Port\nESTAB  0      0      10.0.0.1:22         10.0.0.2:50000\n',
    );
    for (const [args, message] of [
      [['--from', socketsDump], /ss\.txt: this is a socket table, not "sysctl -a" output/],
      [['--from', join(root, 'nope.txt')], /nope\.txt: no such file/],
      [['--from', dump, '--apply'], /--apply .* --from reads a dump's/],
    ] as const) {
      const result = runCli(['advise', '--root', root, ...args]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });
});
