/**
 * The bugs the hardening work found, one test each (the fuzz targets found most of them; these
 * pin them down with the smallest input).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readConfigFile } from '../../src/config/index.js';
import { findParam, suggestKeys } from '../../src/params/lookup.js';
import { parseParamValue } from '../../src/params/values.js';
import { readProfileFile } from '../../src/profiles/load.js';
import type { ByteSource } from '../../src/readers/line-scanner.js';
import { readCounterFile } from '../../src/readers/proc-counters.js';
import { readSocketDump } from '../../src/readers/socket-dump.js';
import { readLabelledPairs } from '../../src/readers/sockstat.js';
import { catalogueReadings, readSysctlDump } from '../../src/readers/sysctl-dump.js';
import { atomicWriteFile } from '../../src/util/atomic-write.js';
import { InputError, InputErrors } from '../../src/util/errors.js';
import { withScratch } from './helpers.js';

const buffer = (text: string, name = 'dump.txt'): ByteSource => ({ kind: 'buffer', data: Buffer.from(text, 'latin1'), name });
const prototypeKeys = () => Reflect.ownKeys(Object.prototype).map(String).sort().join();

test('sysctl -a: "__proto__", "constructor", "toString" are ordinary keys (they threw a TypeError)', () => {
  const before = prototypeKeys();
  const dump = readSysctlDump(buffer('__proto__ = 1\nconstructor = 2\ntoString = 3\nnet.ipv4.tcp_fin_timeout = 60\n__proto__ = 4\n'));
  assert.equal(Object.getPrototypeOf(dump.values), Object.prototype);
  assert.deepEqual(Object.keys(dump.values), ['__proto__', 'constructor', 'toString', 'net.ipv4.tcp_fin_timeout']);
  assert.equal((Object.getOwnPropertyDescriptor(dump.values, '__proto__')?.value as { value: { raw: string } }).value.raw, '1\n4');
  const constructorKey: string = 'constructor';
  assert.equal(dump.values[constructorKey]!.value.value, '2');
  assert.equal(catalogueReadings(dump)['net.ipv4.tcp_fin_timeout']!.status, 'present');
  assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  assert.equal(prototypeKeys(), before);
  const unreadable = readSysctlDump(buffer("sysctl: permission denied on key '__proto__'\n"));
  assert.equal(Object.getPrototypeOf(unreadable.unreadable), Object.prototype);
  assert.deepEqual(Object.keys(unreadable.unreadable), ['__proto__']);
});

test('/proc/net/netstat and sockstat: a "__proto__" group, label or counter is an entry, not a new prototype', () => {
  const groups = readCounterFile(buffer('__proto__: polluted __proto__\n__proto__: 1 2\nTcpExt: constructor\nTcpExt: 3\n'));
  assert.equal(Object.getPrototypeOf(groups), Object.prototype);
  assert.deepEqual(Object.keys(groups), ['__proto__', 'TcpExt']);
  const group = Object.getOwnPropertyDescriptor(groups, '__proto__')!.value as { values: Record<string, number> };
  assert.deepEqual(Object.keys(group.values), ['polluted', '__proto__']);
  assert.equal(groups.TcpExt!.values.constructor, 3);
  const pairs = readLabelledPairs(buffer('__proto__: inuse 1 __proto__ 2\nTCP: inuse 3 orphan 0 tw 0 alloc 3 mem 1\n'), 'sockstat');
  assert.equal(Object.getPrototypeOf(pairs), Object.prototype);
  assert.deepEqual(Object.keys((Object.getOwnPropertyDescriptor(pairs, '__proto__')!.value as { fields: object }).fields), [
    'inuse',
    '__proto__',
  ]);
  assert.equal(({} as { inuse?: unknown }).inuse, undefined);
});

test('/proc/net/tcp: a row cut short reads the same from a file as from memory (stale chunk bytes were read)', async () => {
  const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'.padEnd(149) + '\n';
  const row =
    '   0: 0100007F:1F90 0100007F:88DC 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 20 4 30 10 -1'.padEnd(
      149,
    ) + '\n';
  await withScratch('cut-row', (dir) => {
    for (const text of [`${header}${row}   0: 0100007F:`, `${header}${row}   12`, `${header}${row}  sl`]) {
      const path = join(dir, 'tcp');
      writeFileSync(path, text);
      const messages = [buffer(text, 'tcp'), { kind: 'file', path, name: 'tcp' } as const].map((source) => {
        try {
          readSocketDump(source);
          return 'read';
        } catch (error) {
          return (error as InputError).oneLine();
        }
      });
      assert.equal(messages[1], messages[0], JSON.stringify(text.slice(-20)));
      assert.match(messages[0]!, /^tcp:3: not a \/proc\/net\/tcp row/, 'a cut row (or a lone "sl") is an error, not a blank line');
    }
  });
});

test('messages quote input with its control characters escaped: no fake lines, no terminal escapes', () => {
  assert.throws(
    () => readSysctlDump(buffer('net.ipv4.tcp_fin_timeout = 60\n\x1b[2J\x1b[31mnot a line\rsysctl-advisor: all good\n')),
    (error: unknown) =>
      error instanceof InputError &&
      error.oneLine() ===
        'dump.txt:2: not a sysctl -a line (expected "key = value" or "sysctl: ..."): "\\x1b[2J\\x1b[31mnot a line\\rsysctl-advisor: all good"',
  );
  const errors = new InputErrors([new InputError('bad "a\nb"', { file: 'x\n.yaml', line: 1 })]);
  assert.equal(errors.message, 'x\\n.yaml:1: bad "a\\nb"');
});

test('parseParamValue: an entry without its own range still has its C type (20 digits were accepted and rounded)', () => {
  const spec = findParam('net.netfilter.nf_conntrack_count')!;
  const parsed = parseParamValue(spec, '9100001000010000');
  assert.equal(parsed.ok, false);
  assert.match(!parsed.ok ? parsed.problem : '', /outside -2147483648\.\.2147483647/);
  assert.deepEqual(parseParamValue(spec, '2147483647'), { ok: true, shape: 'integer', value: 2147483647, canonical: '2147483647' });
});

test('config files, profiles: a FIFO or a device is refused at once (a FIFO hung the read, /dev/zero never ended)', async () => {
  await withScratch('fifo', (dir) => {
    const fifo = join(dir, 'x.conf');
    execFileSync('mkfifo', [fifo]);
    for (const path of [fifo, '/dev/zero']) {
      assert.throws(
        () => readConfigFile(path),
        (e: unknown) => e instanceof InputError && /not a regular file/.test(e.message),
        path,
      );
      assert.throws(
        () => readProfileFile(path),
        (e: unknown) => e instanceof InputError && /not a regular file/.test(e.message),
        path,
      );
    }
  });
});

test('atomicWriteFile: a missing directory, or a directory as the target, is an error naming the target (not its temp file)', async () => {
  await withScratch('write-errors', (dir) => {
    mkdirSync(join(dir, 'a-directory'));
    assert.throws(
      () => atomicWriteFile(join(dir, 'nowhere', 'x.conf'), 'x\n'),
      (e: unknown) =>
        e instanceof InputError && e.oneLine() === `${dir}/nowhere/x.conf: cannot write: the directory ${dir}/nowhere does not exist`,
    );
    assert.throws(
      () => atomicWriteFile(join(dir, 'a-directory'), 'x\n'),
      (e: unknown) => e instanceof InputError && e.oneLine() === `${dir}/a-directory: cannot write: it is a directory; give a file path`,
    );
  });
});

test('profiles: duplicate keys are still reported where they are, now without the quadratic check', async () => {
  await withScratch('duplicates', (dir) => {
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'name: dup\nsummary: A profile with a key twice.\nname: again\ncontext: {natGateway: true, natGateway: false}\n');
    assert.throws(
      () => readProfileFile(file),
      (e: unknown) =>
        e instanceof InputErrors && e.message === `${file}:3:1: Map keys must be unique\n${file}:4:29: Map keys must be unique`,
    );
  });
});

test('suggestKeys: the same suggestions, without edit distances for names far longer than any key', () => {
  assert.deepEqual(suggestKeys('tcp_fin_timout'), ['net.ipv4.tcp_fin_timeout']);
  assert.deepEqual(suggestKeys('net.ipv4.tcp_syn_retires'), ['net.ipv4.tcp_syn_retries', 'net.ipv4.tcp_synack_retries']);
  assert.deepEqual(suggestKeys('syn_retries'), ['net.ipv4.tcp_syn_retries', 'net.ipv4.tcp_retries2']);
  assert.deepEqual(suggestKeys(`net.ipv4.${'x'.repeat(200)}`), []);
});
