/**
 * Real captures (test/fixtures/dumps, re-made by capture.sh from sockets held in a network
 * namespace): every socket format must give the counts ss counted at capture time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { readSocketDump } from '../../src/readers/socket-dump.js';
import { readCounterFile } from '../../src/readers/proc-counters.js';
import { catalogueReadings, readSysctlDump } from '../../src/readers/sysctl-dump.js';
import type { SocketSummary } from '../../src/snapshot/types.js';

export const DUMPS = fileURLToPath(new URL('../../../test/fixtures/dumps/', import.meta.url));
const SS_TO_STATE: Record<string, string> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  LISTEN: 'LISTEN',
};

function expected(): { states: Record<string, number>; tw: number } {
  const states: Record<string, number> = {};
  let tw = -1;
  for (const line of readFileSync(`${DUMPS}expected-counts.txt`, 'utf8').trim().split('\n')) {
    const [name, count] = line.split(' ');
    if (name === 'sockstat-tw') tw = Number(count);
    else states[SS_TO_STATE[name!] ?? name!] = Number(count);
  }
  return { states, tw };
}

const nonZero = (s: SocketSummary) =>
  Object.fromEntries(
    Object.entries(s.byState)
      .filter(([, c]) => c.total > 0)
      .map(([k, c]) => [k, c.total]),
  );
const file = (name: string) => ({ kind: 'file' as const, path: `${DUMPS}${name}`, name });

test('ss -tan, -tano, -tanpie, -Htan, netstat -nat, -tanop and /proc/net/tcp+tcp6 captures agree with ss', () => {
  const want = expected();
  const procBoth = readFileSync(`${DUMPS}proc-net-tcp.txt`, 'utf8') + readFileSync(`${DUMPS}proc-net-tcp6.txt`, 'utf8');
  const readings: [string, SocketSummary][] = [
    ['ss-tan.txt', readSocketDump(file('ss-tan.txt'))],
    ['ss-tano.txt', readSocketDump(file('ss-tano.txt'))],
    ['ss-tanpie.txt', readSocketDump(file('ss-tanpie.txt'))],
    ['ss-Htan.txt', readSocketDump(file('ss-Htan.txt'))],
    ['netstat-nat.txt', readSocketDump(file('netstat-nat.txt'))],
    ['netstat-tanop.txt', readSocketDump(file('netstat-tanop.txt'))],
    ['proc tcp+tcp6', readSocketDump(procBoth, { name: 'proc' })],
  ];
  for (const [name, summary] of readings) {
    assert.deepEqual(nonZero(summary), want.states, name);
    assert.deepEqual(
      summary.byRemote.TIME_WAIT,
      [
        { family: 'ipv4', address: '127.0.0.1', port: 8080, count: 5 },
        { family: 'ipv6', address: '::1', port: 8443, count: 2 },
      ],
      name,
    );
    const full = summary.listeners.find((l) => l.port === 9090)!;
    assert.equal(full.queue, 3, name);
  }
  // Timers (ss -o, netstat -o) and /proc tell orphaned FIN_WAIT2 minisocks: the sockstat tw figure.
  for (const [name, summary] of readings.filter(([n]) => /tano|tanpie|tanop|proc/.test(n)))
    assert.equal(summary.timewaitMinisocks, want.tw, name);
  for (const [name, summary] of readings.filter(([n]) => /^(ss-tan|ss-Htan|netstat-nat)\.txt$/.test(n)))
    assert.equal(summary.timewaitMinisocks, null, name);
  // Only ss shows the backlog: the full queue (3 queued, backlog 2) is flagged.
  const ss = readings[0]![1].listeners.find((l) => l.port === 9090)!;
  assert.deepEqual([ss.backlog, ss.fill], [2, 1.5]);
  assert.equal(readings[0]![1].listeners.find((l) => l.port === 7070)!.interface, 'lo');
});

test('ss -tan state time-wait capture needs --state and then counts the TIME_WAIT sockets', () => {
  assert.throws(() => readSocketDump(file('ss-tan-state-time-wait.txt')), /--state X/);
  const summary = readSocketDump(file('ss-tan-state-time-wait.txt'), { state: 'TIME_WAIT' });
  assert.deepEqual(nonZero(summary), { TIME_WAIT: expected().states.TIME_WAIT });
});

test('sysctl -a capture (as an unprivileged user) and /proc/net/netstat capture', () => {
  const dump = readSysctlDump(file('sysctl-a.txt'));
  assert.ok(Object.keys(dump.unreadable).length > 0, 'permission-denied lines are recorded');
  const readings = catalogueReadings(dump);
  assert.equal(readings['net.ipv4.tcp_fin_timeout']!.status, 'present');
  assert.equal(readings['net.ipv4.tcp_max_orphans']!.status, 'missing'); // a child netns has no global keys
  const netstat = readCounterFile(file('proc-net-netstat.txt'));
  assert.equal(typeof netstat.TcpExt!.values.ListenOverflows, 'number');
  const snmp = readCounterFile(file('proc-net-snmp.txt'));
  assert.equal(snmp.Tcp!.values.MaxConn, -1);
});
