import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSocketDump } from '../../src/readers/socket-dump.js';
import type { SocketSummary } from '../../src/snapshot/types.js';
import { InputError, UsageError } from '../../src/util/errors.js';

const nonZero = (s: SocketSummary) =>
  Object.fromEntries(
    Object.entries(s.byState)
      .filter(([, c]) => c.total > 0)
      .map(([k, c]) => [k, c.total]),
  );

test('ss -tan variants', () => {
  const cases: { name: string; text: string; state?: 'TIME_WAIT'; check: (s: SocketSummary) => void }[] = [
    {
      name: 'with header; LISTEN Recv-Q/Send-Q = queue/backlog',
      text: [
        'State      Recv-Q Send-Q Local Address:Port  Peer Address:Port Process',
        'LISTEN     3      2          127.0.0.1:9090       0.0.0.0:*',
        'ESTAB      0      0          127.0.0.1:46576    127.0.0.1:9090',
      ].join('\n'),
      check: (s) => {
        assert.deepEqual(nonZero(s), { ESTABLISHED: 1, LISTEN: 1 });
        assert.deepEqual(s.listeners[0], { family: 'ipv4', address: '127.0.0.1', port: 9090, queue: 3, backlog: 2, fill: 1.5 });
      },
    },
    {
      name: 'headerless (-H)',
      text: 'ESTAB 0 0 10.0.0.1:40000 10.0.0.2:443\nTIME-WAIT 0 0 10.0.0.1:40001 10.0.0.2:443\n',
      check: (s) => assert.deepEqual(s.byRemote.TIME_WAIT, [{ family: 'ipv4', address: '10.0.0.2', port: 443, count: 1 }]),
    },
    {
      name: 'IPv6 [::1]:8443, [::]:* and the dual-stack "*" wildcard',
      text: [
        'State     Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess',
        'LISTEN    0      8              [::1]:8443          [::]:*',
        'LISTEN    0      4                  *:8081             *:*',
        'TIME-WAIT 0      0              [::1]:45520        [::1]:8443',
      ].join('\n'),
      check: (s) => {
        assert.deepEqual(s.total, { ipv4: 0, ipv6: 3, total: 3 });
        assert.deepEqual(s.byRemote.TIME_WAIT, [{ family: 'ipv6', address: '::1', port: 8443, count: 1 }]);
        assert.deepEqual(
          s.listeners.map((l) => `${l.address} ${l.port}`),
          [':: 8081', '::1 8443'], // equally empty: by port
        );
      },
    },
    {
      name: '%iface scopes, IPv4 and IPv6',
      text: [
        'State  Recv-Q Send-Q Local Address:Port Peer Address:Port',
        'LISTEN 0      4       127.0.0.1%lo:7070      0.0.0.0:*',
        'ESTAB  0      0       [fe80::1%eth0]:22   [fe80::2%eth0]:50000',
        'ESTAB  0      0       [fe80::1]%eth0:22   [fe80::3]%eth0:50001',
      ].join('\n'),
      check: (s) => {
        assert.equal(s.listeners[0]!.interface, 'lo');
        assert.equal(s.byState.ESTABLISHED.ipv6, 2);
      },
    },
    {
      name: 'ss -tan state time-wait: no State column, the state comes from --state',
      text: 'Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n0      0          127.0.0.1:33088    127.0.0.1:8080\n0 0 [::1]:45520 [::1]:8443\n',
      state: 'TIME_WAIT',
      check: (s) => assert.deepEqual(s.byState.TIME_WAIT, { ipv4: 1, ipv6: 1, total: 2 }),
    },
    {
      name: 'headerless state-filtered output with --state',
      text: '0 0 127.0.0.1:33088 127.0.0.1:8080\n',
      state: 'TIME_WAIT',
      check: (s) => assert.equal(s.byState.TIME_WAIT.total, 1),
    },
    {
      name: '-tanpie: users:(...), ino, sk, cgroup, and -i continuation lines (tab-indented, some blank)',
      text: [
        'State      Recv-Q Send-Q Local Address:Port  Peer Address:Port Process',
        'LISTEN     0      16         127.0.0.1:8080       0.0.0.0:*     users:(("python3",pid=16128,fd=3)) ino:69990 sk:2 cgroup:/ <->',
        '\t bbr cwnd:10',
        'FIN-WAIT-2 0      0          127.0.0.1:35132    127.0.0.1:8080  timer:(timewait,59sec,0) ino:0 sk:13',
        '\t                          ',
        'FIN-WAIT-2 0      0          127.0.0.1:35100    127.0.0.1:8080  users:(("nginx: worker",pid=17,fd=17)) ino:70017 sk:11 cgroup:/ <--',
        '\t ts sack bbr wscale:10,10 rto:204',
        'TIME-WAIT  0      0          127.0.0.1:35048    127.0.0.1:8080  timer:(timewait,59sec,0) ino:0 sk:c',
      ].join('\n'),
      check: (s) => {
        assert.deepEqual(nonZero(s), { FIN_WAIT2: 2, TIME_WAIT: 1, LISTEN: 1 });
        assert.equal(s.orphanedFinWait2, 1);
        assert.equal(s.timewaitMinisocks, 2);
      },
    },
    {
      name: 'without -o an orphaned FIN-WAIT-2 cannot be told apart: minisocks unknown',
      text: 'FIN-WAIT-2 0 0 127.0.0.1:35132 127.0.0.1:8080\nTIME-WAIT 0 0 127.0.0.1:35048 127.0.0.1:8080\n',
      check: (s) => {
        assert.equal(s.timewaitMinisocks, null);
        assert.equal(s.orphanedFinWait2, null);
      },
    },
    {
      name: 'a Netid column (ss -tuan): only tcp rows count',
      text: [
        'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
        'udp   UNCONN 0      0            0.0.0.0:68        0.0.0.0:*',
        'tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*',
        'tcp   ESTAB  0      36         10.0.0.5:22     10.0.0.9:51000',
      ].join('\n'),
      check: (s) => assert.deepEqual(nonZero(s), { ESTABLISHED: 1, LISTEN: 1 }),
    },
    {
      name: 'old ss (iproute2 3.x) IPv6 without brackets; UNCONN is CLOSE; UNKNOWN rows are skipped',
      text: 'State Recv-Q Send-Q Local Address:Port Peer Address:Port\nLISTEN 0 128 :::22 :::*\nESTAB 0 0 ::ffff:10.0.0.5:40000 ::ffff:10.0.0.9:443\nUNCONN 0 0 0.0.0.0:5000 0.0.0.0:*\nUNKNOWN 0 0 0.0.0.0:5001 0.0.0.0:*\n',
      check: (s) => {
        assert.deepEqual(nonZero(s), { ESTABLISHED: 1, CLOSE: 1, LISTEN: 1 });
        assert.equal(s.byState.LISTEN.ipv6, 1);
        assert.equal(s.byRemote.ESTABLISHED![0]!.address, '::ffff:10.0.0.9');
        assert.equal(s.skippedRows, 1);
      },
    },
  ];
  for (const { name, text, state, check } of cases) {
    try {
      check(readSocketDump(text, { name: 'ss.txt', ...(state ? { state } : {}) }));
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
    }
  }
});

test('ss input errors', () => {
  const cases: [string, RegExp, number | undefined][] = [
    [
      'Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n0 0 127.0.0.1:1 127.0.0.1:2\n',
      /without a State column.*--state X/,
      undefined,
    ],
    [
      'State Recv-Q Send-Q Local Address:Port Peer Address:Port\nESTAB 0 0 localhost:ssh example.com:https\n',
      /not a numeric address:port \(run ss with -n\)/,
      2,
    ],
    [
      'State Recv-Q Send-Q Local Address:Port Peer Address:Port\nESTAB 0 0 127.0.0.1:1 127.0.0.1:2\nWAITING 0 0 127.0.0.1:1 127.0.0.1:2\n',
      /"WAITING" is not an ss state/,
      3,
    ],
  ];
  for (const [text, message, line] of cases) {
    assert.throws(
      () => readSocketDump(text, { name: 'ss.txt' }),
      (error: unknown) =>
        error instanceof InputError && message.test(error.message) && error.location?.file === 'ss.txt' && error.location.line === line,
      message.source,
    );
  }
  assert.throws(() => readSocketDump('ESTAB 0 0 127.0.0.1:1 127.0.0.1:2\n', { state: 'TIME_WAIT' }), UsageError);
});
