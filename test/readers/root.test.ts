import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { readMemTotal } from '../../src/readers/meminfo.js';
import { readKernelRelease, readSysctl } from '../../src/readers/proc-sys.js';
import { resolveUnderRoot } from '../../src/readers/root-path.js';
import { readSockstat } from '../../src/readers/sockstat.js';
import { InputError } from '../../src/util/errors.js';

function makeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'root-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

test('a missing file is recorded as missing, never guessed', () => {
  const root = makeRoot({});
  try {
    assert.deepEqual(readSysctl(root, 'net.ipv4.tcp_fin_timeout'), {
      status: 'missing',
      file: join(root, 'proc/sys/net/ipv4/tcp_fin_timeout'),
    });
    assert.equal(readMemTotal(root).status, 'missing');
    assert.equal(readSockstat(root).status, 'missing');
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('values keep provenance; vectors are space-separated', () => {
  const root = makeRoot({
    'proc/sys/net/ipv4/ip_local_port_range': '32768\t60999\n',
    'proc/sys/kernel/osrelease': '6.18.44-fc-v657\n',
    'proc/meminfo': 'MemTotal:       24731836 kB\nMemFree:        23005556 kB\n',
    'proc/net/sockstat': 'sockets: used 9\nTCP: inuse 9 orphan 0 tw 2 alloc 10 mem 0\nUDP: inuse 0 mem 0\n',
    'proc/net/sockstat6': 'TCP6: inuse 4\nUDP6: inuse 0\n',
  });
  try {
    assert.deepEqual(readSysctl(root, 'net.ipv4.ip_local_port_range'), {
      status: 'present',
      value: { value: '32768 60999', raw: '32768\t60999' },
      provenance: { file: join(root, 'proc/sys/net/ipv4/ip_local_port_range'), line: 1 },
    });
    const release = readKernelRelease(root);
    assert.ok(release.status === 'present' && release.value === '6.18.44-fc-v657');
    const mem = readMemTotal(root);
    assert.ok(mem.status === 'present' && mem.value === 24731836 * 1024 && mem.provenance.line === 1);
    const sockstat = readSockstat(root);
    assert.ok(sockstat.status === 'present');
    assert.deepEqual(sockstat.value, { socketsUsed: 9, tcp: { inuse: 9, orphan: 0, tw: 2, alloc: 10, mem: 0 }, tcp6Inuse: 4 });
    assert.deepEqual(sockstat.provenance, { file: join(root, 'proc/net/sockstat'), line: 2 });
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('a file that exists but is malformed is an InputError naming the file and line', () => {
  const root = makeRoot({
    'proc/meminfo': 'MemFree: 1 kB\n',
    'proc/net/sockstat': 'sockets: used 9\nTCP: inuse 9 orphan zero\n',
    'proc/sys/kernel/osrelease': '\n',
  });
  try {
    const cases: [() => unknown, string, number][] = [
      [() => readMemTotal(root), 'proc/meminfo', 1],
      [() => readSockstat(root), 'proc/net/sockstat', 2],
      [() => readKernelRelease(root), 'proc/sys/kernel/osrelease', 1],
    ];
    for (const [read, file, line] of cases) {
      assert.throws(
        read,
        (e: unknown) => e instanceof InputError && e.location?.file === join(root, file) && e.location.line === line,
        file,
      );
    }
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('a bundle never reaches out of itself through a symlink (links resolve as in a chroot); /dev/null is a mask, not a file', () => {
  const root = makeRoot({ 'proc/net/tcp6': '' });
  try {
    mkdirSync(join(root, 'proc/sys/net/ipv4'), { recursive: true });
    mkdirSync(join(root, 'etc/sysctl.d'), { recursive: true });
    symlinkSync('/etc/hostname', join(root, 'proc/net/tcp'));
    symlinkSync('/dev/null', join(root, 'etc/sysctl.d/50-vendor.conf'));
    symlinkSync('../../../../proc/net/tcp6', join(root, 'proc/sys/net/ipv4/tcp_fin_timeout')); // inside: fine
    symlinkSync('/nonexistent', join(root, 'proc/sys/net/ipv4/tcp_syn_retries'));
    symlinkSync('/proc/sys/net/core', join(root, 'proc/sys/net/core')); // a directory outside
    // /etc/hostname means ROOT/etc/hostname, as it would inside the host the bundle came from.
    assert.equal(resolveUnderRoot(root, 'proc/net/tcp').kind, 'missing');
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc/hostname'), 'bundle-host\n');
    const inside = resolveUnderRoot(root, 'proc/net/tcp');
    assert.equal(inside.kind === 'file' && inside.path, join(realpathSync(root), 'etc/hostname'));
    // proc/sys/net/core -> /proc/sys/net/core is itself, re-rooted: the kernel's ELOOP, never the host's directory.
    assert.throws(
      () => readSysctl(root, 'net.core.somaxconn'),
      (e: unknown) => e instanceof InputError && /too many levels of symbolic links/.test(e.message),
    );
    assert.equal(resolveUnderRoot(root, 'etc/sysctl.d/50-vendor.conf').kind, 'masked');
    assert.equal(resolveUnderRoot(root, 'proc/sys/net/ipv4/tcp_fin_timeout').kind, 'file');
    assert.equal(resolveUnderRoot(root, 'proc/sys/net/ipv4/tcp_syn_retries').kind, 'missing');
  } finally {
    rmSync(root, { recursive: true });
  }
});
