/**
 * Glob expansion of keys (glob(3) semantics, one path component at a time). The differential
 * test checks the same patterns against procps on the real /proc/sys.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareBytewise, isGlob, KeyIndex, matchComponent } from '../../src/config/index.js';

const MATCHES: readonly (readonly [pattern: string, name: string, expected: boolean])[] = [
  ['*', 'eth0', true],
  ['*', '', true],
  ['e*', 'eth0', true],
  ['*0', 'eth0', true],
  ['*t*', 'eth0', true],
  ['x*', 'eth0', false],
  ['?o', 'lo', true],
  ['?o', 'loo', false],
  ['[ad]*', 'all', true],
  ['[ad]*', 'default', true],
  ['[ad]*', 'lo', false],
  ['[!a]*', 'all', false],
  ['[!a]*', 'lo', true],
  ['[^a]*', 'lo', true],
  ['[a-e]*', 'default', true],
  ['[a-e]*', 'lo', false],
  ['[[:lower:]]*', 'lo', true],
  ['[[:digit:]]*', 'lo', false],
  ['[]]', ']', true],
  ['[lo', '[lo', true],
  ['[lo', 'lo', false],
  ['\\l*', 'lo', true],
  ['\\*', '*', true],
  ['\\*', 'lo', false],
  ['*', '.hidden', false],
  ['.*', '.hidden', true],
  ['a*b*c*d*e*f*g*h*i*j*k', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
];

for (const [pattern, name, expected] of MATCHES) {
  test(`glob component ${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(name)}`, () => {
    assert.equal(matchComponent(pattern, name), expected);
  });
}

const KEYS = [
  'net/ipv4/conf/all/rp_filter',
  'net/ipv4/conf/default/rp_filter',
  'net/ipv4/conf/lo/rp_filter',
  'net/ipv4/conf/eth0.100/rp_filter',
  'net/ipv4/conf/lo/accept_local',
  'net/ipv4/tcp_fin_timeout',
  'net.core.somaxconn',
  '/proc/sys/kernel/pid_max',
];

test('a key index takes any spelling and expands patterns per component, sorted bytewise', () => {
  const index = new KeyIndex(KEYS);
  assert.equal(index.size, 8);
  assert.ok(index.has('net/core/somaxconn'));
  assert.ok(index.has('kernel/pid_max'));
  assert.deepEqual(index.expand('net/ipv4/conf/*/rp_filter'), [
    'net/ipv4/conf/all/rp_filter',
    'net/ipv4/conf/default/rp_filter',
    'net/ipv4/conf/eth0.100/rp_filter',
    'net/ipv4/conf/lo/rp_filter',
  ]);
  assert.deepEqual(index.expandToKeys('net/ipv4/conf/*/rp_filter')[2], 'net.ipv4.conf.eth0/100.rp_filter');
  // "*" never crosses "/".
  assert.deepEqual(index.expand('net/ipv4/*'), ['net/ipv4/tcp_fin_timeout']);
  assert.deepEqual(index.expand('net/*/tcp_fin_timeout'), ['net/ipv4/tcp_fin_timeout']);
  assert.deepEqual(index.expand('net/ipv4/conf/nomatch*/rp_filter'), []);
  assert.deepEqual(index.expand('net/ipv4/conf/*/'), []);
});

test('glob characters are the ones both tools test for', () => {
  assert.ok(isGlob('net.ipv4.conf.*.rp_filter'));
  assert.ok(isGlob('net.ipv4.conf.?o.rp_filter'));
  assert.ok(isGlob('net.ipv4.conf.[lo.rp_filter'));
  assert.ok(!isGlob('net.ipv4.conf.lo.rp_filter'));
  assert.ok(!isGlob('net.ipv4.conf.\\lo.rp_filter'));
});

test('bytewise order is strcmp order', () => {
  const names = ['a.conf', '_.conf', 'A.conf', '.conf', '10-x.conf', '99-z.conf', 'é.conf'];
  assert.deepEqual([...names].sort(compareBytewise), ['.conf', '10-x.conf', '99-z.conf', 'A.conf', '_.conf', 'a.conf', 'é.conf']);
});
