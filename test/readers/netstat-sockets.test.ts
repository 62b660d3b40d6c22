import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSocketDump } from '../../src/readers/socket-dump.js';
import { InputError } from '../../src/util/errors.js';

test('netstat -nat / -ant / -antp / -tano rows, tcp and tcp6', () => {
  const text = [
    'Active Internet connections (servers and established)',
    'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name     Timer',
    'tcp        3      0 127.0.0.1:9090          0.0.0.0:*               LISTEN      16128/python3        off (0.00/0/0)',
    'tcp        0      0 127.0.0.1:35132         127.0.0.1:8080          FIN_WAIT2   -                    timewait (59.67/0/0)',
    'tcp        0      0 127.0.0.1:35100         127.0.0.1:8080          FIN_WAIT2   16128/nginx: worker  off (0.00/0/0)',
    'tcp        0      0 127.0.0.1:35048         127.0.0.1:8080          TIME_WAIT   -                    timewait (59.36/0/0)',
    'tcp6       0      0 :::8081                 :::*                    LISTEN      16128/python3        off (0.00/0/0)',
    'tcp6       0      0 ::1:52718               ::1:8443                TIME_WAIT   -                    timewait (59.61/0/0)',
    'tcp6       0      0 ::ffff:127.0.0.1:80     ::ffff:127.0.0.1:41000  ESTABLISHED 1/init               off (0.00/0/0)',
    'udp        0      0 0.0.0.0:68              0.0.0.0:*                           1/init               off (0.00/0/0)',
    'Active UNIX domain sockets (servers and established)',
    'Proto RefCnt Flags       Type       State         I-Node   Path',
    'unix  2      [ ACC ]     STREAM     LISTENING     12345    /run/x.sock',
  ].join('\n');
  const s = readSocketDump(text, { name: 'netstat.txt' });
  assert.equal(s.sources[0]!.format, 'netstat');
  assert.deepEqual(s.total, { ipv4: 4, ipv6: 3, total: 7 });
  assert.equal(s.byState.FIN_WAIT2.total, 2);
  assert.equal(s.orphanedFinWait2, 1);
  assert.equal(s.timewaitMinisocks, 3);
  assert.deepEqual(
    s.listeners.map((l) => [l.address, l.port, l.queue, l.backlog]),
    [
      ['127.0.0.1', 9090, 3, null],
      ['::', 8081, 0, null],
    ],
  );
  assert.deepEqual(s.byRemote.TIME_WAIT, [
    { family: 'ipv4', address: '127.0.0.1', port: 8080, count: 1 },
    { family: 'ipv6', address: '::1', port: 8443, count: 1 },
  ]);
});

test('headerless netstat rows; without -o, minisocks are unknown when FIN_WAIT2 rows exist', () => {
  const s = readSocketDump('tcp 0 0 10.0.0.1:40000 10.0.0.2:443 FIN_WAIT2\ntcp 0 0 10.0.0.1:40001 10.0.0.2:443 ESTABLISHED\n');
  assert.equal(s.sources[0]!.format, 'netstat');
  assert.equal(s.timewaitMinisocks, null);
});

test('netstat errors name the line', () => {
  assert.throws(
    () =>
      readSocketDump('Proto Recv-Q Send-Q Local Address Foreign Address State\ntcp 0 0 localhost:ssh 10.0.0.9:51000 ESTABLISHED\n', {
        name: 'n.txt',
      }),
    (e: unknown) => e instanceof InputError && e.location?.line === 2 && /netstat with -n/.test(e.message),
  );
  assert.throws(
    () =>
      readSocketDump('Proto Recv-Q Send-Q Local Address Foreign Address State\ntcp 0 0 10.0.0.1:1 10.0.0.9:2 WEIRD\n', { name: 'n.txt' }),
    (e: unknown) => e instanceof InputError && e.location?.line === 2 && /"WEIRD" is not a TCP state/.test(e.message),
  );
});
