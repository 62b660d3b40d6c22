/**
 * advise for real: inside a network namespace holding real sockets on loopback, advise on the
 * live /proc, then on a bundle collected from it — both must report the same findings and
 * changes. And advise on this machine's own root must run and produce valid output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireNetns } from '../helpers/netns.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { CLI_PATH, withHeldSockets } from '../sockets/held-sockets.js';

interface Json {
  kernel: string;
  findings: { rule: string; severity: string; key?: string; message: string; detail?: string }[];
  changes: { key: string; from: string | null; to: string | null }[];
}

test('advise on a live namespace with real sockets equals advise on its collected bundle', (t) => {
  if (!requireNetns(t)) return;
  const advise = (extra: string) => `node ${CLI_PATH} advise --profile edge --idle-timeout 300 --format json ${extra}`;
  const run = withHeldSockets([
    advise(''),
    `node ${CLI_PATH} collect --out "$work/bundle" >/dev/null 2>&1 && ${advise('--root "$work/bundle"')}`,
  ]);
  assert.deepEqual(run.statuses, [0, 0], run.outputs.join('\n'));
  const live = JSON.parse(run.outputs[0]!) as Json;
  const bundle = JSON.parse(run.outputs[1]!) as Json;
  const summary = (json: Json) => ({
    findings: json.findings.map((f) => `${f.severity} ${f.rule} ${f.key ?? ''}`),
    changes: json.changes.map((c) => `${c.key} ${c.from} -> ${c.to}`),
  });
  assert.deepEqual(summary(bundle), summary(live));
  // A fresh namespace is a container's view: the rule says so, and the edge profile's targets are proposed.
  assert.ok(
    live.findings.some((f) => f.rule === 'container-namespace'),
    JSON.stringify(summary(live)),
  );
  assert.ok(live.changes.some((c) => c.key === 'net.ipv4.tcp_synack_retries' && c.to === '3'));
  // The held sockets do not set SO_KEEPALIVE (no keepalive timer in /proc/net/tcp): a note, no keepalive change.
  assert.ok(
    live.findings.some(
      (f) =>
        f.rule === 'keepalive-idle-timeout' &&
        f.severity === 'info' &&
        /none of the \d+ established connections here uses keepalive/.test(`${f.message} ${f.detail ?? ''}`),
    ),
  );
  assert.ok(!live.changes.some((c) => c.key.startsWith('net.ipv4.tcp_keepalive_')), 'no keepalive change for sockets that do not use it');
});

test('advise on this machine runs and reports in every format', () => {
  for (const format of ['text', 'json', 'diff', 'conf']) {
    const result = runCli(['advise', '--format', format]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
  }
  const json = JSON.parse(runCli(['advise', '--format', 'json']).stdout) as Json;
  assert.match(json.kernel, /^\d+\.\d+/);
  const bare = runCli([]);
  assert.equal(bare.status, 0);
  assert.match(bare.stdout, /^sysctl-advisor: .*\nKernel \d/, 'no subcommand runs advise');
});

test('advise --interval reads the counters twice: rates beside totals in JSON (valid against the schema) and text; refused on a bundle', () => {
  const validate = new AjvModule.default({ allErrors: true }).compile(
    JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'advise.schema.json'), 'utf8')),
  );
  const sampled = runCli(['advise', '--interval', '0.3', '--format', 'json']);
  assert.equal(sampled.status, 0, sampled.stderr);
  const json = JSON.parse(sampled.stdout) as {
    counters: { since: string; intervalSeconds: number; values: { name: string; total: number; growth?: number; perSecond?: number }[] };
  };
  assert.ok(validate(json), JSON.stringify(validate.errors));
  assert.ok(json.counters.intervalSeconds >= 0.3, String(json.counters.intervalSeconds));
  const opens = json.counters.values.find((v) => v.name === 'ActiveOpens')!;
  assert.equal(typeof opens.growth, 'number');
  assert.equal(typeof opens.perSecond, 'number');
  const once = JSON.parse(runCli(['advise', '--format', 'json']).stdout) as typeof json;
  assert.ok(validate(once), JSON.stringify(validate.errors));
  assert.equal(once.counters.intervalSeconds, null);
  assert.ok(
    once.counters.values.every((v) => v.growth === undefined),
    'one reading: totals only',
  );

  const text = runCli(['advise', '--interval', '0.2']).stdout;
  assert.match(
    text,
    /^Counters: sampled over [\d.]+ s \(totals since (boot|this network namespace was created|boot \(or since this network namespace was created\))\); /m,
  );
  const plain = runCli(['advise']).stdout;
  assert.match(plain, /^Counters: totals since .*, one reading \(advise --interval 5 measures their rates\)$/m);
  // The missing idle timeout is said once, on the Context line, not as "Not checked" on every run.
  assert.match(plain, /middlebox idle timeout: none given \(--idle-timeout SECONDS checks keepalive against it\)/);
  assert.doesNotMatch(plain, /keepalive-idle-timeout: cannot check/);

  const bundle = runCli(['advise', '--root', join(REPO_ROOT, 'test/fixtures/roots/healthy/root'), '--interval', '1']);
  assert.equal(bundle.status, 2);
  assert.match(
    bundle.stderr,
    /^sysctl-advisor: --interval reads this host's counters twice; a bundle \(--root\) does not change: collect it with --interval/,
  );
  assert.equal(bundle.stderr.trim().split('\n').length, 1);
  for (const bad of ['0', '-1', 'abc', '4000']) {
    const result = runCli(['advise', '--interval', bad]);
    assert.equal(result.status, 2, bad);
    assert.match(result.stderr, /--interval .*: give the seconds between the two readings/);
  }
});
