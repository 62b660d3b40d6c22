import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { readSocketDump } from '../../src/readers/socket-dump.js';
import { InputError } from '../../src/util/errors.js';

const HEADER4 = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'.padEnd(149);
const HEADER6 =
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const row4 = (sl: number, local: string, remote: string, st: string, rxQueue = '00000000', timer = '00:00000000') =>
  `${String(sl).padStart(4)}: ${local} ${remote} ${st} 00000000:${rxQueue} ${timer} 00000000     0        0 4242 1 0000000012345678 20 4 0 10 -1`.padEnd(
    149,
  );
const row6 = (sl: number, local: string, remote: string, st: string, rxQueue = '00000000', timer = '00:00000000') =>
  `${String(sl).padStart(4)}: ${local} ${remote} ${st} 00000000:${rxQueue} ${timer} 00000000     0        0 4242 1 0000000012345678 20 4 0 10 -1`;
const V6_LOOP = '00000000000000000000000001000000';
const V6_ANY = '00000000000000000000000000000000';

const read = (lines: string[]) => readSocketDump(`${lines.join('\n')}\n`, { format: 'proc-net-tcp', name: 'tcp.txt' });

test('states, families, listeners, remote grouping and minisocks from /proc/net/tcp rows', () => {
  const cases: { name: string; lines: string[]; check: (s: ReturnType<typeof read>) => void }[] = [
    {
      name: 'a listener with 3 queued (rx_queue), backlog unknown',
      lines: [HEADER4, row4(0, '0100007F:2382', '00000000:0000', '0A', '00000003')],
      check: (s) => {
        assert.equal(s.byState.LISTEN.ipv4, 1);
        assert.deepEqual(s.listeners[0], { family: 'ipv4', address: '127.0.0.1', port: 9090, queue: 3, backlog: null, fill: null });
      },
    },
    {
      name: 'TIME_WAIT to 10.9.0.2:80 grouped by remote and local port',
      lines: [
        HEADER4,
        row4(0, '0500090A:D722', '0200090A:0050', '06', '00000000', '03:000016CF'),
        row4(1, '0500090A:D723', '0200090A:0050', '06', '00000000', '03:000016CF'),
      ],
      check: (s) => {
        assert.equal(s.byState.TIME_WAIT.total, 2);
        assert.deepEqual(s.byRemote.TIME_WAIT, [{ family: 'ipv4', address: '10.9.0.2', port: 80, count: 2 }]);
        assert.deepEqual(s.byLocalPort.TIME_WAIT, [
          { port: 55074, count: 1 },
          { port: 55075, count: 1 },
        ]);
        assert.equal(s.destinations[0]!.sockets, 2);
        assert.equal(s.destinations[0]!.shareOfUsablePorts, 2 / 28232);
        assert.equal(s.timewaitMinisocks, 2);
      },
    },
    {
      name: 'an orphaned FIN_WAIT2 minisock (timer 03) counts in timewaitMinisocks; a full one does not',
      lines: [
        HEADER4,
        row4(0, '0100007F:8136', '0100007F:1F90', '05', '00000000', '03:00000B03'),
        row4(1, '0100007F:813C', '0100007F:1F90', '05'),
      ],
      check: (s) => {
        assert.equal(s.byState.FIN_WAIT2.total, 2);
        assert.equal(s.orphanedFinWait2, 1);
        assert.equal(s.timewaitMinisocks, 1);
      },
    },
    {
      name: 'NEW_SYN_RECV (0C) is shown as SYN_RECV',
      lines: [HEADER4, row4(0, '0100007F:1F90', '0500090A:E08D', '0C'), row4(1, '0100007F:1F90', '0500090A:E08E', '03')],
      check: (s) => assert.equal(s.byState.SYN_RECV.total, 2),
    },
    {
      name: 'IPv6 rows: ::1 listener and TIME_WAIT',
      lines: [
        HEADER6,
        row6(0, `${V6_LOOP}:20FB`, `${V6_ANY}:0000`, '0A'),
        row6(1, `${V6_LOOP}:B1D0`, `${V6_LOOP}:20FB`, '06', '00000000', '03:0000175C'),
      ],
      check: (s) => {
        assert.deepEqual(s.total, { ipv4: 0, ipv6: 2, total: 2 });
        assert.equal(s.listeners[0]!.address, '::1');
        assert.equal(s.listeners[0]!.port, 8443);
        assert.deepEqual(s.byRemote.TIME_WAIT, [{ family: 'ipv6', address: '::1', port: 8443, count: 1 }]);
      },
    },
    {
      name: 'sockets on a listening port are inbound: grouped by local port, not by remote',
      lines: [
        HEADER4,
        row4(0, '00000000:01BB', '00000000:0000', '0A'),
        row4(1, '0500090A:01BB', '0B00090A:C350', '01'),
        row4(2, '0500090A:8000', '0B00090A:01BB', '01'),
      ],
      check: (s) => {
        assert.equal(s.byState.ESTABLISHED.total, 2);
        assert.deepEqual(s.byRemote.ESTABLISHED, [{ family: 'ipv4', address: '10.9.0.11', port: 443, count: 1 }]);
        assert.equal(s.grouping.inboundExcluded, 1);
        assert.deepEqual(s.byLocalPort.ESTABLISHED, [
          { port: 443, count: 1 },
          { port: 32768, count: 1 },
        ]);
      },
    },
    {
      name: 'headerless, tcp and tcp6 concatenated (a second header mid-file), CRLF line ends, row numbers past 9999',
      lines: [
        row4(0, '0100007F:1F90', '00000000:0000', '0A') + '\r',
        HEADER6,
        row6(12345, `${V6_LOOP}:B1D0`, `${V6_LOOP}:20FB`, '01'),
        row4(1234567, '0100007F:8128', '0100007F:1F90', '01'),
      ],
      check: (s) => assert.deepEqual(s.total, { ipv4: 2, ipv6: 1, total: 3 }),
    },
  ];
  for (const { name, lines, check } of cases) {
    try {
      check(read(lines));
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
    }
  }
});

test('malformed rows are InputErrors naming the file and line', () => {
  const cases: [string[], number, RegExp][] = [
    [[HEADER4, 'garbage'], 2, /no "N:" row number/],
    [
      [HEADER4, row4(0, '0100007F:1F90', '00000000:0000', '0A'), row4(1, '0100007F:1F90', '00000000:0000', '0D')],
      3,
      /state 0D is not a TCP state code/,
    ],
    [[HEADER4, row4(0, '0100007G:1F90', '00000000:0000', '0A')], 2, /not hexadecimal/],
    [[HEADER4, '   0: 0100007F:1F90 00000000:0000 0A'], 2, /not at the columns/],
  ];
  for (const [lines, line, message] of cases) {
    assert.throws(
      () => read(lines),
      (error: unknown) =>
        error instanceof InputError && error.location?.file === 'tcp.txt' && error.location.line === line && message.test(error.message),
      message.source,
    );
  }
});

/** Measured on 6.18 with docs/kernel/evidence/scripts/states.py (docs/kernel/evidence/README.md). */
const SAMPLE = fileURLToPath(new URL('../../../docs/kernel/evidence/states_sample.txt', import.meta.url));

test('the measured sample (docs/kernel/evidence/states_sample.txt, kernel 6.18) decodes as ss showed it', () => {
  const proc = /\$ cat \/proc\/net\/tcp\n([\s\S]*?)\n\n/.exec(readFileSync(SAMPLE, 'utf8'))![1]!;
  const summary = readSocketDump(proc, { format: 'proc-net-tcp' });
  assert.deepEqual(
    Object.fromEntries(
      Object.entries(summary.byState)
        .filter(([, c]) => c.total > 0)
        .map(([s, c]) => [s, c.total]),
    ),
    { ESTABLISHED: 4, SYN_SENT: 1, FIN_WAIT2: 2, TIME_WAIT: 1, CLOSE_WAIT: 2, LISTEN: 1 },
  );
  assert.equal(summary.timewaitMinisocks, 2); // sockstat said tw 2
  assert.equal(summary.listeners[0]!.queue, 1);
});
