/** apply's pieces that need no kernel: value comparison, reading drop-ins, the rollback file, the refusals. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { checkBootOrder, describeOverride, runtimeRefusal } from '../../src/writers/guards.js';
import { sameKernelValue } from '../../src/writers/proc-sys.js';
import { readAssignments, renderRollbackFile } from '../../src/writers/rollback-file.js';
import { InputError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'sa-apply-'));
function file(path: string, text: string): string {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

test('read-back comparison: what the kernel prints for what was written', () => {
  const same: [string, string][] = [
    ['30', '30'],
    ['10240 65535', '10240\t65535'],
    ['10000    65000', '10000\t65000'],
    ['010', '8'], // leading 0 is octal to the kernel
    ['0x10', '16'],
    ['', ''],
  ];
  for (const [written, readBack] of same) assert.ok(sameKernelValue(written, readBack), `${written} vs ${readBack}`);
  for (const [written, readBack] of [
    ['30', '31'],
    ['1 2', '1'],
    ['08', '8'],
    ['cubic', 'reno'],
  ] as const)
    assert.ok(!sameKernelValue(written, readBack), `${written} vs ${readBack}`);
});

test('a drop-in reads as its assignments in order, the last of a repeated key winning', () => {
  const path = file('a.conf', '# comment\nnet.ipv4.tcp_fin_timeout = 30\n\nnet/ipv4/tcp_syn_retries=3\nnet.ipv4.tcp_fin_timeout = 40\n');
  assert.deepEqual(
    readAssignments(path).map(({ key, value, source }) => [key, value, source?.line]),
    [
      ['net.ipv4.tcp_syn_retries', '3', 4],
      ['net.ipv4.tcp_fin_timeout', '40', 5],
    ],
  );
});

test('what apply cannot do exactly like the boot tools is refused with its line', () => {
  const table: [string, RegExp, number | undefined][] = [
    ['net.ipv4.conf.*.rp_filter = 1\n', /glob keys/, 1],
    ['net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_syn_retries 3\n', /not a sysctl line/, 2],
    ['-net.ipv4.tcp_fin_timeout\n', /exclusions/, 1],
    ['# nothing\n', /no "key = value" line/, undefined],
  ];
  for (const [text, message, line] of table) {
    const path = file('bad.conf', text);
    assert.throws(
      () => readAssignments(path),
      (error: unknown) => error instanceof InputError && message.test(error.message) && error.location?.line === line,
      text,
    );
  }
  assert.throws(() => readAssignments(join(dir, 'missing.conf')), /no such file/);
});

test('the rollback file is a sysctl.conf that reads back as the previous values', () => {
  const previous = [
    { key: 'net.ipv4.tcp_fin_timeout', value: '60' },
    { key: 'net.ipv4.ip_local_port_range', value: '32768 60999' },
  ];
  const text = renderRollbackFile(
    { writtenAt: '2025-01-31T10:00:00.000Z', appliedFrom: '/etc/sysctl.d/90-x.conf', kernelRelease: '6.18.44', netns: 'net:[1]' },
    previous,
  );
  assert.match(text, /^# sysctl-advisor rollback file/);
  assert.match(text, /# Restore: sysctl-advisor apply --rollback THIS_FILE/);
  assert.deepEqual(
    readAssignments(file('rollback.conf', text)).map(({ key, value }) => ({ key, value })),
    previous,
  );
});

test('refusals before anything is written: not Linux, a root other than /, not root', () => {
  assert.equal(runtimeRefusal({ platform: 'linux', uid: 0 }, '/'), undefined);
  assert.match(runtimeRefusal({ platform: 'darwin', uid: 0 }, '/')!, /Linux kernel; this is darwin/);
  assert.match(
    runtimeRefusal({ platform: 'linux', uid: 0 }, '/tmp/bundle')!,
    /--root \/tmp\/bundle: values are applied to the running host only/,
  );
  assert.match(runtimeRefusal({ platform: 'linux', uid: 1000 }, '/')!, /needs root/);
});

test('a later file that sets the key again is named; a drop-in outside sysctl.d is only noted', () => {
  const root = join(dir, 'root');
  file('root/etc/sysctl.d/90-sysctl-advisor.conf', 'net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_tw_reuse = 1\n');
  file('root/etc/sysctl.d/95-late.conf', '\nnet.ipv4.tcp_fin_timeout = 60\n');
  file('root/etc/sysctl.conf', 'net.ipv4.tcp_tw_reuse = 0\n');
  symlinkSync('../sysctl.conf', join(root, 'etc/sysctl.d/99-sysctl.conf'));
  const check = checkBootOrder(
    ['net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_tw_reuse', 'net.ipv4.tcp_syn_retries'],
    '/etc/sysctl.d/90-sysctl-advisor.conf',
    root,
  );
  assert.equal(check.notReadAtBoot, undefined);
  assert.deepEqual(
    check.overrides.map((o) => [o.key, o.file, o.line, o.value]),
    [
      ['net.ipv4.tcp_fin_timeout', '/etc/sysctl.d/95-late.conf', 2, '60'],
      ['net.ipv4.tcp_tw_reuse', '/etc/sysctl.conf', 1, '0'],
    ],
  );
  assert.match(
    describeOverride(check.overrides[0]!, '/etc/sysctl.d/90-sysctl-advisor.conf'),
    /^\/etc\/sysctl\.d\/95-late\.conf:2 sets net\.ipv4\.tcp_fin_timeout = 60 and is applied after \/etc\/sysctl\.d\/90-sysctl-advisor\.conf/,
  );
  const outside = checkBootOrder(['net.ipv4.tcp_fin_timeout'], '/tmp/x.conf', root);
  assert.deepEqual(outside.overrides, []);
  assert.match(outside.notReadAtBoot!, /not in a sysctl\.d directory/);
});
