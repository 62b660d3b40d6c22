/**
 * The evidence rules run together on one host through the real engine: their proposals merge
 * into one set of changes (one per key, safety and evidence above profile targets, agreeing
 * sources listed), and applying the advice leaves nothing more to change.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runEngine } from '../../src/engine/run.js';
import type { Change, Rule } from '../../src/engine/types.js';
import type { Context } from '../../src/profiles/context.js';
import type { Profile, ProfileTarget } from '../../src/profiles/types.js';
import { closeWaitLeak } from '../../src/rules/close-wait-leak.js';
import { containerNamespace } from '../../src/rules/container-namespace.js';
import { keepaliveIdleTimeout } from '../../src/rules/keepalive-idle-timeout.js';
import { listenOverflow } from '../../src/rules/listen-overflow.js';
import { natGatewayConntrack } from '../../src/rules/nat-gateway-conntrack.js';
import { orphans } from '../../src/rules/orphans.js';
import { portExhaustion } from '../../src/rules/port-exhaustion.js';
import { synFlood } from '../../src/rules/syn-flood.js';
import { assertProse, wholeText } from '../helpers/rule-tester.js';
import { makeFacts, type FactsSpec } from '../helpers/facts.js';

const ALL: readonly Rule[] = [
  portExhaustion,
  listenOverflow,
  synFlood,
  keepaliveIdleTimeout,
  closeWaitLeak,
  orphans,
  natGatewayConntrack,
  containerNamespace,
];

function profile(targets: Record<string, string> = {}): Profile {
  const map = new Map<string, ProfileTarget>(
    Object.entries(targets).map(([key, value]) => [
      key,
      { key, value, why: `profile wants ${value}`, source: 'test', definedIn: { file: 'test.yaml', line: 1 } },
    ]),
  );
  return { name: 'test', summary: 'test', file: 'test.yaml', chain: ['test'], targets: map, context: {}, rules: {} };
}

function run(facts: FactsSpec, options: { context?: Partial<Context>; targets?: Record<string, string>; rules?: readonly Rule[] } = {}) {
  const context: Context = { clientsBehindNat: true, natGateway: false, idleTimeout: null, ...options.context };
  return runEngine({ facts: makeFacts(facts), profile: profile(options.targets), context, rules: options.rules ?? ALL });
}

const summary = (changes: readonly Change[]) =>
  changes.map((c) => ({ key: c.key, from: c.from, to: c.to, runtime: c.runtime, rules: c.rules }));

/** A public web server under a SYN flood, with accept queues overflowing and an old sysctl.conf. */
const FLOODED_SERVER: FactsSpec = {
  // Live values for every key involved: a key missing from a live read counts as absent on this kernel.
  live: {
    'net.ipv4.tcp_syncookies': 0,
    'net.core.somaxconn': 128,
    'net.ipv4.tcp_max_syn_backlog': 1024,
    'net.ipv4.tcp_synack_retries': 5,
    'net.ipv4.tcp_keepalive_time': 7200,
  },
  config: [
    { key: 'net.ipv4.tcp_syncookies', value: 0 },
    { key: 'net.core.somaxconn', value: 128 },
  ],
  counters: { ListenOverflows: 300, ListenDrops: 4800, TCPReqQFullDrop: 4500 },
  sockets: { states: { ESTABLISHED: 900, SYN_RECV: 128 }, listeners: [{ local: '0.0.0.0:443', queued: 129, backlog: 128 }] },
};

test('syn-flood + listen-overflow on one host: cookies on and somaxconn 4096, each from its rule; SYN-ACK retries left alone', () => {
  const result = run(FLOODED_SERVER);
  assert.deepEqual(result.skipped, [
    { rule: 'keepalive-idle-timeout', reason: 'cannot check: no middlebox idle timeout given (--idle-timeout, --lb, --nat)' },
  ]);
  assert.deepEqual(summary(result.changes), [
    { key: 'net.core.somaxconn', from: '128', to: '4096', runtime: { from: '128', to: '4096' }, rules: ['listen-overflow'] },
    { key: 'net.ipv4.tcp_syncookies', from: '0', to: '1', runtime: { from: '0', to: '1' }, rules: ['syn-flood'] },
  ]);
  // Errors first (TCPReqQFullDrop makes syn-flood an error), then warnings, then the note on SYN-ACK retries.
  assert.deepEqual(
    result.findings.map((f) => [f.severity, f.rule]),
    [
      ['error', 'syn-flood'],
      ['error', 'syn-flood'],
      ['warning', 'listen-overflow'],
      ['warning', 'listen-overflow'],
      ['warning', 'listen-overflow'],
      ['info', 'syn-flood'],
    ],
  );
  // ListenDrops 4800 = ListenOverflows 300 + TCPReqQFullDrop 4500: each rule tells its own counter.
  assert.doesNotMatch(wholeText(result.findings.find((f) => f.rule === 'listen-overflow')!), /other listener drops/);
  // listen-overflow advises on tcp_max_syn_backlog (cookies are off) but proposes no value for it.
  assert.ok(
    result.findings.some(
      (f) => f.rule === 'listen-overflow' && /tcp_max_syn_backlog \(1024; kernel default 2048\) is in play/.test(wholeText(f)),
    ),
  );
  assert.ok(!result.changes.some((c) => c.key === 'net.ipv4.tcp_max_syn_backlog'));
});

test('evidence beats a profile target for the same key; an agreeing target is listed beside the rule', () => {
  const result = run(FLOODED_SERVER, {
    targets: { 'net.ipv4.tcp_synack_retries': '4', 'net.core.somaxconn': '4096', 'net.ipv4.tcp_keepalive_time': '600' },
  });
  assert.deepEqual(summary(result.changes), [
    {
      key: 'net.core.somaxconn',
      from: '128',
      to: '4096',
      runtime: { from: '128', to: '4096' },
      rules: ['listen-overflow', 'profile:test'],
    },
    { key: 'net.ipv4.tcp_keepalive_time', from: null, to: '600', runtime: { from: '7200', to: '600' }, rules: ['profile:test'] },
    // syn-flood proposes no SYN-ACK retries of its own: the profile's target stands.
    { key: 'net.ipv4.tcp_synack_retries', from: null, to: '4', runtime: { from: '5', to: '4' }, rules: ['profile:test'] },
    { key: 'net.ipv4.tcp_syncookies', from: '0', to: '1', runtime: { from: '0', to: '1' }, rules: ['syn-flood'] },
  ]);
});

test('applying the advice leaves nothing to change (idempotent)', () => {
  const first = run(FLOODED_SERVER);
  // Both parts carried out: the files say `to`, the running kernel has `runtime.to`.
  const atBoot = Object.fromEntries(first.changes.map((c) => [c.key, c.to!]));
  const now = Object.fromEntries(first.changes.flatMap((c) => (c.runtime ? [[c.key, c.runtime.to]] : [])));
  const second = run({
    ...FLOODED_SERVER,
    live: { ...FLOODED_SERVER.live, ...now },
    config: Object.entries(atBoot).map(([key, value]) => ({ key, value })),
  });
  assert.deepEqual(second.changes, []);
  // The evidence is still there (counters are cumulative), but nothing proposes a change any more.
  assert.ok(second.findings.some((f) => f.rule === 'syn-flood' && !f.change));
  assert.ok(!second.findings.some((f) => f.change));
});

test('a client host running out of ports, with FIN_WAIT2 and CLOSE_WAIT piling up', () => {
  const result = run({
    live: {
      'net.ipv4.ip_local_port_range': '32768 60999',
      'net.ipv4.tcp_tw_reuse': 2,
      'net.ipv4.tcp_timestamps': 1,
      'net.ipv4.tcp_fin_timeout': 60,
      'net.ipv4.tcp_max_orphans': 131072,
    },
    sockets: {
      states: { ESTABLISHED: 3000, TIME_WAIT: 21000, FIN_WAIT2: 2500, CLOSE_WAIT: 800 },
      portsHeldByRemote: [{ endpoint: '10.0.0.5:443', count: 24000 }],
      timeWaitByRemote: [{ endpoint: '10.0.0.5:443', count: 21000 }],
      closeWaitByLocalPort: [{ port: 8080, count: 790 }],
    },
    sockstat: { tw: 23500, orphan: 100 },
    counters: { TCPAbortOnMemory: 0 },
  });
  assert.deepEqual(summary(result.changes), [
    {
      key: 'net.ipv4.ip_local_port_range',
      from: null,
      to: '10240 65535',
      runtime: { from: '32768 60999', to: '10240 65535' },
      rules: ['port-exhaustion'],
    },
    { key: 'net.ipv4.tcp_fin_timeout', from: null, to: '30', runtime: { from: '60', to: '30' }, rules: ['orphans'] },
    { key: 'net.ipv4.tcp_tw_reuse', from: null, to: '1', runtime: { from: '2', to: '1' }, rules: ['port-exhaustion'] },
  ]);
  const byRule = (id: string) => result.findings.filter((f) => f.rule === id);
  assert.equal(byRule('port-exhaustion')[0]!.severity, 'warning'); // 85% of the usable ports: pressure, connect() still succeeds
  assert.equal(byRule('close-wait-leak').length, 1);
  assert.equal(byRule('close-wait-leak')[0]!.change, undefined);
  // No rule lowers TIME-WAIT by other means, and none proposes the removed tcp_tw_recycle.
  assert.ok(!result.changes.some((c) => c.key === 'net.ipv4.tcp_tw_recycle' || c.key === 'net.ipv4.tcp_max_tw_buckets'));
});

test('a NAT gateway pod behind a 350 s idle timeout: keepalive changes, conntrack reported without a write, namespace note', () => {
  const result = run(
    {
      container: true,
      live: {
        'net.ipv4.ip_forward': 1,
        'net.netfilter.nf_conntrack_max': 65536,
        'net.netfilter.nf_conntrack_count': 64000,
        'net.ipv4.tcp_keepalive_time': 7200,
      },
      config: [{ key: 'net.ipv4.tcp_keepalive_time', value: 7200 }],
    },
    { context: { idleTimeout: 350 } },
  );
  assert.deepEqual(summary(result.changes), [
    {
      key: 'net.ipv4.tcp_keepalive_time',
      from: '7200',
      to: '175',
      runtime: { from: '7200', to: '175' },
      rules: ['keepalive-idle-timeout'],
    },
  ]);
  const nat = result.findings.find((f) => f.rule === 'nat-gateway-conntrack')!;
  assert.equal(nat.severity, 'error'); // 97%
  assertProse(nat, /on the host: the value is global and read-only inside a container/);
  const note = result.findings.find((f) => f.rule === 'container-namespace')!;
  assert.equal(note.severity, 'info');
  assertProse(note, /safe sysctls: net\.ipv4\.tcp_keepalive_time \(since 1\.29\)/);
});
