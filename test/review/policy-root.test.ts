/**
 * --profile as a policy, and --root with sysctl.d precedence (docs/kernel/config-files-and-precedence.md#directory-order-and-masking): a later
 * 99-*.conf overrides a 50-*.conf line, and the finding on the earlier line says so.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

interface Finding {
  rule: string;
  messageId: string;
  severity: string;
  message: string;
  detail?: string;
  data?: Record<string, string | number>;
  file: string;
  line: number;
  column: number;
  scope: string;
  key?: string;
  fix?: { kind: string; insert: string; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
}
interface Report {
  policy: string | null;
  root: string | null;
  files: { path: string }[];
  findings: Finding[];
}

let work: string;
function write(path: string, lines: readonly string[]): void {
  mkdirSync(dirname(join(work, path)), { recursive: true });
  writeFileSync(join(work, path), `${lines.join('\n')}\n`);
}
function review(...args: string[]): { status: number | null; report: Report; stderr: string } {
  const run = runCli(['review', ...args, '--format', 'json'], { cwd: work });
  return { status: run.status, report: JSON.parse(run.stdout || 'null') as Report, stderr: run.stderr };
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'review-policy-'));
  // A host layout: the vendor file, an admin file, and a late override in /etc.
  write('host/usr/lib/sysctl.d/50-vendor.conf', ['net.core.somaxconn = 8192']);
  write('host/etc/sysctl.d/50-net.conf', [
    '# Shorter orphaned FIN-WAIT-2',
    'net.ipv4.tcp_fin_timeout = 30',
    'net.ipv4.tcp_syncookies = 1',
    '',
  ]);
  write('host/etc/sysctl.d/99-other.conf', [
    '# Late overrides',
    '',
    '# From the old image',
    '',
    '',
    '',
    'net.ipv4.tcp_fin_timeout = 20',
    'net.core.somaxconn = 1024',
  ]);
  // Named files for the policy checks.
  write('web/web.conf', ['net.core.somaxconn = 1024', 'net.ipv4.tcp_syncookies = 1']);
  write('web/raised.conf', ['net.core.somaxconn = 65535']);
  write('policy/strict.yaml', [
    'name: strict-web',
    'summary: Web servers, with policy deviations as errors.',
    'extends: web-server',
    'rules:',
    '  profile-policy: error',
  ]);
});
after(() => rmSync(work, { recursive: true, force: true }));

test('--root: the earlier line is reported as overridden by the later file, at its own line', () => {
  const { status, report, stderr } = review('--root', 'host');
  assert.equal(stderr, '');
  assert.equal(status, 0, 'only notes and warnings');
  assert.equal(report.root, 'host');
  assert.deepEqual(
    report.files.map((f) => f.path),
    ['host/etc/sysctl.d/50-net.conf', 'host/usr/lib/sysctl.d/50-vendor.conf', 'host/etc/sysctl.d/99-other.conf'],
  );
  const shadowed = report.findings.filter((f) => f.rule === 'shadowed-assignment');
  assert.deepEqual(
    shadowed.map((f) => [f.file, f.line, f.column]),
    [
      ['host/etc/sysctl.d/50-net.conf', 2, 1],
      ['host/usr/lib/sysctl.d/50-vendor.conf', 1, 1],
    ],
  );
  assert.equal(
    shadowed[0]!.message,
    'net.ipv4.tcp_fin_timeout = 30 is overridden by a later line (20): remove this line or change that one',
  );
  assert.match(
    shadowed[0]!.detail ?? '',
    /^net\.ipv4\.tcp_fin_timeout = 30 here is overridden by net\.ipv4\.tcp_fin_timeout = 20 at \/etc\/sysctl\.d\/99-other\.conf:7, which is applied later/,
  );
  assert.match(shadowed[1]!.detail ?? '', /overridden by net\.core\.somaxconn = 1024 at \/etc\/sysctl\.d\/99-other\.conf:8/);
});

test('--root DIR PATH: the whole root decides precedence, only PATH is reported', () => {
  const { report } = review('--root', 'host', 'host/etc/sysctl.d/50-net.conf');
  assert.deepEqual(
    report.files.map((f) => f.path),
    ['host/etc/sysctl.d/50-net.conf'],
  );
  assert.ok(report.findings.length > 0);
  assert.ok(report.findings.every((f) => f.file === 'host/etc/sysctl.d/50-net.conf'));
  assert.ok(report.findings.some((f) => f.rule === 'shadowed-assignment' && (f.detail ?? '').includes('99-other.conf:7')));
});

test('--profile web-server: a value below the target is a policy finding with the rationale and a fix', () => {
  const { status, report } = review('web/web.conf', '--profile', 'web-server');
  assert.equal(status, 0, 'policy findings are warnings');
  assert.equal(report.policy, 'web-server');
  const policy = report.findings.filter((f) => f.rule === 'profile-policy');
  assert.equal(policy.length, 1, JSON.stringify(policy, null, 2));
  const somaxconn = policy[0]!;
  assert.deepEqual(
    [somaxconn.file, somaxconn.line, somaxconn.column, somaxconn.severity, somaxconn.key],
    ['web/web.conf', 1, 22, 'warning', 'net.core.somaxconn'],
  );
  assert.equal(somaxconn.messageId, 'deviates');
  assert.deepEqual([somaxconn.data?.relation, somaxconn.data?.value, somaxconn.data?.current], ['>=', '4096', '1024']);
  assert.equal(somaxconn.message, 'Profile web-server wants net.core.somaxconn >= 4096; this line sets 1024');
  assert.match(somaxconn.detail ?? '', /^Why: Caps every listen\(\) backlog.*\(source: commit 19f92a030ca6/);
  assert.deepEqual(somaxconn.fix, {
    kind: 'replace-value',
    description: 'Set net.core.somaxconn = 4096 (profile web-server)',
    region: { startLine: 1, startColumn: 22, endLine: 1, endColumn: 26 },
    insert: '4096',
  });
});

test('--profile web-server: "raise only" accepts a higher value; a pinned key no line sets is reported at the file level', () => {
  const { report } = review('web/raised.conf', '--profile', 'web-server');
  const policy = report.findings.filter((f) => f.rule === 'profile-policy');
  assert.deepEqual(
    policy.map((f) => [f.key, f.file, f.line, f.column, f.scope, f.severity]),
    [['net.ipv4.tcp_syncookies', 'web/raised.conf', 1, 1, 'file', 'warning']],
  );
  assert.equal(policy[0]!.messageId, 'unsetDefaultMeetsPinned');
  assert.match(
    policy[0]!.detail ?? '',
    /No reviewed file sets it; the kernel default on 6\.18 is 1, which meets it, but the profile pins the key/,
  );
});

test("a profile file's rules section sets the policy severity", () => {
  const { status, report } = review('web/web.conf', '--profile', 'policy/strict.yaml');
  assert.equal(status, 1);
  assert.equal(report.policy, 'strict-web');
  assert.deepEqual(
    report.findings.filter((f) => f.rule === 'profile-policy').map((f) => f.severity),
    ['error'],
  );
});

test('--profile with --root: the policy applies to the line that wins', () => {
  const { report } = review('--root', 'host', '--profile', 'web-server');
  const policy = report.findings.filter((f) => f.rule === 'profile-policy');
  assert.deepEqual(
    policy.map((f) => [f.file, f.line]),
    [['host/etc/sysctl.d/99-other.conf', 8]],
  );
});
