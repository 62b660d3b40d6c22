import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalKey, keyToProcPath } from '../../src/params/keys.js';
import { editDistance, resolveParam, suggestKeys } from '../../src/params/lookup.js';
import { compareKernelVersions, parseKernelVersion } from '../../src/kernel/version.js';

test('dots and slashes swap as sysctl.d(5) describes', () => {
  assert.equal(keyToProcPath('net.ipv4.tcp_fin_timeout'), 'net/ipv4/tcp_fin_timeout');
  assert.equal(keyToProcPath('net/ipv4/tcp_fin_timeout'), 'net/ipv4/tcp_fin_timeout');
  assert.equal(keyToProcPath('net.ipv4.conf.eth0/100.rp_filter'), 'net/ipv4/conf/eth0.100/rp_filter');
  assert.equal(canonicalKey('net/ipv4/conf/eth0.100/rp_filter'), 'net.ipv4.conf.eth0/100.rp_filter');
});

test('short names, full names and paths resolve to one entry', () => {
  for (const name of ['tcp_fin_timeout', 'net.ipv4.tcp_fin_timeout', 'net/ipv4/tcp_fin_timeout']) {
    assert.equal(resolveParam(name)?.key, 'net.ipv4.tcp_fin_timeout');
  }
  assert.equal(resolveParam('tcp_fin_timeoutx'), undefined);
});

test('did-you-mean finds typos', () => {
  assert.equal(suggestKeys('net.ipv4.tcp_fin_timout')[0], 'net.ipv4.tcp_fin_timeout');
  assert.equal(suggestKeys('somaxcon')[0], 'net.core.somaxconn');
  assert.equal(suggestKeys('syn_retries')[0], 'net.ipv4.tcp_syn_retries');
  assert.deepEqual(suggestKeys('kernel.pid_max'), []);
});

test('kernel versions compare numerically', () => {
  const v = (s: string) => parseKernelVersion(s)!;
  assert.ok(compareKernelVersions(v('4.9'), v('4.12')) < 0);
  assert.ok(compareKernelVersions(v('4.12'), v('6.5')) < 0);
  assert.ok(compareKernelVersions(v('6.18.44-fc-v657'), v('6.18')) > 0);
  assert.equal(parseKernelVersion('banana'), undefined);
});

/** The textbook table, nothing cut: what editDistance must agree with. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

test('editDistance: exact within the limit, above it past the limit (prefix, suffix and early stop change nothing)', () => {
  const table: [string, string][] = [
    ['', ''],
    ['', 'abc'],
    ['net.ipv4.tcp_fin_timout', 'net.ipv4.tcp_fin_timeout'],
    ['net.ipv4.tcp_syn_retires', 'net.ipv4.tcp_syn_retries'],
    ['net.ipv4.tcp_syn_retires', 'net.ipv4.tcp_synack_retries'],
    ['kitten', 'sitting'],
    ['abcabc', 'abc'],
    ['aaaa', 'aaab'],
    ['baaa', 'aaaa'],
    ['net.core.somaxconn', 'net.ipv4.tcp_max_syn_backlog'],
  ];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let n = 0; n < 400; n++) {
    const word = () => Array.from({ length: next() % 9 }, () => 'ab._'[next() % 4]).join('');
    const shared = word();
    table.push([shared + word() + shared, shared + word()]);
  }
  for (const [a, b] of table) {
    const exact = levenshtein(a, b);
    assert.equal(editDistance(a, b), exact, `${a} / ${b}`);
    for (const limit of [0, 1, 2, 3, 5]) {
      const bounded = editDistance(a, b, limit);
      if (exact <= limit) assert.equal(bounded, exact, `${a} / ${b} within ${limit}`);
      else assert.ok(bounded > limit, `${a} / ${b}: ${bounded} past ${limit} (exact ${exact})`);
    }
  }
});
