/**
 * Rules that touch the same key or the same line, run together through the real engine: one
 * change per key, complementary messages, no duplicate findings.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Facts } from '../../src/facts/types.js';
import { runEngine } from '../../src/engine/run.js';
import type { Rule } from '../../src/engine/types.js';
import type { Context } from '../../src/profiles/context.js';
import type { Profile } from '../../src/profiles/types.js';
import { abortOnOverflow } from '../../src/rules/abort-on-overflow.js';
import { continuationLine } from '../../src/rules/continuation-line.js';
import { drift } from '../../src/rules/drift.js';
import { finTimeoutMisconception } from '../../src/rules/fin-timeout-misconception.js';
import { inlineComment } from '../../src/rules/inline-comment.js';
import { invalidSyntax } from '../../src/rules/invalid-syntax.js';
import { invalidValue } from '../../src/rules/invalid-value.js';
import { shadowedAssignment } from '../../src/rules/shadowed-assignment.js';
import { synBacklogIgnored } from '../../src/rules/syn-backlog-ignored.js';
import { synRetriesTimeline } from '../../src/rules/syn-retries-timeline.js';
import { syncookiesDisabled } from '../../src/rules/syncookies-disabled.js';
import { timestampsOff } from '../../src/rules/timestamps-off.js';
import { twBucketsLowered } from '../../src/rules/tw-buckets-lowered.js';
import { twBucketsOverflow } from '../../src/rules/tw-buckets-overflow.js';
import { twRecycle } from '../../src/rules/tw-recycle.js';
import { twReuseWithoutTimestamps } from '../../src/rules/tw-reuse-without-timestamps.js';
import { unknownKey } from '../../src/rules/unknown-key.js';
import { assertProse, wholeText } from '../helpers/rule-tester.js';
import { makeFacts, type FactsSpec } from '../helpers/facts.js';

const CONFIG_RULES: readonly Rule[] = [
  abortOnOverflow,
  continuationLine,
  drift,
  finTimeoutMisconception,
  inlineComment,
  invalidSyntax,
  invalidValue,
  shadowedAssignment,
  synBacklogIgnored,
  synRetriesTimeline,
  syncookiesDisabled,
  timestampsOff,
  twBucketsLowered,
  twReuseWithoutTimestamps,
  unknownKey,
];

function profile(chain: readonly string[] = ['test'], rules: Profile['rules'] = {}): Profile {
  return { name: chain.at(-1)!, summary: 'test', file: 'test.yaml', chain, targets: new Map(), context: {}, rules };
}

function run(rules: readonly Rule[], facts: Facts | FactsSpec, options: { context?: Partial<Context>; profile?: Profile } = {}) {
  const context: Context = { clientsBehindNat: true, natGateway: false, idleTimeout: null, ...options.context };
  return runEngine({ facts: 'keys' in facts ? facts : makeFacts(facts), profile: options.profile ?? profile(), context, rules });
}

test('tw-buckets-lowered + tw-buckets-overflow: one change, sized from the observed peak', () => {
  const result = run([twBucketsLowered, twBucketsOverflow], {
    config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 5000 }],
    live: { 'net.ipv4.tcp_max_tw_buckets': 5000 },
    sockstat: { tw: 5000 },
    counters: { TCPTimeWaitOverflow: 1234 },
  });
  assert.deepEqual(result.findings.map((f) => f.rule).sort(), ['tw-buckets-lowered', 'tw-buckets-overflow']);
  assert.equal(result.changes.length, 1);
  assert.deepEqual(
    {
      key: result.changes[0]!.key,
      from: result.changes[0]!.from,
      to: result.changes[0]!.to,
      runtime: result.changes[0]!.runtime,
      rules: result.changes[0]!.rules,
    },
    {
      key: 'net.ipv4.tcp_max_tw_buckets',
      from: '5000',
      to: '131072',
      runtime: { from: '5000', to: '131072' },
      rules: ['tw-buckets-overflow'],
    },
  );
});

test('tw-buckets-lowered + tw-buckets-overflow: a peak above the default wins over removing the line', () => {
  // Removing the line would restore 131072, below the 2 × 100000 the observed overflow needs.
  const result = run([twBucketsLowered, twBucketsOverflow], {
    config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 100000 }],
    live: { 'net.ipv4.tcp_max_tw_buckets': 100000 },
    sockstat: { tw: 100000 },
    counters: { TCPTimeWaitOverflow: 9 },
  });
  assert.equal(result.changes.length, 1);
  assert.equal(result.changes[0]!.to, '200000');
});

test('tw-buckets-lowered alone proposes removal when nothing overflows (tw-buckets-overflow quiet or skipped)', () => {
  for (const spec of [
    { config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 5000 }] },
    {
      config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 5000 }],
      live: { 'net.ipv4.tcp_max_tw_buckets': 5000 },
      sockstat: { tw: 12 },
      counters: { TCPTimeWaitOverflow: 0 },
    },
  ] satisfies FactsSpec[]) {
    const result = run([twBucketsLowered, twBucketsOverflow], spec);
    assert.equal(result.changes.length, 1);
    assert.deepEqual([result.changes[0]!.to, result.changes[0]!.rules], [null, ['tw-buckets-lowered']]);
  }
});

test('tw-buckets-lowered proposes removal itself when the profile turns tw-buckets-overflow off', () => {
  const result = run(
    [twBucketsLowered, twBucketsOverflow],
    {
      config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 5000 }],
      live: { 'net.ipv4.tcp_max_tw_buckets': 5000 },
      sockstat: { tw: 5000 },
      counters: { TCPTimeWaitOverflow: 3 },
    },
    { profile: profile(['test'], { 'tw-buckets-overflow': 'off' }) },
  );
  assert.deepEqual(
    result.changes.map((c) => [c.to, c.rules]),
    [[null, ['tw-buckets-lowered']]],
  );
});

test('tw-buckets-lowered with unknown host memory: the RAM above which the value is below the default', () => {
  const facts: Facts = { ...makeFacts({ config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 5000 }] }), host: {} };
  const result = run([twBucketsLowered], facts);
  assert.equal(result.findings.length, 1);
  assertProse(
    result.findings[0]!,
    /^tcp_max_tw_buckets = 5000 is below the kernel default \(ehash_entries \/ 2, up to 262144\) on any host with more than 1 GiB of RAM; this host's memory is unknown\./,
  );
  assert.deepEqual(
    result.changes.map((c) => c.to),
    [null],
  );
  // 262144 is the largest default any host gets: nothing to say.
  const large: Facts = { ...makeFacts({ config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 262144 }] }), host: {} };
  assert.deepEqual(run([twBucketsLowered], large).findings, []);
});

test('timestamps-off + tw-reuse-without-timestamps: one change, complementary messages', () => {
  const result = run([timestampsOff, twReuseWithoutTimestamps], {
    config: [
      { key: 'net.ipv4.tcp_tw_reuse', value: 1 },
      { key: 'net.ipv4.tcp_timestamps', value: 0 },
    ],
  });
  assert.deepEqual(
    result.findings.map((f) => f.rule),
    ['timestamps-off', 'tw-reuse-without-timestamps'],
  );
  const [timestamps, reuse] = result.findings;
  // Each message leaves the other's subject to the other rule.
  assertProse(timestamps!, /useless \(see tw-reuse-without-timestamps\)/);
  assert.doesNotMatch(wholeText(timestamps!), /never takes effect/);
  assertProse(reuse!, /never takes effect.*timestamps-off proposes tcp_timestamps = 1/);
  assert.doesNotMatch(wholeText(reuse!), /PAWS no longer/);
  assert.deepEqual(
    result.changes.map((c) => [c.key, c.to, c.rules]),
    [['net.ipv4.tcp_timestamps', '1', ['timestamps-off']]],
  );
});

test('syncookies-disabled is an error for a public-facing profile even without NAT', () => {
  const facts: FactsSpec = { config: [{ key: 'net.ipv4.tcp_syncookies', value: 0 }] };
  const web = run([syncookiesDisabled], facts, {
    context: { clientsBehindNat: false },
    profile: profile(['base', 'web-server', 'my-site']),
  });
  assert.equal(web.findings[0]!.severity, 'error');
  assertProse(web.findings[0]!, /Severity: profile my-site is public-facing \(web-server in its chain\)\./);
  const internal = run([syncookiesDisabled], facts, { context: { clientsBehindNat: false }, profile: profile(['base', 'database']) });
  assert.equal(internal.findings[0]!.severity, 'warning');
  assert.deepEqual(
    web.changes.map((c) => [c.to, c.rules]),
    [['1', ['syncookies-disabled']]],
  );
});

test('the a.conf lines of the procps/systemd runs: each problem reported once, by the rule that owns it', () => {
  const result = run([inlineComment, continuationLine, invalidSyntax, invalidValue, unknownKey, twRecycle, shadowedAssignment], {
    kernel: '6.18',
    config: [
      { key: 'net.ipv4.tcp_fin_timeout', value: 30 },
      { key: 'net.ipv4.tcp_tw_recycle', value: 1 },
      { key: 'net.ipv4.tcp_fin_timeout', value: 20 },
      { key: 'net.ipv4.tcp_syn_retries', value: '3 # trailing comment' },
      { key: 'net.ipv4.conf.*.rp_filter', value: 2 },
      { key: 'net.ipv4.tcp_keepalive_probes', value: '5 \\' },
    ],
    invalidLines: [
      { line: 7, text: '  6' },
      { line: 9, text: 'this line has no equals' },
    ],
  });
  assert.deepEqual(
    result.findings.map((f) => `${f.rule}:${f.line}`),
    ['invalid-syntax:7', 'invalid-syntax:9', 'tw-recycle:2', 'continuation-line:6', 'inline-comment:4', 'shadowed-assignment:1'],
  );
});

test('a comment that breaks a value: invalid-value says it is rejected, inline-comment says why', () => {
  const result = run([invalidValue, inlineComment], { config: [{ key: 'net.ipv4.ip_local_reserved_ports', value: '8080 # admin' }] });
  assert.deepEqual(
    result.findings.map((f) => [f.rule, f.severity, f.column]),
    // Both errors: the line is rejected (docs/review.md#severity).
    [
      ['inline-comment', 'error', 41],
      ['invalid-value', 'error', 36],
    ],
  );
});

test('every message template is filled: no "{placeholder}" is left in any finding', () => {
  const specs: (FactsSpec & { atLeast: number })[] = [
    {
      kernel: '6.8',
      config: [
        { key: 'net.ipv4.tcp_fin_timout', value: 30 },
        { key: 'kernel.sysrq', value: 1 },
        { key: 'net.ipv4.tcp_tw_reuse_delay', value: 1000 },
        { key: 'net.ipv4.tcp_syn_retries', value: 0 },
        { key: 'net.ipv4.tcp_synack_retries', value: '1 # fast' },
        { key: 'net.ipv4.tcp_fin_timeout', value: 30, comment: 'TIME_WAIT' },
        { key: 'net.ipv4.tcp_fin_timeout', value: 65 },
        { key: 'net.ipv4.tcp_keepalive_probes', value: '5 \\' },
        { key: 'net.ipv4.tcp_tw_reuse', value: 1 },
        { key: 'net.ipv4.tcp_timestamps', value: 0 },
        { key: 'net.ipv4.tcp_abort_on_overflow', value: 1 },
        { key: 'net.ipv4.tcp_max_tw_buckets', value: 5000 },
        { key: 'net.ipv4.tcp_syncookies', value: 2 },
        { key: 'net.ipv4.tcp_max_syn_backlog', value: 65535 },
        { key: 'net.core.somaxconn', value: 128 },
        { key: 'kernel.core_pattern', value: 'core # x' },
      ],
      invalidLines: [{ line: 9, text: '6' }],
      live: { 'net.ipv4.tcp_fin_timeout': 60, 'net.ipv4.tcp_syn_retries': 6 },
      counters: { ListenOverflows: 3, TCPReqQFullDrop: 1 },
      atLeast: 15,
    },
    {
      kernel: '4.9',
      live: {
        'net.ipv4.tcp_syncookies': 0,
        'net.ipv4.tcp_syn_retries': 8,
        'net.ipv4.tcp_synack_retries': 0,
        'net.ipv4.tcp_tw_reuse': 1,
        'net.ipv4.tcp_timestamps': 0,
      },
      atLeast: 5,
    },
    {
      kernel: '6.19',
      config: [
        { key: 'net.ipv4.tcp_syncookies', value: 3 },
        { key: 'net.ipv4.tcp_new_thing', value: 1 },
      ],
      atLeast: 2,
    },
  ];
  for (const spec of specs) {
    const result = run(CONFIG_RULES, spec);
    assert.ok(result.findings.length >= spec.atLeast, `${spec.kernel}: ${result.findings.length} findings`);
    for (const finding of result.findings) assert.doesNotMatch(wholeText(finding), /\{\w+\}/, `${finding.rule}: ${finding.message}`);
  }
});

test('the same change proposed by many lines: one change, its reason said once', () => {
  const line = { key: 'net.ipv4.tcp_tw_recycle', value: 1 };
  const once = run([twRecycle], { config: [line] });
  const thrice = run([twRecycle], { config: [line, line, line] });
  assert.equal(thrice.findings.length, 3);
  assert.equal(thrice.changes.length, 1);
  assert.ok(once.changes[0]!.why.length > 20);
  assert.equal(thrice.changes[0]!.why, once.changes[0]!.why);
});
