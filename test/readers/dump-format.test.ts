import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectDumpFormat } from '../../src/readers/dump-format.js';
import { readSocketDump } from '../../src/readers/socket-dump.js';
import { InputError } from '../../src/util/errors.js';

test('the first line tells which tool printed a dump', () => {
  const cases: [string, string][] = [
    ['  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode', 'proc-net-tcp'],
    ['   0: 0100007F:1F90 00000000:0000 0A 00000000:00000001 00:00000000 00000000     0        0 213109 2', 'proc-net-tcp'],
    ['   1: 00000000000000000000000001000000:20FB 00000000000000000000000000000000:0000 0A 00000000:00000000', 'proc-net-tcp'],
    ['State      Recv-Q Send-Q Local Address:Port  Peer Address:Port Process', 'ss state'],
    ['Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process', 'ss netid state'],
    ['Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess', 'ss'],
    ['ESTAB      0      0          127.0.0.1:33064    127.0.0.1:8080', 'ss state'],
    ['TIME-WAIT 0 0 [::1]:52718 [::1]:8443', 'ss state'],
    ['tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*', 'ss netid state'],
    ['0      0          127.0.0.1:33088    127.0.0.1:8080', 'ss'],
    ['Active Internet connections (servers and established)', 'netstat'],
    ['Proto Recv-Q Send-Q Local Address           Foreign Address         State', 'netstat'],
    ['tcp6       0      0 ::1:8443                :::*                    LISTEN', 'netstat'],
    ['net.ipv4.tcp_fin_timeout = 60', 'sysctl'],
    ["sysctl: permission denied on key 'kernel.cad_pid'", 'sysctl'],
    ['TcpExt: SyncookiesSent SyncookiesRecv', 'proc-net-netstat'],
    ['hello world', 'unknown'],
  ];
  for (const [line, expected] of cases) {
    const detected = detectDumpFormat(`\n${line}\n`);
    const name =
      detected.kind === 'ss'
        ? ['ss', detected.layout.netid ? 'netid' : '', detected.layout.state ? 'state' : ''].filter(Boolean).join(' ')
        : detected.kind;
    assert.equal(name, expected, line);
  }
});

test('unrecognised input: one line naming the formats tried and the first line that did not fit', () => {
  assert.throws(
    () => readSocketDump('\n\nthis is not a socket table\nESTAB 0 0 1.2.3.4:5 6.7.8.9:10\n', { name: 'paste.txt' }),
    (error: unknown) =>
      error instanceof InputError &&
      error.oneLine() ===
        'paste.txt:3: unrecognised input (tried ss -tan, netstat -nat, /proc/net/tcp): this line fits none of them: "this is not a socket table"',
  );
  assert.throws(() => readSocketDump('net.core.somaxconn = 4096\n', { name: 'x' }), /this is sysctl -a output, not a socket table/);
  assert.throws(() => readSocketDump('', { name: 'x' }), /empty input/);
});

test('--input-format forces a reader (an empty ss -H output is fine then)', () => {
  assert.equal(readSocketDump('', { format: 'ss', name: 'x' }).total.total, 0);
  assert.throws(() => readSocketDump('ESTAB 0 0 1.2.3.4:5 6.7.8.9:10\n', { format: 'netstat', name: 'x' }), /not a netstat -nat row/);
});

test('readDump: every dump kind from its first lines', async () => {
  const { readDump } = await import('../../src/readers/dump.js');
  const buffer = (text: string) => ({ kind: 'buffer' as const, data: Buffer.from(text), name: 'paste' });
  const sockets = readDump(buffer('ESTAB 0 0 10.0.0.1:40000 10.0.0.2:443\n'));
  assert.ok(sockets.kind === 'sockets' && sockets.summary.byState.ESTABLISHED.total === 1);
  const sysctl = readDump(buffer("net.ipv4.tcp_fin_timeout = 30\nsysctl: permission denied on key 'kernel.cad_pid'\n"));
  assert.ok(sysctl.kind === 'sysctl' && sysctl.dump.values['net.ipv4.tcp_fin_timeout']!.value.value === '30');
  const counters = readDump(buffer('TcpExt: ListenOverflows\nTcpExt: 21\n'));
  assert.ok(counters.kind === 'counters' && counters.groups.TcpExt!.values.ListenOverflows === 21);
  assert.throws(() => readDump(buffer('what is this\n')), /tried ss -tan, netstat -nat, \/proc\/net\/tcp, sysctl -a, \/proc\/net\/netstat/);
});
