/** Facts from assignments in order: the last line for a key wins and shadows the earlier ones; live values join per key. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyStates } from '../../src/facts/assemble.js';
import { configFactsInOrder } from '../../src/facts/from-assignments.js';
import type { ConfigAssignment } from '../../src/facts/types.js';

const line = (key: string, value: string, lineNumber: number): ConfigAssignment => ({
  file: '/etc/sysctl.d/50-a.conf',
  line: lineNumber,
  keyColumn: 1,
  valueColumn: key.length + 4,
  key,
  keyAsWritten: key,
  value,
  commentAbove: [],
});

test('the last assignment of a key wins; the earlier ones are shadowed, in order', () => {
  const first = line('net.ipv4.tcp_fin_timeout', '30', 1);
  const second = line('net.ipv4.tcp_fin_timeout', '20', 2);
  const third = line('net.ipv4.tcp_fin_timeout', '10', 3);
  const other = line('net.core.somaxconn', '4096', 4);
  const config = configFactsInOrder('procps', [first, second, other, third]);
  assert.equal(config.keys.get('net.ipv4.tcp_fin_timeout')?.configured, third);
  assert.deepEqual(config.keys.get('net.ipv4.tcp_fin_timeout')?.shadowed, [first, second]);
  assert.deepEqual(config.keys.get('net.core.somaxconn')?.shadowed, []);
  assert.equal(config.assignments.length, 4);
});

test('keyStates joins live values to the config lines, and says whether anything live was read', () => {
  const config = configFactsInOrder('procps', [line('net.core.somaxconn', '4096', 1)]);
  const provenance = { file: '/proc/sys/net/core/somaxconn', line: 1 };
  const { keys, liveRead } = keyStates(config, {
    'net.core.somaxconn': { status: 'present', value: { value: '128', raw: '128\n' }, provenance },
    'net.ipv4.tcp_syncookies': { status: 'missing', file: '/proc/sys/net/ipv4/tcp_syncookies' },
  });
  assert.equal(liveRead, true);
  assert.equal(keys.get('net.core.somaxconn')?.live, '128');
  assert.equal(keys.get('net.core.somaxconn')?.configured?.value, '4096');
  assert.equal(keys.has('net.ipv4.tcp_syncookies'), false);
  assert.equal(keyStates(config, {}).liveRead, false);
});
