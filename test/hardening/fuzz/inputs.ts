/**
 * Input generators shared by the fuzz targets. Most inputs start from a real sample (a window of
 * its lines) and are mutated the ways pasted or hostile input goes wrong: lines cut, dropped,
 * doubled, swapped, words replaced by hostile tokens (prototype keys, numbers past every integer
 * type, NUL, invalid UTF-8, BOM, CR, ESC), CRLF endings, a cut mid-line at the end. The rest is
 * token soup built from the samples' own words, raw bytes, and now and then one very long line
 * or a great many rows, so the bulk stays small and fast.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/cli.js';

export const FIXTURES = join(REPO_ROOT, 'test/fixtures');

/** A fixture file (path relative to test/fixtures). */
export function fixture(relative: string): Buffer {
  return readFileSync(join(FIXTURES, relative));
}

/** The same file in every scenario root that has it (roots/_base/<relative>, roots/<scenario>/root/<relative>). */
export function fromEveryRoot(relative: string): Buffer[] {
  const roots = join(FIXTURES, 'roots');
  const found: Buffer[] = [];
  for (const name of readdirSync(roots).sort()) {
    for (const path of [join(roots, name, relative), join(roots, name, 'root', relative)]) {
      try {
        if (statSync(path).isFile()) found.push(readFileSync(path));
      } catch {
        // not in this scenario
      }
    }
  }
  return found;
}

/** Every file under test/fixtures/roots whose path matches. */
export function rootFilesMatching(pattern: RegExp): Buffer[] {
  const found: Buffer[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && pattern.test(path)) found.push(readFileSync(path));
    }
  };
  walk(join(FIXTURES, 'roots'));
  return found;
}

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/** Words that break naive code. */
export const HOSTILE_TEXT: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '__proto__.polluted',
  'constructor.prototype.polluted',
  'net.__proto__.x',
  '__proto__/polluted',
  '',
  ' ',
  '  ',
  '\t',
  '\v',
  '\f',
  '\r',
  '\r\n',
  '\n',
  '\0',
  '\uFEFF',
  '\u00A0',
  '\u2028',
  '\uFFFD',
  '\uD800',
  '\u{1F600}',
  '\x1b[31m',
  '\x7f',
  '\x85',
  '=',
  ' = ',
  '==',
  ':',
  '::',
  '#',
  ';',
  '-',
  '--',
  '\\',
  '"',
  "'",
  '`',
  '*',
  '?',
  '[',
  ']',
  '[!',
  '{',
  '}',
  '%',
  '/',
  '//',
  '.',
  '..',
  '...',
  '../../../../etc/passwd',
  '/dev/null',
  '/dev/zero',
  '0',
  '-0',
  '+1',
  '00',
  '08',
  '0x',
  '0x1F',
  '0X7fffffff',
  '010',
  '1e309',
  '1.5',
  'NaN',
  'Infinity',
  '-1',
  '2147483647',
  '2147483648',
  '-2147483649',
  '4294967296',
  '9007199254740993',
  '9223372036854775807',
  '-9223372036854775809',
  '18446744073709551615',
  '18446744073709551616',
  '9'.repeat(40),
  `-${'9'.repeat(40)}`,
  'ESTAB',
  'LISTEN',
  'TIME-WAIT',
  'TIME_WAIT',
  'SYN-RECV',
  'FIN-WAIT-2',
  'UNKNOWN',
  'UNCONN',
  'tcp',
  'tcp6',
  'udp',
  'u_str',
  '*:*',
  '[::]:*',
  '[::ffff:1.2.3.4]:80',
  '0.0.0.0:0',
  '255.255.255.255:65535',
  '1.2.3.4:65536',
  '256.1.1.1:80',
  '[fe80::1%eth0]:22',
  '1.2.3.4%lo:80',
  '*',
  'timer:(timewait,59sec,0)',
  'timewait (59.00/0/0)',
  'users:(("nginx",pid=1,fd=3))',
  'sysctl: ',
  "sysctl: permission denied on key '__proto__'",
  'TcpExt:',
  'Tcp:',
  'IpExt:',
  'sl',
  'State',
  'Netid',
  'Recv-Q',
  'Send-Q',
  'Active Internet connections',
  'Active UNIX domain sockets',
  'Proto',
  '0100007F:1F90',
  '00000000000000000000000001000000:0016',
  '0A',
  '0B',
  '0C',
  '00',
  'FF',
];

const HOSTILE_BYTES: readonly (readonly number[])[] = [
  [0x00],
  [0xff],
  [0xfe, 0xff],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xef, 0xbb, 0xbf],
  [0x1b, 0x5d, 0x30, 0x3b, 0x07],
  [0x0d],
  [0x0b],
  [0x80],
  [0x9b],
];

/**
 * Any UTF-16 unit sequence, lone surrogates included, mostly ASCII. (fc.string's 'binary' unit
 * would do, but it builds a table of every code point when first used, a second per worker.)
 */
const character = fc
  .oneof({ arbitrary: fc.integer({ min: 0, max: 0x7f }), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 0x10ffff }), weight: 1 })
  .map((cp) => (cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp)));
export function anyText(maxLength: number): fc.Arbitrary<string> {
  return fc.array(character, { maxLength }).map((chars) => chars.join(''));
}

/** A short piece of hostile text or bytes. */
export const fragment: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_TEXT).map(utf8), weight: 6 },
  { arbitrary: fc.constantFrom(...HOSTILE_BYTES).map((bytes) => Uint8Array.from(bytes)), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 12 }), weight: 1 },
  { arbitrary: anyText(12).map(utf8), weight: 1 },
  {
    arbitrary: fc
      .oneof(fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }), fc.integer(), fc.double(), fc.nat(70000))
      .map((n) => utf8(String(n))),
    weight: 2,
  },
);

/** Lines of a sample, without their "\n". */
export function linesOf(sample: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0x0a) {
      lines.push(sample.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < sample.length) lines.push(sample.subarray(start));
  return lines;
}

/** Every distinct blank-separated word of the samples. */
export function vocabularyOf(samples: readonly Uint8Array[]): Uint8Array[] {
  const words = new Set<string>();
  for (const sample of samples)
    for (const word of Buffer.from(sample)
      .toString('latin1')
      .split(/[ \t\n]+/))
      if (word) words.add(word);
  return [...words].slice(0, 4000).map((word) => Buffer.from(word, 'latin1'));
}

type Mutation =
  | { readonly kind: 'insert-line'; readonly at: number; readonly line: Uint8Array }
  | { readonly kind: 'drop-line' | 'dup-line' | 'tabs'; readonly at: number }
  | { readonly kind: 'swap-lines'; readonly at: number; readonly other: number }
  | { readonly kind: 'cut-line'; readonly at: number; readonly keep: number }
  | { readonly kind: 'insert-bytes'; readonly at: number; readonly column: number; readonly bytes: Uint8Array }
  | { readonly kind: 'replace-word'; readonly at: number; readonly word: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete-bytes'; readonly at: number; readonly column: number; readonly length: number }
  | { readonly kind: 'crlf' }
  | { readonly kind: 'bom' };

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength)));
}

function applyMutation(lines: Uint8Array[], mutation: Mutation): void {
  if (mutation.kind === 'crlf') {
    for (let i = 0; i < lines.length; i++) lines[i] = concat([lines[i]!, Uint8Array.of(0x0d)]);
    return;
  }
  if (mutation.kind === 'bom') {
    lines[0] = concat([Uint8Array.of(0xef, 0xbb, 0xbf), lines[0] ?? new Uint8Array()]);
    return;
  }
  if (mutation.kind === 'insert-line') {
    lines.splice(mutation.at % (lines.length + 1), 0, mutation.line);
    return;
  }
  if (lines.length === 0) return;
  const at = mutation.at % lines.length;
  const line = lines[at]!;
  switch (mutation.kind) {
    case 'drop-line':
      lines.splice(at, 1);
      return;
    case 'dup-line':
      lines.splice(at, 0, line);
      return;
    case 'swap-lines': {
      const other = mutation.other % lines.length;
      lines[at] = lines[other]!;
      lines[other] = line;
      return;
    }
    case 'tabs':
      lines[at] = Uint8Array.from(line, (byte) => (byte === 0x20 ? 0x09 : byte));
      return;
    case 'cut-line':
      lines[at] = line.subarray(0, mutation.keep % (line.length + 1));
      return;
    case 'insert-bytes': {
      const column = mutation.column % (line.length + 1);
      lines[at] = concat([line.subarray(0, column), mutation.bytes, line.subarray(column)]);
      return;
    }
    case 'delete-bytes': {
      const column = mutation.column % (line.length + 1);
      lines[at] = concat([line.subarray(0, column), line.subarray(column + mutation.length)]);
      return;
    }
    case 'replace-word': {
      const words = [
        ...Buffer.from(line)
          .toString('latin1')
          .matchAll(/[^ \t]+/g),
      ];
      if (words.length === 0) return;
      const word = words[mutation.word % words.length]!;
      lines[at] = concat([line.subarray(0, word.index), mutation.bytes, line.subarray(word.index + word[0].length)]);
      return;
    }
  }
}

export interface SampleSet {
  readonly samples: readonly Uint8Array[];
  /** Extra whole lines to splice in (generated ones, e.g. sysctl lines). */
  readonly lines?: fc.Arbitrary<Uint8Array>;
  /** Keep line 1 of the sample (a header that decides format detection) in most inputs. */
  readonly header?: boolean;
}

/** A soup line: sample words and hostile fragments with assorted separators. */
function soupLine(vocabulary: readonly Uint8Array[], extra?: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const word = fc.oneof({ arbitrary: fc.constantFrom(...vocabulary), weight: 3 }, { arbitrary: fragment, weight: 1 });
  const separator = fc.constantFrom(' ', '  ', '\t', '', ' = ', '=', ':', ': ', '      ').map(utf8);
  const soup = fc.array(fc.tuple(word, separator), { maxLength: 10 }).map((pairs) => concat(pairs.flat()));
  return extra ? fc.oneof(soup, extra) : soup;
}

/** Text inputs from a set of samples: mostly mutated windows, some soup, raw bytes, and rare big ones. */
/** `bigWeight`: big inputs per ~930 others (2 by default: about 20 in 10,000 runs). */
export function textInputs(set: SampleSet, options: { bigWeight?: number } = {}): fc.Arbitrary<Uint8Array> {
  const sampleLines = set.samples.map(linesOf);
  const vocabulary = vocabularyOf(set.samples);
  const anySampleLine = fc
    .tuple(fc.nat(sampleLines.length - 1), fc.nat())
    .map(([s, l]) => sampleLines[s]![l % Math.max(1, sampleLines[s]!.length)] ?? new Uint8Array());
  const newLine = fc.oneof(anySampleLine, soupLine(vocabulary, set.lines));
  const position = fc.nat(1 << 16);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('insert-line' as const), at: position, line: newLine }),
    fc.record({ kind: fc.constantFrom('drop-line' as const, 'dup-line' as const, 'tabs' as const), at: position }),
    fc.record({ kind: fc.constant('swap-lines' as const), at: position, other: position }),
    fc.record({ kind: fc.constant('cut-line' as const), at: position, keep: position }),
    fc.record({ kind: fc.constant('insert-bytes' as const), at: position, column: position, bytes: fragment }),
    { arbitrary: fc.record({ kind: fc.constant('replace-word' as const), at: position, word: position, bytes: fragment }), weight: 3 },
    fc.record({ kind: fc.constant('delete-bytes' as const), at: position, column: position, length: fc.nat(40) }),
    fc.constantFrom({ kind: 'crlf' as const }, { kind: 'bom' as const }),
  );
  const mutated = fc
    .record({
      sample: fc.nat(sampleLines.length - 1),
      from: position,
      count: fc.nat(24),
      header: fc.boolean(),
      mutations: fc.array(mutation, { maxLength: 6 }),
      finalNewline: fc.boolean(),
      cutAt: fc.option(position, { freq: 8 }),
    })
    .map(({ sample, from, count, header, mutations, finalNewline, cutAt }) => {
      const all = sampleLines[sample]!;
      const start = all.length === 0 ? 0 : from % all.length;
      const lines = all.slice(start, start + count);
      if (set.header && header && start > 0 && all.length > 0) lines.unshift(all[0]!);
      for (const m of mutations) applyMutation(lines, m);
      const parts: Uint8Array[] = [];
      lines.forEach((line, i) => {
        parts.push(line);
        if (i < lines.length - 1 || finalNewline) parts.push(Uint8Array.of(0x0a));
      });
      const bytes = concat(parts);
      // A paste cut mid-line (truncated input).
      return cutAt === null ? bytes : bytes.subarray(0, cutAt % (bytes.length + 1));
    });
  const soup = fc.array(newLine, { maxLength: 12 }).map((lines) => concat(lines.flatMap((line) => [line, Uint8Array.of(0x0a)])));
  const raw = fc.uint8Array({ maxLength: 256 });
  const big = fc
    .record({
      sample: fc.nat(sampleLines.length - 1),
      at: position,
      size: fc.constantFrom(20_000, 100_000),
      fill: fc.constantFrom('digits', 'letters', 'blanks', 'binary', 'newlines', 'rows', 'equals'),
    })
    .map(({ sample, at, size, fill }) => {
      const lines = sampleLines[sample]!.slice(0, 40);
      const row = lines[Math.min(lines.length - 1, 1)] ?? utf8('x');
      const block =
        fill === 'digits'
          ? Buffer.alloc(size, '9')
          : fill === 'letters'
            ? Buffer.alloc(size, 'a')
            : fill === 'blanks'
              ? Buffer.alloc(size, ' ')
              : fill === 'equals'
                ? Buffer.alloc(size, '= ')
                : fill === 'newlines'
                  ? Buffer.alloc(size, '\n')
                  : fill === 'binary'
                    ? Buffer.from(Array.from({ length: size }, (_, i) => (i * 131 + 7) & 0xff))
                    : Buffer.concat(
                        Array.from({ length: Math.ceil(size / (row.length + 1)) }, () => Buffer.concat([row, Buffer.from('\n')])),
                      );
      lines.splice(at % (lines.length + 1), 0, block);
      return concat(lines.flatMap((line) => [line, Uint8Array.of(0x0a)]));
    });
  return fc.oneof(
    { arbitrary: mutated, weight: 700 },
    { arbitrary: soup, weight: 150 },
    { arbitrary: raw, weight: 80 },
    { arbitrary: big, weight: options.bigWeight ?? 2 },
  );
}
