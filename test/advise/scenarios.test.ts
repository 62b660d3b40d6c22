/**
 * advise on the scenario roots of test/fixtures/roots: the findings and changes expected beside
 * each root, JSON valid against schemas/advise.schema.json, and idempotence — with the proposed
 * files written into a copy of the root, advise on the same snapshot proposes nothing more.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import AjvModule from 'ajv';
import { buildAdviseReport } from '../../src/advise/run.js';
import type { AdviseArgs } from '../../src/commands/advise.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const ROOTS = join(REPO_ROOT, 'test', 'fixtures', 'roots');
const validate = new AjvModule.default({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'advise.schema.json'), 'utf8')));

interface Expected {
  findings: { rule: string; severity: string; key?: string; file?: string; line?: number; message: string }[];
  changes: { key: string; to: string | null }[];
}

const args = (root: string): AdviseArgs => ({ root, profile: 'conservative', format: 'json', failOn: 'none' });
const scenarios = readdirSync(ROOTS).filter((name) => existsSync(join(ROOTS, name, 'expected.json')));

test('there are scenario roots to check', () => assert.ok(scenarios.length >= 7, scenarios.join(', ')));

for (const name of scenarios) {
  test(`scenario ${name}: expected findings and changes, valid JSON, idempotent`, () => {
    const expected = JSON.parse(readFileSync(join(ROOTS, name, 'expected.json'), 'utf8')) as Expected;
    const root = join(ROOTS, name, 'root');
    const cli = runCli(['advise', '--root', root, '--format', 'json']);
    assert.equal(cli.status, 0, cli.stderr);
    const json = JSON.parse(cli.stdout) as Expected;
    assert.ok(validate(json), JSON.stringify(validate.errors));
    // Every finding expected, in order (severity, rule, file, line), and no others.
    const findings = json.findings as Expected['findings'];
    assert.deepEqual(
      findings.map((f) => [f.severity, f.rule, f.key ?? null]),
      expected.findings.map((f) => [f.severity, f.rule, f.key ?? null]),
      `findings of ${name}: ${findings.map((f) => `${f.rule}: ${f.message}`).join('\n')}`,
    );
    expected.findings.forEach((want, i) => {
      assert.match(findings[i]!.message, new RegExp(want.message));
      if (want.file) assert.equal(findings[i]!.file, want.file);
      if (want.line) assert.equal(findings[i]!.line, want.line);
    });
    assert.deepEqual(json.changes.map((c: { key: string; to: string | null }) => ({ key: c.key, to: c.to })), expected.changes);

    // Idempotence: apply every proposed file edit to a copy of the root and advise again.
    const copy = mkdtempSync(join(tmpdir(), `sa-${name}-`));
    cpSync(root, copy, { recursive: true, verbatimSymlinks: true });
    const report = buildAdviseReport(args(copy));
    for (const edit of [report.files.target, ...report.files.removals]) {
      mkdirSync(dirname(join(copy, edit.file)), { recursive: true });
      writeFileSync(join(copy, edit.file), edit.after);
    }
    const again = buildAdviseReport(args(copy));
    assert.deepEqual(again.changes, [], `${name}: a second run proposes nothing`);
    assert.equal(again.diff, '');
  });
}

test('--fail-on turns findings into exit 1; --format diff and conf print only the files', () => {
  const root = join(ROOTS, 'syn-flood', 'root');
  assert.equal(runCli(['advise', '--root', root, '--fail-on', 'error', '--format', 'json']).status, 1);
  assert.equal(runCli(['advise', '--root', join(ROOTS, 'close-wait-leak', 'root'), '--fail-on', 'error']).status, 0);
  assert.equal(runCli(['advise', '--root', join(ROOTS, 'close-wait-leak', 'root'), '--fail-on', 'warning']).status, 1);
  const diff = runCli(['advise', '--root', root, '--format', 'diff']).stdout;
  assert.match(diff, /^--- a\/etc\/sysctl\.d\/90-sysctl-advisor\.conf\n\+\+\+ b\/etc\/sysctl\.d\/90-sysctl-advisor\.conf\n@@ -0,0 \+1,\d+ @@/);
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
  assert.match(conf, /^net\.ipv4\.tcp_synack_retries = 3$/m);
});

test('a removal shows as a diff of the file that sets the key', () => {
  const diff = runCli(['advise', '--root', join(ROOTS, 'nat-old-kernel', 'root'), '--format', 'diff']).stdout;
  assert.match(diff, /--- a\/etc\/sysctl\.conf\n\+\+\+ b\/etc\/sysctl\.conf\n@@ .* @@\n # reduce TIME_WAIT \(from a blog post\)\n-net\.ipv4\.tcp_tw_recycle = 1\n/);
});

test('a bad --root or --profile is one line on stderr and exit 2', () => {
  const missing = runCli(['advise', '--root', '/nonexistent/bundle']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, 'sysctl-advisor: cannot use /nonexistent/bundle as a root: no such directory\n');
  const profile = runCli(['advise', '--root', join(ROOTS, 'healthy', 'root'), '--profile', 'nope']);
  assert.equal(profile.status, 2);
  assert.match(profile.stderr, /^sysctl-advisor: no built-in profile "nope"/);
});
