import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogueReadings, readSysctlDump } from '../../src/readers/sysctl-dump.js';
import { InputError } from '../../src/util/errors.js';

const source = (text: string) => ({ kind: 'buffer' as const, data: Buffer.from(text), name: 'sysctl-a.txt' });

test('sysctl -a with permission-denied lines from stderr mixed in; provenance is the dump line', () => {
  const dump = readSysctlDump(
    source(
      [
        'abi.vsyscall32 = 1',
        "sysctl: permission denied on key 'kernel.cad_pid'",
        'net.ipv4.ip_local_port_range = 32768\t60999',
        'net.ipv4.ip_local_reserved_ports = ',
        'sysctl: reading key "net.ipv6.conf.all.stable_secret"',
        'dev.cdrom.info = CD-ROM information, Id: cdrom.c 3.20 2003/12/17',
        'dev.cdrom.info = ',
        'net.ipv4.conf.eth0/100.rp_filter = 2',
        'net.ipv4.tcp_fin_timeout = 60',
      ].join('\n'),
    ),
  );
  assert.deepEqual(dump.values['net.ipv4.ip_local_port_range'], {
    status: 'present',
    value: { value: '32768 60999', raw: '32768\t60999' },
    provenance: { file: 'sysctl-a.txt', line: 3 },
  });
  assert.equal(dump.values['net.ipv4.ip_local_reserved_ports']!.value.value, '');
  assert.equal(dump.values['dev.cdrom.info']!.value.raw, 'CD-ROM information, Id: cdrom.c 3.20 2003/12/17\n');
  assert.equal(dump.values['dev.cdrom.info']!.provenance.line, 6);
  assert.ok(dump.values['net.ipv4.conf.eth0/100.rp_filter']);
  assert.deepEqual(dump.unreadable['kernel.cad_pid'], {
    status: 'unreadable',
    file: 'sysctl-a.txt',
    reason: "permission denied on key 'kernel.cad_pid'",
    provenance: { file: 'sysctl-a.txt', line: 2 },
  });
  assert.equal(dump.unreadable['net.ipv6.conf.all.stable_secret']!.provenance!.line, 5);

  const readings = catalogueReadings(dump);
  assert.equal(readings['net.ipv4.tcp_fin_timeout']!.status, 'present');
  assert.deepEqual(readings['net.ipv4.tcp_syn_retries'], { status: 'missing', file: 'sysctl-a.txt' });
});

test('a line that is neither "key = value" nor "sysctl: ..." is an InputError at its line', () => {
  assert.throws(
    () => readSysctlDump(source('net.ipv4.tcp_fin_timeout = 60\nnet.ipv4.tcp_syn_retries: 6\n')),
    (e: unknown) => e instanceof InputError && e.location?.line === 2 && e.location.file === 'sysctl-a.txt',
  );
});
