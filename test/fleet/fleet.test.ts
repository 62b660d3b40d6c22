/**
 * fleet on a folder of bundles made from the committed base root (a real namespace bundle): one
 * host with syncookies off, one without the playbook's collection record, one empty folder. The
 * built CLI runs as a user would; JSON is checked against schemas/fleet.schema.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { parse } from 'yaml';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { SAFE_SYSCTLS } from '../../src/params/kubernetes-sysctls.js';

const BASE = join(REPO_ROOT, 'test', 'fixtures', 'roots', '_base');
const validate = new AjvModule.default({ allErrors: true }).compile(
  JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'fleet.schema.json'), 'utf8')),
);

function makeBundles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sa-fleet-'));
  for (const host of ['a', 'b', 'c', 'd']) {
    cpSync(BASE, join(dir, host), { recursive: true, verbatimSymlinks: true });
    if (host !== 'd')
      writeFileSync(
        join(dir, host, 'sysctl-advisor-collection.json'),
        JSON.stringify({ host, groups: ['web'], collectedAt: '2026-12-06T10:00:00Z', kernelRelease: '6.1.0-test' }),
      );
  }
  writeFileSync(join(dir, 'c', 'proc/sys/net/ipv4/tcp_syncookies'), '0\n');
  mkdirSync(join(dir, 'broken'));
  mkdirSync(join(dir, '.archives')); // the playbook's fetched archives: not a host
  return dir;
}

interface FleetJson {
  bundles: number;
  hosts: { host: string; groups: string[]; collectedAt: string | null; advice: string | null }[];
  findings: { rule: string; hosts: string[] }[];
  changes: { key: string; value: string | null; hosts: string[] }[];
  advice: { id: string; hosts: string[] }[];
  drift: {
    group: string;
    drifts: { key: string; aspect: string; usual: string | null; drifting: { host: string; value: string | null }[] }[];
  }[];
  unreadable: { host: string; reason: string }[];
}

test('fleet --format json: shared findings and changes, advice groups, drift within the Ansible group, unreadable bundles; valid against its schema', () => {
  const dir = makeBundles();
  try {
    const result = runCli(['fleet', dir, '--format', 'json']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as FleetJson;
    assert.equal(validate(report), true, JSON.stringify(validate.errors));
    assert.equal(report.bundles, 5);
    assert.deepEqual(
      report.hosts.map((h) => h.host),
      ['a', 'b', 'c', 'd'],
    );
    assert.deepEqual(report.hosts.find((h) => h.host === 'a')?.groups, ['web']);
    assert.equal(report.hosts.find((h) => h.host === 'd')?.collectedAt, null);
    assert.equal(report.unreadable.length, 1);
    assert.equal(report.unreadable[0]!.host, 'broken');
    assert.match(report.unreadable[0]!.reason, /proc\/sys is missing/);
    assert.deepEqual(report.findings.find((f) => f.rule === 'syncookies-disabled')?.hosts, ['c']);
    assert.deepEqual(report.changes.find((c) => c.key === 'net.ipv4.tcp_syncookies')?.hosts, ['c']);
    const groupOfC = report.hosts.find((h) => h.host === 'c')?.advice;
    assert.ok(groupOfC);
    assert.deepEqual(report.advice.find((g) => g.id === groupOfC)?.hosts, ['c']);
    const web = report.drift.find((g) => g.group === 'web');
    assert.deepEqual(
      web?.drifts.find((d) => d.key === 'net.ipv4.tcp_syncookies' && d.aspect === 'now'),
      { key: 'net.ipv4.tcp_syncookies', aspect: 'now', usual: '1', usualCount: 2, drifting: [{ host: 'c', value: '0' }] },
    );
    // d has no record: it is judged in the group "all", alone, so it drifts from nothing.
    assert.equal(
      report.drift.some((g) => g.group === 'all'),
      false,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fleet text and markdown name the shared finding, its hosts and the unreadable bundle; --fail-on sets the exit code', () => {
  const dir = makeBundles();
  try {
    const text = runCli(['fleet', dir]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^sysctl-advisor fleet: 5 bundles, 4 read, 1 not readable/);
    assert.match(text.stdout, /error +1\/4 hosts +syncookies-disabled net\.ipv4\.tcp_syncookies\n.*\n +hosts: c\n/);
    assert.match(text.stdout, /group web \(3 hosts\):\n(.*\n)*? +net\.ipv4\.tcp_syncookies \(now\): 2 hosts have 1; c=0/);
    assert.match(text.stdout, /Not readable \(1\)\n +broken: /);
    const markdown = runCli(['fleet', dir, '--format', 'markdown']);
    assert.match(markdown.stdout, /^\| error \| 1\/4 \| `syncookies-disabled` \| `net\.ipv4\.tcp_syncookies` \| .+ \| c \|$/m);
    assert.match(markdown.stdout, /^- `broken`: /m);
    assert.equal(runCli(['fleet', dir, '--fail-on', 'error']).status, 1);
    // Only an unreadable bundle: still a failure once --fail-on asks for one.
    rmSync(join(dir, 'c'), { recursive: true });
    const warnings = runCli(['fleet', dir, '--fail-on', 'error', '--format', 'json']);
    assert.equal(warnings.status, 1);
    rmSync(join(dir, 'broken'), { recursive: true });
    assert.equal(runCli(['fleet', dir, '--fail-on', 'error']).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fleet refuses bad input in one line with exit 2', () => {
  const missing = runCli(['fleet', '/nonexistent/bundles']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^sysctl-advisor: \/nonexistent\/bundles: cannot read the bundles folder: no such file or directory\n$/);
  const empty = mkdtempSync(join(tmpdir(), 'sa-fleet-empty-'));
  try {
    const none = runCli(['fleet', empty]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /holds no bundle folders/);
    const emit = runCli(['fleet', empty, '--emit', 'ansible']);
    assert.equal(emit.status, 2);
    assert.match(emit.stderr, /--emit writes files: give --out-dir DIR/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('fleet --emit: per advice group a vars file, a pod snippet with safe keys only, a TuneD profile; textfile metrics for every host', () => {
  const dir = makeBundles();
  const out = join(dir, '.out');
  try {
    const result = runCli([
      'fleet',
      dir,
      '--emit',
      'ansible-vars',
      '--emit',
      'kubernetes',
      '--emit',
      'tuned',
      '--emit',
      'node-exporter',
      '--kubernetes',
      '1.28',
      '--out-dir',
      out,
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /wrote .*sysctl-advisor\.prom/);
    const report = JSON.parse(runCli(['fleet', dir, '--format', 'json']).stdout) as FleetJson;
    const id = report.hosts.find((h) => h.host === 'c')!.advice!;
    const vars = parse(readFileSync(join(out, `${id}.vars.yml`), 'utf8')) as { sysctl_advisor_params: Record<string, string> };
    assert.equal(vars.sysctl_advisor_params['net.ipv4.tcp_syncookies'], '1');
    const pod = parse(readFileSync(join(out, `${id}.pod-sysctls.yaml`), 'utf8')) as {
      spec: { securityContext: { sysctls: { name: string; value: string }[] } };
    };
    const safe128 = SAFE_SYSCTLS.filter((s) => Number(s.since.split('.')[1]) <= 28).map((s) => s.key);
    assert.ok(pod.spec.securityContext.sysctls.some((s) => s.name === 'net.ipv4.tcp_syncookies' && s.value === '1'));
    for (const sysctl of pod.spec.securityContext.sysctls) assert.ok(safe128.includes(sysctl.name), sysctl.name);
    const tuned = readFileSync(join(out, 'tuned', `sysctl-advisor-${id}`, 'tuned.conf'), 'utf8');
    assert.match(tuned, /^\[sysctl\]$(\n.*)*\nnet\.ipv4\.tcp_syncookies=1$/m);
    const prom = readFileSync(join(out, 'sysctl-advisor.prom'), 'utf8');
    // Prometheus text format: each family declared once, every sample "name{labels} number".
    const families = [...prom.matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1]);
    assert.equal(new Set(families).size, families.length);
    for (const line of prom.split('\n').filter((l) => l && !l.startsWith('#'))) {
      assert.match(line, /^[a-z_]+\{([a-z_]+="(?:[^"\\]|\\.)*",?)+\} -?[0-9.e+]+$/, line);
      assert.ok(families.includes(line.slice(0, line.indexOf('{'))), line);
    }
    assert.match(prom, /^sysctl_advisor_host_readable\{host="broken"\} 0$/m);
    assert.match(prom, /^sysctl_advisor_finding\{host="c",rule="syncookies-disabled",key="net.ipv4.tcp_syncookies",severity="error"\} 1$/m);
    assert.match(prom, /^sysctl_advisor_collected_timestamp_seconds\{host="a"\} 1796551200$/m);
    assert.equal(existsSync(join(out, `${id}.yml`)), false, 'ansible was not asked for');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fleet shows its progress on a terminal (stderr) for long runs, and never when stderr is not one', (t) => {
  // script(1) (util-linux) gives the CLI a real pseudo-terminal.
  if (!existsSync('/usr/bin/script')) {
    if (process.env.CI === 'true') assert.fail('CI must run this test, but /usr/bin/script is missing (util-linux)');
    t.skip('needs script(1) for a pseudo-terminal');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sa-fleet-progress-'));
  try {
    for (let i = 0; i < 60; i++) cpSync(BASE, join(dir, `host-${String(i).padStart(2, '0')}`), { recursive: true, verbatimSymlinks: true });
    const command = `'${process.execPath}' '${join(REPO_ROOT, 'dist', 'bundle', 'cli.cjs')}' fleet '${dir}' --format json > '${join(dir, '.report.json')}'`;
    const terminal = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(terminal.status, 0, terminal.stdout);
    assert.match(terminal.stdout, /\rsysctl-advisor fleet: read 60\/60 bundles/);
    assert.equal((JSON.parse(readFileSync(join(dir, '.report.json'), 'utf8')) as FleetJson).hosts.length, 60);
    const piped = runCli(['fleet', dir, '--format', 'json']);
    assert.equal(piped.status, 0);
    assert.equal(piped.stderr, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
