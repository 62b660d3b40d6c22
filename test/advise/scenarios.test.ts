/**
 * advise on the scenario roots of test/fixtures/roots: the findings and changes expected beside
 * each root, JSON valid against schemas/advise.schema.json, and idempotence — with the proposed
 * files written into a copy of the root, advise on the same snapshot proposes nothing more.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import AjvModule from 'ajv';
import { buildAdviseReport } from '../../src/advise/run.js';
import type { AdviseReport } from '../../src/reports/advise.js';
import type { AdviseArgs } from '../../src/advise/args.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { assertFindingsAgreeWithPlan } from '../helpers/plan-agreement.js';
import { assertProse } from '../helpers/rule-tester.js';

const ROOTS = join(REPO_ROOT, 'test', 'fixtures', 'roots');
const validate = new AjvModule.default({ allErrors: true }).compile(
  JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'advise.schema.json'), 'utf8')),
);

interface Expected {
  findings: { rule: string; severity: string; key?: string; file?: string; line?: number; message: string }[];
  changes: { key: string; to: string | null; runtime: { from: string; to: string } | null }[];
}

const args = (root: string): AdviseArgs => ({ root, profile: 'conservative', format: 'json', failOn: 'none' });
const scenarios = readdirSync(ROOTS).filter((name) => existsSync(join(ROOTS, name, 'expected.json')));

test('there are scenario roots to check', () => assert.ok(scenarios.length >= 7, scenarios.join(', ')));

/** A copy of a root to change, removed when the test ends. */
function copyOf(t: TestContext, root: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'sa-scenario-'));
  t.after(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(root, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

/** Carries out the whole plan in a copied root: every file edit, and every runtime value into its proc/sys. */
function applyPlan(root: string, report: AdviseReport): void {
  for (const edit of [report.files.target, ...report.files.removals]) {
    mkdirSync(dirname(join(root, edit.file)), { recursive: true });
    writeFileSync(join(root, edit.file), edit.after);
  }
  for (const change of report.changes) {
    if (change.runtime && !change.overriddenBy)
      writeFileSync(join(root, 'proc', 'sys', ...change.key.split('.')), `${change.runtime.to.split(' ').join('\t')}\n`);
  }
}

/** Findings agree with the plan, and every change answers at least one finding or a profile target. */
function assertAgreement(name: string, report: AdviseReport): void {
  assertFindingsAgreeWithPlan(name, report);
  for (const change of report.changes) {
    assert.ok(
      change.rules.some((rule) => rule.startsWith('profile:')) || report.findings.some((finding) => finding.change?.key === change.key),
      `${name}: change of ${change.key} answers no finding`,
    );
  }
}

/** Applying the whole plan, then advising again on the result, proposes nothing. */
function assertIdempotent(t: TestContext, name: string, root: string, runArgs: (root: string) => AdviseArgs = args): void {
  const copy = copyOf(t, root);
  applyPlan(copy, buildAdviseReport(runArgs(copy)));
  const again = buildAdviseReport(runArgs(copy));
  assert.deepEqual(again.changes, [], `${name}: a second run proposes nothing`);
  assert.equal(again.diff, '');
}

for (const name of scenarios) {
  test(`scenario ${name}: expected findings and changes, valid JSON, findings agree with the plan, idempotent`, (t) => {
    const expected = JSON.parse(readFileSync(join(ROOTS, name, 'expected.json'), 'utf8')) as Expected;
    const root = join(ROOTS, name, 'root');
    const cli = runCli(['advise', '--root', root, '--format', 'json']);
    assert.equal(cli.status, 0, cli.stderr);
    const json = JSON.parse(cli.stdout) as Expected;
    assert.ok(validate(json), JSON.stringify(validate.errors));
    // Every finding expected, in order (severity, rule, file, line), and no others.
    const findings = json.findings;
    assert.deepEqual(
      findings.map((f) => [f.severity, f.rule, f.key ?? null]),
      expected.findings.map((f) => [f.severity, f.rule, f.key ?? null]),
      `findings of ${name}: ${findings.map((f) => `${f.rule}: ${f.message}`).join('\n')}`,
    );
    expected.findings.forEach((want, i) => {
      assertProse(findings[i]!, new RegExp(want.message));
      if (want.file) assert.equal(findings[i]!.file, want.file);
      if (want.line) assert.equal(findings[i]!.line, want.line);
    });
    assert.deepEqual(
      json.changes.map((c) => ({ key: c.key, to: c.to, runtime: c.runtime })),
      expected.changes,
    );
    assertAgreement(name, buildAdviseReport(args(root)));
    assertIdempotent(t, name, root);
  });
}

/**
 * Harm that lives only in the running kernel: no file sets the key, the live value is wrong. Built
 * on the real bundle in _base (6.18, 24 GiB).
 */
const RUNTIME_ONLY: readonly {
  name: string;
  live: Record<string, string>;
  change: { key: string; to: string | null; runtime: { from: string; to: string } };
}[] = [
  {
    name: 'tcp_syncookies 0 at runtime',
    live: { 'net.ipv4.tcp_syncookies': '0' },
    change: { key: 'net.ipv4.tcp_syncookies', to: '1', runtime: { from: '0', to: '1' } },
  },
  {
    name: 'tcp_max_tw_buckets 100 at runtime',
    live: { 'net.ipv4.tcp_max_tw_buckets': '100' },
    change: { key: 'net.ipv4.tcp_max_tw_buckets', to: null, runtime: { from: '100', to: '131072' } },
  },
];

for (const scenario of RUNTIME_ONLY) {
  test(`runtime only: ${scenario.name} gets a change with a runtime part, agrees with its finding, and a second run proposes nothing`, (t) => {
    const root = copyOf(t, join(ROOTS, '_base'));
    for (const [key, value] of Object.entries(scenario.live)) writeFileSync(join(root, 'proc', 'sys', ...key.split('.')), `${value}\n`);
    const report = buildAdviseReport(args(root));
    const change = report.changes.find((c) => c.key === scenario.change.key);
    assert.ok(change, `a change for ${scenario.change.key}: ${JSON.stringify(report.changes)}`);
    assert.deepEqual({ key: change.key, to: change.to, runtime: change.runtime }, scenario.change);
    assertAgreement(scenario.name, report);
    assertIdempotent(t, scenario.name, root);
  });
}

test('a profile value the files already say but the running kernel lacks: a runtime part and no file edit', (t) => {
  const root = copyOf(t, join(ROOTS, '_base'));
  mkdirSync(join(root, 'etc', 'sysctl.d'), { recursive: true });
  writeFileSync(join(root, 'etc', 'sysctl.d', '80-ops.conf'), 'net.core.somaxconn = 4096\n');
  writeFileSync(join(root, 'proc', 'sys', 'net', 'core', 'somaxconn'), '1024\n');
  const webServer = (r: string): AdviseArgs => ({ ...args(r), profile: 'web-server' });
  const report = buildAdviseReport(webServer(root));
  const change = report.changes.find((c) => c.key === 'net.core.somaxconn');
  assert.deepEqual(change && { from: change.from, to: change.to, runtime: change.runtime }, {
    from: '4096',
    to: '4096',
    runtime: { from: '1024', to: '4096' },
  });
  assert.equal(report.diff, '', 'no file changes');
  assertIdempotent(t, 'web-server with somaxconn drift', root, webServer);
});

test('--fail-on turns findings into exit 1; --format diff and conf print only the files', () => {
  const root = join(ROOTS, 'syn-flood', 'root');
  assert.equal(runCli(['advise', '--root', root, '--fail-on', 'error', '--format', 'json']).status, 1);
  assert.equal(runCli(['advise', '--root', join(ROOTS, 'close-wait-leak', 'root'), '--fail-on', 'error']).status, 0);
  assert.equal(runCli(['advise', '--root', join(ROOTS, 'close-wait-leak', 'root'), '--fail-on', 'warning']).status, 1);
  const diff = runCli(['advise', '--root', root, '--format', 'diff']).stdout;
  assert.match(
    diff,
    /^--- a\/etc\/sysctl\.d\/90-sysctl-advisor\.conf\n\+\+\+ b\/etc\/sysctl\.d\/90-sysctl-advisor\.conf\n@@ -0,0 \+1,\d+ @@/,
  );
  // Every added assignment is preceded by the comment lines that explain it.
  const added = diff.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++'));
  added.forEach((line, i) => {
    const key = /^\+([a-z0-9_.]+) = /.exec(line)?.[1];
    if (!key) return;
    let start = i;
    while (start > 0 && added[start - 1]!.startsWith('+#')) start--;
    const block = added.slice(start, i).join('\n');
    assert.match(block, new RegExp(`^\\+# ${key.replace(/\./g, '\\.')}: was `, 'm'), `explained: ${line}`);
    assert.match(block, /^\+# Why: /m, `explained: ${line}`);
  });
  const conf = runCli(['advise', '--root', root, '--format', 'conf']).stdout;
  assert.match(conf, /^net\.ipv4\.tcp_syncookies = 1$/m);
  // While cookies are the fix, tcp_synack_retries is left alone (the finding says why).
  assert.doesNotMatch(conf, /tcp_synack_retries/);
});

test('a removal shows as a diff of the file that sets the key', () => {
  const diff = runCli(['advise', '--root', join(ROOTS, 'nat-old-kernel', 'root'), '--format', 'diff']).stdout;
  assert.match(
    diff,
    /--- a\/etc\/sysctl\.conf\n\+\+\+ b\/etc\/sysctl\.conf\n@@ .* @@\n # reduce TIME_WAIT \(from a blog post\)\n-net\.ipv4\.tcp_tw_recycle = 1\n/,
  );
});

test('a bad --root or --profile is one line on stderr and exit 2', () => {
  const missing = runCli(['advise', '--root', '/nonexistent/bundle']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, 'sysctl-advisor: cannot use /nonexistent/bundle as a root: no such directory\n');
  const profile = runCli(['advise', '--root', join(ROOTS, 'healthy', 'root'), '--profile', 'nope']);
  assert.equal(profile.status, 2);
  assert.match(profile.stderr, /^sysctl-advisor: no built-in profile "nope"/);
});
