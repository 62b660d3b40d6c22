/**
 * advise for real: inside a network namespace holding real sockets on loopback, advise on the
 * live /proc, then on a bundle collected from it — both must report the same findings and
 * changes. And advise on this machine's own root must run and produce valid output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/cli.js';
import { CLI_PATH, withHeldSockets } from '../sockets/held-sockets.js';

interface Json {
  kernel: string;
  findings: { rule: string; severity: string; key?: string; message: string }[];
  changes: { key: string; from: string | null; to: string | null }[];
}

test('advise on a live namespace with real sockets equals advise on its collected bundle', (t) => {
  if (!requireNetns(t)) return;
  const advise = (extra: string) => `node ${CLI_PATH} advise --profile edge --idle-timeout 300 --format json ${extra}`;
  const run = withHeldSockets([advise(''), `node ${CLI_PATH} collect --out "$work/bundle" >/dev/null 2>&1 && ${advise('--root "$work/bundle"')}`]);
  assert.deepEqual(run.statuses, [0, 0], run.outputs.join('\n'));
  const live = JSON.parse(run.outputs[0]!) as Json;
  const bundle = JSON.parse(run.outputs[1]!) as Json;
  const summary = (json: Json) => ({
    findings: json.findings.map((f) => `${f.severity} ${f.rule} ${f.key ?? ''}`),
    changes: json.changes.map((c) => `${c.key} ${c.from} -> ${c.to}`),
  });
  assert.deepEqual(summary(bundle), summary(live));
  // A fresh namespace is a container's view: the rule says so, and the edge profile's targets are proposed.
  assert.ok(live.findings.some((f) => f.rule === 'container-namespace'), JSON.stringify(summary(live)));
  assert.ok(live.changes.some((c) => c.key === 'net.ipv4.tcp_synack_retries' && c.to === '3'));
  // The held sockets do not set SO_KEEPALIVE (no keepalive timer in /proc/net/tcp): a note, no keepalive change.
  assert.ok(live.findings.some((f) => f.rule === 'keepalive-idle-timeout' && f.severity === 'info' && /none of the \d+ established connections here uses keepalive/.test(f.message)));
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
  assert.match(bare.stdout, /^sysctl-advisor: kernel /, 'no subcommand runs advise');
});
