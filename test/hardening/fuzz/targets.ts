/**
 * The fuzz targets: one per parser, each a generator of inputs and a check run on every input.
 * A check throws a Violation (or lets an unexpected exception through) when the parser breaks
 * its contract; see properties.ts for the contract every parser shares.
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  decodeConfigBytes,
  describeInvalid,
  describeNote,
  detectNotSysctl,
  KeyIndex,
  parseConfigBytes,
  parseConfigText,
  simulateLoad,
} from '../../../src/config/index.js';
import type { ParsedConfigFile } from '../../../src/config/index.js';
import { CATALOGUE } from '../../../src/params/catalogue.js';
import { canonicalKey } from '../../../src/params/keys.js';
import { findParam } from '../../../src/params/lookup.js';
import { parseParamValue, scanKernelInteger, type ValueContext } from '../../../src/params/values.js';
import { readProfileFile } from '../../../src/profiles/load.js';
import { readDump } from '../../../src/readers/dump.js';
import { detectDumpFormat } from '../../../src/readers/dump-format.js';
import { headOf, type ByteSource } from '../../../src/readers/line-scanner.js';
import { scanNetstat } from '../../../src/readers/netstat-sockets.js';
import { scanProcNetTcp } from '../../../src/readers/proc-net-tcp.js';
import { scanSs } from '../../../src/readers/ss.js';
import { parseSsCapture, SS_CAPTURE_FILE } from '../../../src/readers/ss-capture.js';
import { SocketTally } from '../../../src/sockets/tally.js';
import { readCounterFile } from '../../../src/readers/proc-counters.js';
import { readSocketDump } from '../../../src/readers/socket-dump.js';
import { readSysctlDump } from '../../../src/readers/sysctl-dump.js';
import { readChef } from '../../../src/readers/embedded/chef.js';
import { detectFormat } from '../../../src/readers/embedded/detect.js';
import { readDockerfile } from '../../../src/readers/embedded/dockerfile.js';
import { readShellScript } from '../../../src/readers/embedded/index.js';
import { readNixos } from '../../../src/readers/embedded/nixos.js';
import { readPuppet } from '../../../src/readers/embedded/puppet.js';
import { readSysctlTemplate } from '../../../src/readers/embedded/template.js';
import { readTuned } from '../../../src/readers/embedded/tuned.js';
import { readYaml } from '../../../src/readers/embedded/yaml-formats.js';
import type { TcpStateName } from '../../../src/snapshot/types.js';
import { TCP_STATES } from '../../../src/sockets/states.js';
import type { SocketSummary, SysctlDump } from '../../../src/snapshot/types.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { anyText, fixture, fragment, fromEveryRoot, HOSTILE_TEXT, rootFilesMatching, textInputs } from './inputs.js';
import { checkPlainData, checkThrown, lineCount, resultOrInputError, stableJson, violation, type ErrorExpectation } from './properties.js';

/** A scratch directory for inputs that must be files; removed by the worker when done. */
let scratch: string | undefined;
export function scratchDirectory(): string {
  // /dev/shm when there is one: thousands of small files, and disk opens cost 0.5 ms each here.
  scratch ??= mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'sysctl-advisor-fuzz-'));
  return scratch;
}
export function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

export interface FuzzTarget<T> {
  /** Typical cost of one run, for the watchdog. */
  readonly msPerRun: number;
  readonly inputs: () => fc.Arbitrary<T>;
  readonly check: (input: T) => void;
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const concat = (parts: readonly Uint8Array[]): Uint8Array =>
  Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));

// ---------------------------------------------------------------------------------------------
// sysctl.conf / sysctl.d: the parser never throws, and loses nothing.

const EXTRA_KEYS = [
  'net.ipv4.conf.all.rp_filter',
  'net/ipv4/tcp_fin_timeout',
  'net.ipv4.conf.eth0/100.rp_filter',
  'net.ipv4.*',
  'net.ipv4.conf.*.rp_filter',
  'kernel.[a-z]*',
  '*',
  '?',
  '[',
  'net.ipv4.tcp_[!s]*',
  '__proto__',
  'constructor',
  'prototype',
  'net.__proto__',
  '__proto__.polluted',
  'constructor.prototype.polluted',
  'a..b',
  '.',
  '/',
  '//',
  'net.ipv4.tcp_fin_timeout.',
  '.net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp fin',
  'sysctl -w net.ipv4.tcp_fin_timeout',
  'echo 1 > /proc/sys/net/ipv4/ip_forward',
];
const KEYS = [...CATALOGUE.map((spec) => spec.key), ...EXTRA_KEYS];
const KNOWN = new KeyIndex([
  ...CATALOGUE.map((spec) => spec.key),
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.lo.rp_filter',
  'kernel.pid_max',
]);

const numberText = fc
  .oneof(fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }), fc.integer(), fc.nat(70000), fc.double())
  .map((n) => String(n));

/** A generated sysctl.conf line: indentation, "-"/comment markers, a key, "=", a value, a tail. */
export const sysctlConfLine: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.constantFrom('', ' ', '\t', '  ', '\v'),
    fc.constantFrom('', '', '', '-', '#', ';', '- ', '--', '-\t'),
    fc.oneof({ arbitrary: fc.constantFrom(...KEYS).map(utf8), weight: 4 }, { arbitrary: fragment, weight: 1 }),
    fc.constantFrom(' = ', '=', ' =', '= ', '  =  ', ' == ', '', ' ', ' =\t').map(utf8),
    fc.oneof(
      numberText.map(utf8),
      fc
        .constantFrom(
          '1',
          '0',
          '32768 60999',
          '1024 65535 9',
          '"30"',
          "'30'",
          '30 # comment',
          '30 ; x',
          '30#x',
          '0x1f',
          '010',
          '08',
          '',
          '8080,9000-9002',
        )
        .map(utf8),
      fragment,
    ),
    fc.constantFrom('', '', '', ' \\', ' # trailing', '\r', '\t', ' ').map(utf8),
  )
  .map(([indent, marker, key, equals, value, tail]) => concat([utf8(indent + marker), key, equals, value, tail]));

function configSamples(): Buffer[] {
  return rootFilesMatching(/\.conf$/);
}

/** The line texts with their endings give back the input (after the BOM): nothing lost. */
function reconstructs(file: ParsedConfigFile, text: string): boolean {
  const body = file.bom ? text.slice(1) : text;
  const rebuilt = file.lines.map((line) => line.text + (line.ending === 'crlf' ? '\r\n' : line.ending === 'lf' ? '\n' : '')).join('');
  return rebuilt === body;
}

function checkParsedConfig(file: ParsedConfigFile, text: string): void {
  if (!reconstructs(file, text)) violation('the lines do not add up to the input');
  file.lines.forEach((line, i) => {
    if (line.line !== i + 1) violation(`line ${i + 1} is numbered ${line.line}`);
    if (line.kind === 'assignment' && (line.key.includes('\n') || line.value.includes('\n')))
      violation(`line ${line.line}: a newline inside the key or value`);
    if (line.kind === 'invalid') describeInvalid(line);
    for (const note of line.notes) describeNote(note);
  });
  if (file.assignments.length !== file.lines.filter((l) => l.kind === 'assignment').length) violation('assignments do not match the lines');
  checkPlainData(file);
  for (const tool of ['procps', 'systemd'] as const) {
    const run = simulateLoad(tool, [{ path: '/etc/sysctl.d/fuzz.conf', file }], KNOWN);
    checkPlainData(run);
  }
  detectNotSysctl(text);
}

/** Strings no byte sequence decodes to: lone surrogates, and every hostile word. */
const jsText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_TEXT), anyText(4), fc.constantFrom('\uD800', '\uDFFF', '\n', '=', ' ')), { maxLength: 40 })
  .map((parts) => parts.join(''));

export const configTarget: FuzzTarget<{ bytes: Uint8Array } | { text: string }> = {
  msPerRun: 0.3,
  inputs: () =>
    fc.oneof(
      { arbitrary: textInputs({ samples: configSamples(), lines: sysctlConfLine }).map((bytes) => ({ bytes })), weight: 9 },
      { arbitrary: jsText.map((text) => ({ text })), weight: 1 },
    ),
  check: (input) => {
    if ('text' in input) {
      checkParsedConfig(parseConfigText(input.text, 'fuzz.conf'), input.text);
      return;
    }
    const file = parseConfigBytes(input.bytes, 'fuzz.conf');
    checkParsedConfig(file, decodeConfigBytes(input.bytes).text);
  },
};

// ---------------------------------------------------------------------------------------------
// Dumps: a buffer and the same bytes read from a file (in 64 KB chunks) must give the same answer.

type Read<T> = (source: ByteSource) => T;

/** Reads the input as a buffer, and as a file when asked; both answers must agree. */
function readBothWays<T>(
  bytes: Uint8Array,
  viaFile: boolean,
  read: Read<T>,
  expected: Omit<ErrorExpectation, 'file' | 'lines'> = {},
): T | undefined {
  const name = 'fuzz-dump.txt';
  const expectation = { file: name, lines: lineCount(bytes), ...expected };
  let bufferError: unknown;
  let fromBuffer: T | undefined;
  try {
    fromBuffer = read({ kind: 'buffer', data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name });
  } catch (error) {
    checkThrown(error, expectation);
    bufferError = error;
  }
  if (fromBuffer !== undefined) checkPlainData(fromBuffer);
  if (!viaFile) return fromBuffer;
  const path = join(scratchDirectory(), 'dump.txt');
  writeFileSync(path, bytes);
  let fileError: unknown;
  let fromFile: T | undefined;
  try {
    fromFile = read({ kind: 'file', path, name });
  } catch (error) {
    checkThrown(error, expectation);
    fileError = error;
  }
  const a = bufferError === undefined ? stableJson(fromBuffer) : `error: ${(bufferError as Error).message}`;
  const b = fileError === undefined ? stableJson(fromFile) : `error: ${(fileError as Error).message}`;
  if (a !== b) violation(`buffer and file disagree:\nbuffer: ${a.slice(0, 400)}\nfile:   ${b.slice(0, 400)}`);
  return fromBuffer;
}

function checkSocketSummary(summary: SocketSummary): void {
  const byState = TCP_STATES.reduce((sum, state) => sum + summary.byState[state].total, 0);
  if (byState !== summary.total.total) violation(`states add up to ${byState}, total says ${summary.total.total}`);
  const rows = summary.sources.reduce((sum, source) => sum + source.rows, 0);
  if (rows !== summary.total.total) violation(`${rows} rows counted, ${summary.total.total} sockets`);
  for (const state of TCP_STATES) {
    const counts = summary.byState[state];
    if (![counts.ipv4, counts.ipv6, counts.total].every((n) => Number.isSafeInteger(n) && n >= 0))
      violation(`${state}: counts are not whole numbers`);
  }
}

type SocketFormat = 'ss' | 'netstat' | 'proc-net-tcp';
interface SocketInput {
  readonly bytes: Uint8Array;
  readonly viaFile: boolean;
  /** Through readSocketDump/readDump (detection, scan, summary), or the scanner alone. */
  readonly whole: boolean;
  readonly forced: boolean;
  readonly state: TcpStateName | null;
  readonly anyDump: boolean;
}

/**
 * The scanner alone, as readSocketDump calls it with a forced format, on a tally shared by all
 * runs: a SocketTally holds about 9 MB of typed arrays, and a fresh one per input would make these
 * targets spend their time collecting garbage. Returns the rows and what they added per state.
 */
const sharedTallies = new Map<string, SocketTally>();
function scanAlone(format: SocketFormat, state: TcpStateName | null, which: string): Read<string> {
  return (source) => {
    let tally = sharedTallies.get(which);
    if (!tally) sharedTallies.set(which, (tally = new SocketTally()));
    const detected = detectDumpFormat(headOf(source, 16 * 1024));
    const layout = detected.kind === 'ss' ? detected.layout : { netid: false, state: state === null };
    const before = Array.from(tally.stateCounts);
    const rows =
      format === 'proc-net-tcp'
        ? scanProcNetTcp(source, tally)
        : format === 'netstat'
          ? scanNetstat(source, tally)
          : scanSs(source, tally, layout, state ?? undefined);
    const added = Array.from(tally.stateCounts, (n, i) => n - before[i]!);
    const counted = added.reduce((sum, n) => sum + n, 0);
    if (counted !== rows) violation(`${rows} rows reported, ${counted} sockets counted`);
    return `${rows} rows: ${added.join(' ')}`;
  };
}

function socketTarget(format: SocketFormat, samples: () => Buffer[]): FuzzTarget<SocketInput> {
  return {
    msPerRun: 0.5,
    inputs: () =>
      fc.record({
        bytes: textInputs({ samples: samples(), header: true }),
        viaFile: fc.constantFrom(true, false, false, false),
        whole: fc.constantFrom(true, false, false, false, false, false, false, false),
        forced: fc.boolean(),
        state: format === 'ss' ? fc.option(fc.constantFrom(...TCP_STATES), { freq: 5 }) : fc.constant(null),
        anyDump: fc.constantFrom(false, false, false, true),
      }),
    check: ({ bytes, viaFile, whole, forced, state, anyDump }) => {
      if (!whole) {
        readBothWays(bytes, viaFile, (source) => scanAlone(format, state, source.kind)(source));
        return;
      }
      const options = { ...(forced ? { format } : {}), ...(state ? { state } : {}) };
      if (anyDump) {
        const reading = readBothWays(bytes, viaFile, (source) => readDump(source, options), { usageAllowed: state !== null });
        if (reading?.kind === 'sockets') checkSocketSummary(reading.summary);
        return;
      }
      const summary = readBothWays(bytes, viaFile, (source) => readSocketDump(source, options), { usageAllowed: state !== null });
      if (summary) checkSocketSummary(summary);
    },
  };
}

export const ssTarget = socketTarget('ss', () =>
  ['ss-tan.txt', 'ss-Htan.txt', 'ss-tano.txt', 'ss-tanpie.txt', 'ss-tan-state-time-wait.txt'].map((f) => fixture(`dumps/${f}`)),
);
export const netstatTarget = socketTarget('netstat', () => ['netstat-nat.txt', 'netstat-tanop.txt'].map((f) => fixture(`dumps/${f}`)));
export const procNetTcpTarget = socketTarget('proc-net-tcp', () => [
  fixture('dumps/proc-net-tcp.txt'),
  fixture('dumps/proc-net-tcp6.txt'),
  ...fromEveryRoot('proc/net/tcp'),
  ...fromEveryRoot('proc/net/tcp6'),
]);

// sysctl -a: every "key = value" line comes back as an own entry under its canonical key.
const VALUE_LINE = /^([^\s=]+) = ?(.*)$/;

const sysctlDumpLine: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.oneof({ arbitrary: fc.constantFrom(...KEYS).map(utf8), weight: 4 }, { arbitrary: fragment, weight: 1 }),
    fc.constantFrom(' = ', ' =', '=', ' = = ', ': ').map(utf8),
    fc.oneof(numberText.map(utf8), fragment, fc.constantFrom('1', '4096\t131072\t6291456', '').map(utf8)),
  )
  .map((parts) => concat(parts));

export const sysctlTarget: FuzzTarget<{ bytes: Uint8Array; viaFile: boolean; viaReadDump: boolean }> = {
  msPerRun: 0.2,
  inputs: () =>
    fc.record({
      bytes: textInputs({ samples: [fixture('dumps/sysctl-a.txt')], lines: sysctlDumpLine }),
      viaFile: fc.constantFrom(true, false, false, false),
      viaReadDump: fc.boolean(),
    }),
  check: ({ bytes, viaFile, viaReadDump }) => {
    const read: Read<SysctlDump> = viaReadDump
      ? (source) => {
          const reading = readDump(source, { format: 'sysctl' });
          return reading.kind === 'sysctl' ? reading.dump : violation(`readDump with format sysctl gave ${reading.kind}`);
        }
      : readSysctlDump;
    const dump = readBothWays(bytes, viaFile, read);
    if (!dump) return;
    for (const text of Buffer.from(bytes).toString('utf8').split('\n')) {
      const match = VALUE_LINE.exec(text.replace(/\r$/, ''));
      if (match && !Object.hasOwn(dump.values, canonicalKey(match[1]!)))
        violation(`the line ${JSON.stringify(text.slice(0, 80))} has no entry`);
    }
  },
};

// /proc/net/netstat and snmp.
export const countersTarget: FuzzTarget<{ bytes: Uint8Array; viaFile: boolean; viaReadDump: boolean }> = {
  msPerRun: 0.2,
  inputs: () =>
    fc.record({
      bytes: textInputs({
        samples: [
          fixture('dumps/proc-net-netstat.txt'),
          fixture('dumps/proc-net-snmp.txt'),
          ...fromEveryRoot('proc/net/netstat'),
          ...fromEveryRoot('proc/net/snmp'),
        ],
      }),
      viaFile: fc.constantFrom(true, false, false, false),
      viaReadDump: fc.boolean(),
    }),
  check: ({ bytes, viaFile, viaReadDump }) => {
    const groups = readBothWays(bytes, viaFile, (source) => {
      if (!viaReadDump) return readCounterFile(source);
      const reading = readDump(source, { format: 'proc-net-netstat' });
      return reading.kind === 'counters' ? reading.groups : violation(`readDump with format proc-net-netstat gave ${reading.kind}`);
    });
    if (!groups) return;
    for (const [group, reading] of Object.entries(groups)) {
      for (const [name, value] of Object.entries(reading.values)) {
        if (!(typeof value === 'bigint' || Number.isSafeInteger(value)))
          violation(`${group} ${name}: ${String(value)} is not an exact integer`);
      }
    }
  },
};

// The ss capture a bundle carries (ss -tanpo state listening state close-wait): a result whose
// counts agree with each other, or an InputError at a line of the input.
export const ssCaptureTarget: FuzzTarget<Uint8Array> = {
  msPerRun: 0.1,
  inputs: () => textInputs({ samples: [...fromEveryRoot(SS_CAPTURE_FILE), fixture('dumps/ss-tanpie.txt')] }),
  check: (bytes) => {
    const text = Buffer.from(bytes).toString('utf8');
    const capture = resultOrInputError(() => parseSsCapture(text, 'capture.txt'), { file: 'capture.txt', lines: lineCount(bytes) });
    if (!capture) return;
    checkPlainData(capture);
    const held = capture.closeWaitHolders.reduce((sum, h) => sum + h.count, 0);
    if (held + capture.closeWaitWithoutProcess > capture.closeWait)
      violation(`${held} held + ${capture.closeWaitWithoutProcess} without a process > ${capture.closeWait} CLOSE-WAIT rows`);
    for (const listener of capture.listeners) {
      if (!(Number.isInteger(listener.queue) && Number.isInteger(listener.backlog) && listener.port >= 0 && listener.port <= 65535))
        violation(`a listener that is not numbers: ${JSON.stringify(listener)}`);
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Profiles: generated YAML (a structure, then text mutations) written to a file and loaded.

const PROFILE_KEYS = [
  'name',
  'summary',
  'extends',
  'context',
  'targets',
  'rules',
  'monitor',
  '__proto__',
  'constructor',
  'prototype',
  'polluted',
];
const yamlScalar = fc.oneof(
  fc.constantFrom('web', 'x', '', 'a b', 'net.ipv4.tcp_fin_timeout', 'Because a reason of ten characters or more.', 'RFC 9293'),
  fc.constantFrom(...HOSTILE_TEXT),
  fc.integer(),
  fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }).map((n) => Number(n)),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

/** A YAML mapping with any keys, "__proto__" included (a Map, so the key survives stringify). */
const yamlTarget = fc
  .record({
    value: fc.oneof(yamlScalar, fc.constantFrom('10240 65535', '8080,9000-9002', '0x1f', '08', '1 # x')),
    why: fc.oneof(fc.constant('Because it keeps the numbers right.'), yamlScalar),
    source: fc.oneof(fc.constant('docs/kernel/README.md#keys'), yamlScalar),
    extra: fc.option(fc.tuple(fc.constantFrom('only', 'pin', 'force', '__proto__', 'constructor', 'nope'), yamlScalar), { freq: 3 }),
  })
  .map(
    ({ value, why, source, extra }) =>
      new Map<string, unknown>([['value', value], ['why', why], ['source', source], ...(extra ? [extra] : [])]),
  );

const yamlProfile = fc
  .record({
    name: fc.oneof(fc.constantFrom('fuzz', 'web-server', 'Bad Name', '__proto__'), yamlScalar),
    summary: fc.oneof(fc.constant('A profile made by the fuzzer for tests.'), yamlScalar),
    targets: fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(...HOSTILE_TEXT)),
        fc.oneof({ arbitrary: yamlTarget, weight: 4 }, { arbitrary: yamlScalar, weight: 1 }),
      ),
      { maxLength: 6 },
    ),
    context: fc.option(
      fc.array(fc.tuple(fc.constantFrom('clientsBehindNat', 'natGateway', 'idleTimeout', '__proto__', 'constructor'), yamlScalar), {
        maxLength: 3,
      }),
      { freq: 3 },
    ),
    rules: fc.option(
      fc.array(
        fc.tuple(
          fc.constantFrom('tw-recycle', 'syn-flood', 'constructor', '__proto__', 'toString', 'Bad_Id'),
          fc.oneof(fc.constantFrom('off', 'info', 'warning', 'error'), yamlScalar),
        ),
        { maxLength: 3 },
      ),
      { freq: 3 },
    ),
    monitor: fc.option(
      fc.array(
        fc.tuple(
          fc.constantFrom('warn', 'crit', '__proto__'),
          fc.array(fc.tuple(fc.constantFrom('TIME_WAIT', '__proto__', 'constructor', 'polluted'), yamlScalar), { maxLength: 3 }),
        ),
        { maxLength: 2 },
      ),
      { freq: 4 },
    ),
    extends: fc.option(fc.constantFrom('conservative', 'web-server', './missing.yaml', '../../../../etc/passwd', '__proto__'), { freq: 6 }),
    stray: fc.option(fc.tuple(fc.constantFrom(...PROFILE_KEYS), yamlScalar), { freq: 5 }),
  })
  .map((p) => {
    const doc = new Map<string, unknown>([
      ['name', p.name],
      ['summary', p.summary],
    ]);
    if (p.extends !== null) doc.set('extends', p.extends);
    if (p.targets.length > 0) doc.set('targets', new Map(p.targets));
    if (p.context) doc.set('context', new Map(p.context));
    if (p.rules) doc.set('rules', new Map(p.rules));
    if (p.monitor) doc.set('monitor', new Map(p.monitor.map(([k, v]) => [k, new Map(v)])));
    if (p.stray) doc.set(p.stray[0], p.stray[1]);
    return utf8(stringify(doc));
  });

/** YAML features a profile should never need, spliced in as lines. */
const YAML_TRICKS = [
  'a: &x [1, 2, 3]',
  'b: *x',
  '<<: *x',
  'c: *undefined_anchor',
  '? [1, 2]',
  ': 3',
  '!!js/function "function () {}"',
  'x: !!binary aGVsbG8=',
  'y: !!timestamp 2001-12-14',
  'z: !!set {a, b}',
  'o: !!omap [a: 1]',
  'n: !!int 0x1F',
  'v: !custom tag',
  '%YAML 1.1',
  '%TAG ! tag:x,2000:',
  '---',
  '...',
  '\tname: tab',
  'name: [[[[[[[[[[',
  'name: {{{{',
  'key: "unterminated',
  "key: 'unterminated",
  'key: |',
  'key: >-',
  '  - item',
  '- top list',
  'targets: ~',
  'targets: []',
  'targets: !!str x',
  'name: &n fuzz',
  'summary: *n',
  '__proto__: {polluted: 1}',
  'constructor: {prototype: {polluted: 1}}',
  'targets: {__proto__: {value: 1, why: "xxxxxxxxxxxx", source: "xyz"}}',
  'rules: {__proto__: off, constructor: error}',
  'monitor: {warn: {__proto__: 5, constructor: 1}}',
  'name: 1e309',
  'name: .nan',
  'summary: !!null',
  '<<: {name: merged}',
];
const yamlTrickLine = fc.constantFrom(...YAML_TRICKS).map(utf8);

export const profileTarget: FuzzTarget<Uint8Array> = {
  msPerRun: 1,
  inputs: () => {
    const builtin = ['conservative', 'edge', 'long-lived', 'outbound-client', 'reverse-proxy', 'web-server'].map((name) =>
      readFileSync(join(REPO_ROOT, 'profiles', `${name}.yaml`)),
    );
    return fc.oneof(
      { arbitrary: yamlProfile, weight: 5 },
      {
        arbitrary: fc
          .tuple(yamlProfile, fc.array(fc.tuple(fc.nat(), yamlTrickLine), { minLength: 1, maxLength: 3 }))
          .map(([doc, tricks]) => {
            const lines = Buffer.from(doc).toString('utf8').split('\n');
            for (const [at, trick] of tricks) lines.splice(at % (lines.length + 1), 0, Buffer.from(trick).toString('utf8'));
            return utf8(lines.join('\n'));
          }),
        weight: 2,
      },
      { arbitrary: textInputs({ samples: builtin, lines: yamlTrickLine }, { bigWeight: 1 }), weight: 3 },
    );
  },
  check: (bytes) => {
    const file = join(scratchDirectory(), 'profile.yaml');
    writeFileSync(file, bytes);
    const profile = resultOrInputError(() => readProfileFile(file), { file, lines: lineCount(bytes) });
    if (!profile) return;
    checkPlainData(profile);
    for (const key of profile.targets.keys()) if (!findParam(key)) violation(`target ${JSON.stringify(key)} is not a catalogue key`);
  },
};

// ---------------------------------------------------------------------------------------------
// parseParamValue: never throws; an accepted value's canonical form is exact and reads back the same.

const valueText = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', ' ', '\t', '\n', '  '),
      fc.constantFrom('', '-', '+', '0x', '0X', '0', '00', '-0x'),
      fc.oneof(fc.bigInt({ min: 0n, max: 1n << 80n }).map(String), fc.nat(70000).map(String), fc.constantFrom('1f', 'FF', '8', '9', '')),
      fc.constantFrom('', ' ', '\t', ' # comment', ' 60999', '\t65535', ' x', 'x', '.5', 'e3', '\n', ',9000-9002', '-9002'),
    )
    .map((parts) => parts.join('')),
  fc.constantFrom(...HOSTILE_TEXT),
  anyText(30),
  fc.array(fc.oneof(fc.nat(70000).map(String), fc.constantFrom(',', '-', ' ', '')), { maxLength: 12 }).map((parts) => parts.join('')),
);

const valueContext: fc.Arbitrary<ValueContext> = fc.record(
  { hz: fc.constantFrom(100, 250, 300, 1000), unprivilegedPortStart: fc.nat(65536) },
  { requiredKeys: [] },
);

export const valueTarget: FuzzTarget<{ key: string; raw: string; context: ValueContext }> = {
  msPerRun: 0.05,
  inputs: () => fc.record({ key: fc.constantFrom(...CATALOGUE.map((spec) => spec.key)), raw: valueText, context: valueContext }),
  check: ({ key, raw, context }) => {
    const spec = findParam(key)!;
    const parsed = parseParamValue(spec, raw, context);
    if (!parsed.ok) {
      if (typeof parsed.problem !== 'string' || parsed.problem === '') violation('a rejection without a problem');
      return;
    }
    if (parsed.shape === 'integer') {
      const scanned = scanKernelInteger(raw);
      if (typeof scanned === 'string') violation(`accepted what scanKernelInteger rejects: ${scanned}`);
      if (!Number.isSafeInteger(parsed.value)) violation(`${raw} became ${parsed.value}, not an exact integer`);
      if (BigInt(parsed.canonical) !== scanned.value) violation(`canonical ${parsed.canonical} is not the kernel's value ${scanned.value}`);
    }
    const again = parseParamValue(spec, parsed.canonical, context);
    if (!again.ok || again.canonical !== parsed.canonical || ('ignored' in again && again.ignored !== undefined)) {
      violation(`canonical ${JSON.stringify(parsed.canonical)} does not read back as itself: ${JSON.stringify(again)}`);
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Embedded formats (Ansible, Kubernetes, TuneD, shell, ...): detection and every reader never
// throw, and every position they report lies inside the text.

function embeddedSamples(): Buffer[] {
  const found: Buffer[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.isFile()) found.push(readFileSync(join(dir, entry.name)));
    }
  };
  walk(join(REPO_ROOT, 'test', 'fixtures', 'embedded'));
  return found;
}

/** The readers, synchronously (readEmbedded only adds a lazy import of the YAML ones). */
const EMBEDDED_READERS = {
  shell: readShellScript,
  dockerfile: readDockerfile,
  tuned: readTuned,
  chef: readChef,
  puppet: readPuppet,
  nixos: readNixos,
  'sysctl-template': (text: string) => readSysctlTemplate(text, 'fuzz.conf.j2'),
  yaml: (text: string) => readYaml(text),
} as const;

export const embeddedTarget: FuzzTarget<{ bytes: Uint8Array; reader: keyof typeof EMBEDDED_READERS }> = {
  msPerRun: 0.4,
  inputs: () =>
    fc.record({
      bytes: textInputs({ samples: embeddedSamples(), lines: sysctlConfLine }),
      reader: fc.constantFrom(...(Object.keys(EMBEDDED_READERS) as (keyof typeof EMBEDDED_READERS)[])),
    }),
  check: ({ bytes, reader }) => {
    const text = decodeConfigBytes(bytes).text;
    detectFormat('fuzz', text);
    const extraction = EMBEDDED_READERS[reader](text);
    if (!extraction) return;
    checkPlainData(extraction);
    const lines = text.split('\n');
    const inside = (where: string, position: { line: number; column: number }) => {
      const line = lines[position.line - 1];
      if (line === undefined || position.column < 1 || position.column > line.length + 1)
        violation(`${where} ${position.line}:${position.column} is outside the text`);
    };
    for (const assignment of extraction.assignments) {
      inside(`the key of ${assignment.key}`, assignment.keyPosition);
      inside(`the value of ${assignment.key}`, assignment.valuePosition);
      if (assignment.value !== undefined && typeof assignment.value !== 'string') violation('a value that is not a string');
    }
    for (const skipped of extraction.notChecked) inside('a not-checked place', skipped.position);
    for (const operation of extraction.operations) inside('a file operation', operation.position);
  },
};

/** Every target by name (the worker runs one of them). */
export const TARGETS = {
  'sysctl.conf': configTarget,
  profile: profileTarget,
  'ss -tan': ssTarget,
  'netstat -nat': netstatTarget,
  '/proc/net/tcp': procNetTcpTarget,
  'sysctl -a': sysctlTarget,
  '/proc/net/netstat': countersTarget,
  'ss capture': ssCaptureTarget,
  parseParamValue: valueTarget,
  embedded: embeddedTarget,
} as const;

export type TargetName = keyof typeof TARGETS;
