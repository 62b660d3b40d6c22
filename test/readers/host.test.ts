import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { CATALOGUE } from '../../src/params/catalogue.js';
import { readHostSnapshot } from '../../src/readers/host.js';

const DUMPS = fileURLToPath(new URL('../../../test/fixtures/dumps/', import.meta.url));

function bundleFromFixtures(): string {
  const root = mkdtempSync(join(tmpdir(), 'snapshot-'));
  const put = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const copy = (fixture: string, path: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    copyFileSync(join(DUMPS, fixture), join(root, path));
  };
  copy('proc-net-tcp.txt', 'proc/net/tcp');
  copy('proc-net-tcp6.txt', 'proc/net/tcp6');
  copy('sockstat.txt', 'proc/net/sockstat');
  copy('proc-net-netstat.txt', 'proc/net/netstat');
  copy('proc-net-snmp.txt', 'proc/net/snmp');
  put('proc/sys/net/ipv4/ip_local_port_range', '1024\t65535\n');
  put('proc/sys/net/ipv4/ip_local_reserved_ports', '8080,9000-9002\n');
  put('proc/sys/net/ipv4/tcp_max_tw_buckets', '131072\n');
  put('proc/meminfo', 'MemTotal:       24731836 kB\n');
  return root;
}

test('readHostSnapshot on a hand-made root: frozen data, provenance, missing recorded, ports from the same root', () => {
  const root = bundleFromFixtures();
  try {
    const snapshot = readHostSnapshot(root);
    assert.ok(Object.isFrozen(snapshot) && Object.isFrozen(snapshot.sysctls) && Object.isFrozen(snapshot.sockets));
    assert.throws(() => {
      (snapshot as { root: string }).root = '/';
    }, TypeError);
    assert.deepEqual(
      Object.keys(snapshot.sysctls),
      CATALOGUE.map((s) => s.key),
    );
    assert.deepEqual(snapshot.sysctls['net.ipv4.tcp_max_tw_buckets'], {
      status: 'present',
      value: { value: '131072', raw: '131072' },
      provenance: { file: join(root, 'proc/sys/net/ipv4/tcp_max_tw_buckets'), line: 1 },
    });
    assert.deepEqual(snapshot.sysctls['net.ipv4.tcp_fin_timeout'], {
      status: 'missing',
      file: join(root, 'proc/sys/net/ipv4/tcp_fin_timeout'),
    });
    assert.deepEqual(snapshot.kernelRelease, { status: 'missing', file: join(root, 'proc/sys/kernel/osrelease') });
    assert.ok(snapshot.memTotalBytes.status === 'present' && snapshot.memTotalBytes.value === 24731836 * 1024);

    assert.ok(snapshot.sockets.status === 'present');
    const sockets = snapshot.sockets.value;
    assert.deepEqual(sockets.portRange, {
      low: 1024,
      high: 65535,
      reservedInside: 4,
      usable: 64508,
      source: 'sysctl',
      provenance: { file: join(root, 'proc/sys/net/ipv4/ip_local_port_range'), line: 1 },
    });
    assert.deepEqual(
      sockets.sources.map((s) => [s.file, s.status]),
      [
        [join(root, 'proc/net/tcp'), 'read'],
        [join(root, 'proc/net/tcp6'), 'read'],
      ],
    );
    assert.equal(sockets.byState.TIME_WAIT.total, 7);
    assert.equal(sockets.destinations[0]!.shareOfUsablePorts, sockets.destinations[0]!.sockets / 64508);

    assert.ok(snapshot.sockstat.status === 'present' && snapshot.sockstat.value.tcp.tw === sockets.timewaitMinisocks);
    assert.equal(snapshot.sockstat.value.tcp6Inuse, null); // no sockstat6 in this root
    assert.ok(snapshot.counters.tcpExt.status === 'present' && snapshot.counters.tcpExt.provenance.line === 2);
    assert.ok(snapshot.counters.tcp.status === 'present' && snapshot.counters.tcp.value.MaxConn === -1);

    // The ipv4 directory exists and tcp_max_orphans does not: a child network namespace.
    assert.equal(snapshot.container.verdict, 'child-netns');
    assert.deepEqual(snapshot.container.checks[1], { check: 'global-key', key: 'net.ipv4.tcp_max_orphans', present: false });
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('an empty root: everything missing, verdict unknown, nothing guessed', () => {
  const root = mkdtempSync(join(tmpdir(), 'snapshot-empty-'));
  try {
    const snapshot = readHostSnapshot(root);
    assert.equal(snapshot.sockets.status, 'missing');
    assert.ok(Object.values(snapshot.sysctls).every((r) => r.status === 'missing'));
    assert.equal(snapshot.counters.tcpExt.status, 'missing');
    assert.equal(snapshot.container.verdict, 'unknown');
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('the live host: the initial namespace has tcp_max_orphans (skips off Linux)', (t) => {
  if (process.platform !== 'linux') return t.skip('needs Linux /proc');
  const snapshot = readHostSnapshot('/');
  assert.equal(snapshot.kernelRelease.status, 'present');
  const orphans = snapshot.sysctls['net.ipv4.tcp_max_orphans']!;
  assert.equal(snapshot.container.verdict, orphans.status === 'present' ? 'initial-netns' : 'child-netns');
});
