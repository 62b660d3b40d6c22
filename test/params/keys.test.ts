import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalKey, keyToProcPath } from '../../src/params/keys.js';
import { resolveParam, suggestKeys } from '../../src/params/lookup.js';
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
