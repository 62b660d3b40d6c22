/**
 * review runs unknown-key once per distinct key and copies its reports to the other lines with
 * that key (src/review/per-key.ts). That is only right while the rule's reports depend on the key
 * alone: this test compares the adapter with a plain run on lines that repeat keys in different
 * files, indented differently, with a leading "-", on two kernels.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assembleFacts } from '../../src/facts/assemble.js';
import { KeyIndex, parseConfigText } from '../../src/config/index.js';
import { runEngine } from '../../src/engine/run.js';
import type { Rule } from '../../src/engine/types.js';
import { allKeyNames } from '../../src/params/key-database.js';
import { resolveContext } from '../../src/profiles/context.js';
import { configFacts } from '../../src/facts/from-files.js';
import { oncePerKey } from '../../src/review/per-key.js';
import { RULES } from '../../src/rules/index.js';

const A = [
  'net.ipv4.tcp_fin_timout = 30',
  'net.ipv4.tcp_tw_recycle = 1',
  '  net.ipv4.tcp_fin_timout = 31',
  'net.ipv4.tcp_syn_linear_timeouts = 4',
  'net.ipv4.tcp_fin_timeout = 30',
].join('\n');
const B = [
  '-net.ipv4.tcp_fin_timout = 30',
  'kernel.no_such_thing = 1',
  'net.ipv4.conf.eth0.100.rp_filter = 1',
  '\tnet.ipv4.tcp_fin_timout=2',
  'kernel.no_such_thing = 2',
].join('\n');

function run(rule: Rule, kernel: string) {
  const files = [
    { path: 'a.conf', file: parseConfigText(A, 'a.conf') },
    { path: 'b.conf', file: parseConfigText(B, 'b.conf') },
  ];
  const facts = assembleFacts({ config: configFacts('procps', files, [], new KeyIndex(allKeyNames())), kernelFlag: kernel });
  const profile = { name: 'none', summary: '', file: '', chain: [], targets: new Map(), context: {}, rules: {} };
  const findings = runEngine({ facts, profile, context: resolveContext({}, {}), rules: [rule] }).findings;
  return [...findings].sort((x, y) => (x.file ?? '').localeCompare(y.file ?? '') || (x.line ?? 0) - (y.line ?? 0));
}

for (const kernel of ['6.18', '4.9']) {
  test(`unknown-key once per key equals unknown-key on every line (kernel ${kernel})`, () => {
    const unknownKey = RULES.find((rule) => rule.meta.id === 'unknown-key')!;
    const plain = run(unknownKey, kernel);
    assert.ok(plain.length >= 6, `the fixture has repeated unknown keys: ${plain.length}`);
    assert.deepEqual(run(oncePerKey(unknownKey), kernel), plain);
  });
}
