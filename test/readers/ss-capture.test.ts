/**
 * The ss capture (ss -tanpo state listening state close-wait): parsed from real ss output of a
 * namespace, and checked against ss itself; a bundle's copy and the live run read the same.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseSsCapture, readSsCapture, SS_CAPTURE_FILE } from '../../src/readers/ss-capture.js';
import { scanProcNetTcp } from '../../src/readers/proc-net-tcp.js';
import { SocketTally } from '../../src/sockets/tally.js';
import { InputError } from '../../src/util/errors.js';
import { inNetns, requireNetns } from '../helpers/netns.js';

const CAPTURE = [
  'State      Recv-Q Send-Q Local Address:Port  Peer Address:Port Process',
  'LISTEN     5      4          127.0.0.1:9000       0.0.0.0:*     users:(("python3",pid=6670,fd=3))',
  'LISTEN     0      511      [::ffff:127.0.0.1]:8443   *:*        users:(("nginx",pid=812,fd=6),("nginx",pid=813,fd=6))',
  'LISTEN     0      128        127.0.0.1%lo:7070     0.0.0.0:*',
  'CLOSE-WAIT 1      0          127.0.0.1:9000     127.0.0.1:59410',
  'CLOSE-WAIT 0      0          127.0.0.1:9000     127.0.0.1:59404 users:(("python3",pid=6670,fd=7))',
  'CLOSE-WAIT 0      0          127.0.0.1:9000     127.0.0.1:59396 users:(("python3",pid=6670,fd=8)) timer:(keepalive,59sec,0)',
  'CLOSE-WAIT 0      0          10.0.0.1:41000     10.0.0.2:6379  users:(("redis-cli",pid=90,fd=4))',
  '',
].join('\n');

test('listeners with backlog and process; CLOSE-WAIT by process and local port', () => {
  const capture = parseSsCapture(CAPTURE, 'ss.txt');
  assert.deepEqual(capture.listeners, [
    { family: 'ipv4', address: '127.0.0.1', port: 9000, queue: 5, backlog: 4, process: 'python3 (pid 6670)' },
    { family: 'ipv6', address: '::ffff:127.0.0.1', port: 8443, queue: 0, backlog: 511, process: 'nginx (pid 812) and 1 more' },
    { family: 'ipv4', address: '127.0.0.1', interface: 'lo', port: 7070, queue: 0, backlog: 128 },
  ]);
  assert.equal(capture.closeWait, 4);
  assert.equal(capture.closeWaitWithoutProcess, 1, 'one still in the accept queue: no process yet');
  assert.deepEqual(capture.closeWaitHolders, [
    { process: 'python3 (pid 6670)', count: 2, localPorts: [{ port: 9000, count: 2 }] },
    { process: 'redis-cli (pid 90)', count: 1, localPorts: [{ port: 41000, count: 1 }] },
  ]);
  assert.equal(capture.processesShown, true);
  assert.equal(
    parseSsCapture('LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\n', 'x').processesShown,
    false,
    'headerless, no -p (a user sees no other process)',
  );
});

test('a line that is not ss output is an InputError at its line', () => {
  assert.throws(
    () => parseSsCapture('State Recv-Q Send-Q Local Address:Port Peer Address:Port\nLISTEN x 4 127.0.0.1:9000 0.0.0.0:*\n', 'b/ss.txt'),
    (error: unknown) => error instanceof InputError && /b\/ss\.txt:2: not an ss -tan row/.test(error.oneLine()),
  );
  assert.throws(() => parseSsCapture('hello world\n', 'c'), InputError);
  // A Netid column and nothing after it (found by the fuzzer).
  assert.throws(
    () => parseSsCapture('tcp\n', 'd'),
    (error: unknown) => error instanceof InputError && /d:1: not an ss -tan row/.test(error.oneLine()),
  );
});

test('a bundle without the capture reads as missing; with it, as the live run reads', () => {
  const root = mkdtempSync(join(tmpdir(), 'ss-capture-'));
  try {
    assert.equal(readSsCapture(root).status, 'missing');
    mkdirSync(join(root, 'ss'));
    writeFileSync(join(root, SS_CAPTURE_FILE), CAPTURE);
    const read = readSsCapture(root);
    assert.equal(read.status, 'present');
    assert.deepEqual(read.status === 'present' ? read.value : undefined, parseSsCapture(CAPTURE, 'x'));
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('live: ss run by the reader agrees with ss -ltn, and /proc/net/tcp counts the keepalive timer ss -o shows', (t) => {
  if (!requireNetns(t)) return;
  // A listener with backlog 3 holding 2 connections, one of them with SO_KEEPALIVE.
  const script = `
ip link set lo up
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 9100)); s.listen(3)
a = socket.create_connection(("127.0.0.1", 9100)); a.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
b = socket.create_connection(("127.0.0.1", 9100))
print("READY", flush=True); time.sleep(30)' > /tmp/ss-capture-ready.$$ &
i=0; until grep -q READY /tmp/ss-capture-ready.$$; do i=$((i + 1)); [ $i -ge 200 ] && exit 1; sleep 0.05; done
rm -f /tmp/ss-capture-ready.$$
echo @@@ltn; ss -Hltn 'sport = :9100'
echo @@@keepalive; ss -Htano state established | grep -c 'timer:(keepalive'
echo @@@tcp; cat /proc/net/tcp
echo @@@capture; ss -tanpo state listening state close-wait
kill $!`;
  const output = inNetns(script, { timeoutMs: 30_000 });
  const section = (name: string) => new RegExp(`@@@${name}\\n([\\s\\S]*?)(?=@@@|$)`).exec(output)![1]!;
  const [, queue, backlog] = section('ltn').trim().split(/\s+/);
  const capture = parseSsCapture(section('capture'), 'live');
  const listener = capture.listeners.find((l) => l.port === 9100)!;
  assert.deepEqual([listener.queue, listener.backlog], [Number(queue), Number(backlog)]);
  assert.equal(listener.backlog, 3);
  assert.match(listener.process ?? '', /^python3 \(pid \d+\)$/);
  const tally = new SocketTally();
  scanProcNetTcp({ kind: 'buffer', data: Buffer.from(section('tcp')), name: 'tcp' }, tally);
  assert.equal(tally.keepaliveEstablished, Number(section('keepalive').trim()));
  assert.equal(tally.keepaliveEstablished, 1);
});
