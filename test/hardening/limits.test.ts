/**
 * Limits (docs/limits.md): hostile sizes and shapes end in one clear line and exit 2, within
 * bounded memory (peak RSS of the CLI child, measured with /usr/bin/time) and bounded time —
 * alias bombs and deep nesting in profiles, gigabyte files (sparse: nothing is written to disk)
 * where a config file, a profile, a dump or a /proc file is expected, FIFOs and devices, and a
 * socket dump of millions of lines, which is read in full within the same memory.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, symlinkSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { readConfigFile } from '../../src/config/index.js';
import { runCli } from '../../src/main.js';
import { suggestKeys } from '../../src/params/lookup.js';
import { readProfileFile } from '../../src/profiles/load.js';
import { readSysctlDump } from '../../src/readers/sysctl-dump.js';
import { InputError, InputErrors } from '../../src/util/errors.js';
import { copyBaseRoot, runCliAsync, STACK_LINE, timeAvailable, withScratch, type CliRun } from './helpers.js';
import { textOf } from '../../src/util/pieces.js';
import { inProcessEnvironment } from '../helpers/environment.js';

const GIB = 1 << 30;
const PEAK_RSS_LIMIT_KB = 200 * 1024;
const PROFILE_HEAD = 'name: limits\nsummary: A profile for the limits tests.\n';

function sparse(path: string, bytes = GIB): string {
  writeFileSync(path, '');
  truncateSync(path, bytes); // a hole: no disk blocks, reads as NUL bytes
  return path;
}

/** Exit 2, one line on stderr matching `message`, no stack; and the peak RSS under the limit when measured. */
function assertOneLineError(t: TestContext, run: CliRun, message: RegExp, what: string): void {
  const stderr = run.stderr.replace(/\n$/, '');
  assert.equal(run.status, 2, `${what}: exit ${run.status}; stderr ${stderr.slice(0, 300)}`);
  assert.equal(stderr.split('\n').length, 1, `${what}: one line, got ${JSON.stringify(stderr.slice(0, 400))}`);
  assert.doesNotMatch(stderr, STACK_LINE, what);
  assert.match(stderr, message, what);
  if (run.peakKb !== undefined) {
    t.diagnostic(`${what}: peak RSS ${(run.peakKb / 1024).toFixed(0)} MB`);
    assert.ok(run.peakKb < PEAK_RSS_LIMIT_KB, `${what}: peak RSS ${run.peakKb} KB is over ${PEAK_RSS_LIMIT_KB} KB`);
  }
}

const measure = { measure: timeAvailable, timeoutMs: 60_000 };

async function inProcess(args: readonly string[]): Promise<CliRun> {
  const output = await runCli(args, inProcessEnvironment({ env: { NO_COLOR: '1' } }));
  return { stdout: textOf(output.stdout), stderr: output.stderr ?? '', status: output.exitCode };
}

test('profiles: an alias bomb, 1000 levels of nesting, a huge file, a FIFO, /dev/zero — one line each', { timeout: 90_000 }, async (t) => {
  await withScratch('limits-profiles', async (dir) => {
    // Nine levels of nine aliases each: 9^9 strings once expanded ("billion laughs").
    let bomb = `${PROFILE_HEAD}a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n`;
    for (let level = 1; level <= 9; level++)
      bomb += `a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ')}]\n`;
    writeFileSync(join(dir, 'bomb.yaml'), bomb);
    writeFileSync(join(dir, 'deep-flow.yaml'), `${PROFILE_HEAD}targets: ${'['.repeat(1000)}${']'.repeat(1000)}\n`);
    writeFileSync(join(dir, 'deep-map.yaml'), `${PROFILE_HEAD}targets: ${'{a: '.repeat(1000)}1${'}'.repeat(1000)}\n`);
    writeFileSync(
      join(dir, 'deep-block.yaml'),
      `${PROFILE_HEAD}targets:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}`,
    );
    writeFileSync(
      join(dir, 'deep-40.yaml'),
      `${PROFILE_HEAD}targets:\n${Array.from({ length: 40 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}`,
    );
    sparse(join(dir, 'huge.yaml'));
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    const cases: [string, string[], RegExp][] = [
      [
        'alias bomb',
        ['profiles', 'validate', join(dir, 'bomb.yaml')],
        /bomb\.yaml: cannot expand YAML: Excessive alias count indicates a resource exhaustion attack$/,
      ],
      [
        'alias bomb (generate)',
        ['generate', '--profile', join(dir, 'bomb.yaml')],
        /^sysctl-advisor: .*bomb\.yaml: cannot expand YAML: Excessive alias count/,
      ],
      [
        '1000 flow levels',
        ['profiles', 'validate', join(dir, 'deep-flow.yaml')],
        /deep-flow\.yaml:3:\d+: nested too deeply; a profile needs 4 levels and the limit is 32$/,
      ],
      [
        '1000 flow mapping levels',
        ['generate', '--profile', join(dir, 'deep-map.yaml')],
        /deep-map\.yaml:3:\d+: nested too deeply; a profile needs 4 levels and the limit is 32$/,
      ],
      [
        '1000 block levels (500 KB)',
        ['profiles', 'validate', join(dir, 'deep-block.yaml')],
        /deep-block\.yaml: profile is \d+ bytes; the limit is 65536 bytes \(64 KiB\)$/,
      ],
      [
        '40 block levels',
        ['profiles', 'validate', join(dir, 'deep-40.yaml')],
        /deep-40\.yaml:\d+:\d+: nested too deeply; a profile needs 4 levels and the limit is 32$/,
      ],
      [
        '1 GiB profile',
        ['generate', '--profile', join(dir, 'huge.yaml')],
        /huge\.yaml: profile is 1073741824 bytes; the limit is 65536 bytes \(64 KiB\)$/,
      ],
      [
        'a FIFO',
        ['generate', '--profile', join(dir, 'fifo.yaml')],
        /fifo\.yaml: cannot read profile: not a regular file \(a FIFO, socket or device\)$/,
      ],
      ['/dev/zero', ['generate', '--profile', '/dev/zero'], /\/dev\/zero: cannot read profile: not a regular file/],
    ];
    // In-process (what cli.ts prints); the 1 GiB one also as a child, for its peak memory.
    for (const [what, args, message] of cases) assertOneLineError(t, await inProcess(args), message, what);
    assertOneLineError(
      t,
      await runCliAsync(['generate', '--profile', join(dir, 'huge.yaml')], measure),
      /huge\.yaml: profile is 1073741824 bytes/,
      '1 GiB profile, child',
    );
  });
});

test('profiles: thousands of problems are reported as the first 20 and a count, in bounded time', { timeout: 60_000 }, async () => {
  await withScratch('limits-problems', (dir) => {
    // The yaml package's own duplicate-key check was quadratic: 30,000 keys took 14 s.
    const cases: [string, string][] = [
      ['distinct.yaml', PROFILE_HEAD + Array.from({ length: 5000 }, (_, i) => `k${i}: 1\n`).join('')],
      ['duplicates.yaml', PROFILE_HEAD + 'a: 1\n'.repeat(12_000)],
      ['flow-duplicates.yaml', `${PROFILE_HEAD}rules: {${'a: 1, '.repeat(10_000)}}\n`],
    ];
    for (const [name, text] of cases) {
      assert.ok(text.length < 64 * 1024, name);
      writeFileSync(join(dir, name), text);
      const started = performance.now();
      assert.throws(
        () => readProfileFile(join(dir, name)),
        (error: unknown) =>
          error instanceof InputErrors && error.errors.length === 21 && /^\.\.\. and \d+ more problems$/.test(error.errors[20]!.message),
        name,
      );
      // About 1 s each on an idle 2-core machine; the bound leaves room for a loaded one.
      const ms = performance.now() - started;
      assert.ok(ms < 15_000, `${name}: ${ms.toFixed(0)} ms`);
    }
  });
});

test('a 1 GiB file where a sysctl config file is expected: refused by size, in bounded memory', { timeout: 60_000 }, async (t) => {
  await withScratch('limits-config', async (dir) => {
    const huge = sparse(join(dir, 'huge.conf'));
    assert.throws(
      () => readConfigFile(huge),
      (error: unknown) =>
        error instanceof InputError && error.oneLine() === `${huge}: config file is 1073741824 bytes; the limit is 16777216 bytes (16 MiB)`,
    );
    const root = copyBaseRoot(join(dir, 'root'));
    rmSync(join(root, 'etc/sysctl.conf'));
    sparse(join(root, 'etc/sysctl.conf'));
    const etc = await runCliAsync(['advise', '--root', root], measure);
    assertOneLineError(
      t,
      etc,
      new RegExp(`^sysctl-advisor: ${root}/etc/sysctl.conf: config file is 1073741824 bytes; the limit is 16777216 bytes \\(16 MiB\\)$`),
      'advise, 1 GiB /etc/sysctl.conf',
    );
    rmSync(join(root, 'etc/sysctl.conf'));
    mkdirSync(join(root, 'etc/sysctl.d'), { recursive: true });
    sparse(join(root, 'etc/sysctl.d/90-big.conf'), MAX_PLUS_ONE);
    const dropIn = await runCliAsync(['advise', '--root', root], measure);
    assertOneLineError(
      t,
      dropIn,
      /90-big\.conf: config file is 16777217 bytes; the limit is 16777216 bytes \(16 MiB\)$/,
      'advise, 16 MiB + 1 drop-in',
    );
  });
});

const MAX_PLUS_ONE = 16 * 1024 * 1024 + 1;

test('a 1 GiB dump, a 1 GiB /proc file in a bundle, FIFOs: one line, bounded memory, no hang', { timeout: 90_000 }, async (t) => {
  await withScratch('limits-dumps', async (dir) => {
    const huge = sparse(join(dir, 'huge-dump.txt'));
    assertOneLineError(
      t,
      await runCliAsync(['states', '--from', huge], measure),
      /huge-dump\.txt:1: unrecognised input \(tried ss -tan, netstat -nat, \/proc\/net\/tcp\)/,
      'states --from, 1 GiB of NUL',
    );
    assertOneLineError(
      t,
      await runCliAsync(['states', '--from', huge, '--input-format', 'ss'], measure),
      /huge-dump\.txt: a line longer than 16 MiB; this is not a text table$/,
      'states --from, 1 GiB forced as ss',
    );

    const root = copyBaseRoot(join(dir, 'root'));
    rmSync(join(root, 'proc/sys/net/ipv4/tcp_fin_timeout'));
    const lines = openSync(join(root, 'proc/sys/net/ipv4/tcp_fin_timeout'), 'w');
    writeSync(lines, '60\n'.repeat(1 << 20)); // 3 MiB of short lines: past the 1 MiB a value file may hold
    closeSync(lines);
    assertOneLineError(
      t,
      await runCliAsync(['advise', '--root', root], measure),
      /tcp_fin_timeout: larger than 1 MiB; this file is a few KB on a real host$/,
      'advise, a 3 MiB sysctl value',
    );
    rmSync(join(root, 'proc/sys/net/ipv4/tcp_fin_timeout'));
    writeFileSync(join(root, 'proc/sys/net/ipv4/tcp_fin_timeout'), '60\n');

    rmSync(join(root, 'proc/net/tcp'));
    execFileSync('mkfifo', [join(root, 'proc/net/tcp')]);
    assertOneLineError(
      t,
      await runCliAsync(['states', '--root', root], measure),
      /proc\/net\/tcp: not a regular file; a bundle holds copies of \/proc files$/,
      'states --root, proc/net/tcp a FIFO',
    );
    rmSync(join(root, 'proc/net/tcp'));
    writeFileSync(
      join(root, 'proc/net/tcp'),
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n',
    );

    mkdirSync(join(root, 'etc/sysctl.d'), { recursive: true });
    execFileSync('mkfifo', [join(root, 'etc/sysctl.d/50-fifo.conf')]);
    assertOneLineError(
      t,
      await runCliAsync(['advise', '--root', root], measure),
      /50-fifo\.conf: cannot read config file: not a regular file \(a FIFO, socket or device\)$/,
      'advise, a FIFO in sysctl.d',
    );
    rmSync(join(root, 'etc/sysctl.d/50-fifo.conf'));
    symlinkSync('/dev/zero', join(root, 'etc/sysctl.d/60-zero.conf')); // re-rooted: ROOT/dev/zero does not exist
    const zero = await runCliAsync(['advise', '--root', root, '--format', 'json'], measure);
    assert.equal(zero.status, 0, zero.stderr);
  });
});

test('a socket dump of 2,000,000 lines is read in full within bounded memory (states --from)', { timeout: 120_000 }, async (t) => {
  if (!timeAvailable) t.diagnostic('/usr/bin/time is missing: exit status and counts only');
  await withScratch('limits-lines', async (dir) => {
    const path = join(dir, 'ss-2M.txt');
    const rows = 2_000_000;
    const fd = openSync(path, 'w');
    writeSync(fd, 'State      Recv-Q Send-Q Local Address:Port    Peer Address:Port\n');
    let chunk = '';
    for (let i = 0; i < rows; i++) {
      // Many distinct destinations and ports, so the per-destination tables fill up too.
      const state = i % 5 === 0 ? 'TIME-WAIT' : 'ESTAB';
      chunk += `${state.padEnd(10)} 0      0      10.0.${(i >> 8) & 255}.${i & 255}:${32768 + (i % 28000)}    192.168.${(i >> 16) & 255}.${(i >> 3) & 255}:${443 + (i % 7)}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    const run = await runCliAsync(['states', '--from', path, '--format', 'json'], { ...measure, timeoutMs: 100_000 });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { total: { total: number } };
    assert.equal(report.total.total, rows);
    if (run.peakKb !== undefined) {
      t.diagnostic(`states --from, ${rows} lines: peak RSS ${(run.peakKb / 1024).toFixed(0)} MB`);
      assert.ok(run.peakKb < PEAK_RSS_LIMIT_KB, `peak RSS ${run.peakKb} KB`);
    }
  });
});

test('no super-linear work on hostile inputs: repeated sysctl -a keys, megabyte key names', () => {
  // A key repeated on every line is one multi-line value: joining it line by line was quadratic.
  const time = (lines: number) => {
    const data = Buffer.from('net.ipv4.tcp_fin_timeout = 60\n'.repeat(lines));
    const started = performance.now();
    const dump = readSysctlDump({ kind: 'buffer', data, name: 'repeated.txt' });
    assert.equal(dump.values['net.ipv4.tcp_fin_timeout']!.value.raw.split('\n').length, lines);
    return performance.now() - started;
  };
  time(10_000); // warm up
  const small = time(50_000);
  const large = time(400_000);
  // 8 times the lines: about 8 times the time when linear, 64 when quadratic (it took minutes).
  assert.ok(large < Math.max(small, 5) * 30, `50,000 lines ${small.toFixed(0)} ms, 400,000 lines ${large.toFixed(0)} ms`);
  // Did-you-mean suggestions compare names by edit distance (quadratic): never for a name far longer than any key.
  const started = performance.now();
  assert.deepEqual(suggestKeys('x'.repeat(1 << 20)), []);
  // About 0.5 s (spelling a 1 MiB key twice); with the edit distances it took over 10 s.
  assert.ok(performance.now() - started < 3000, `suggestKeys on 1 MiB took ${(performance.now() - started).toFixed(0)} ms`);
});
