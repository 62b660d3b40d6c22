/**
 * jsonPieces writes what JSON.stringify(value, null, 2) + "\n" writes, byte for byte, at every
 * depth of opening, while handing out a finding at a time: the review reports' JSON and SARIF
 * must not change because they are now written in pieces.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonPieces } from '../../src/reporters/json-pieces.js';

const finding = (line: number) => ({
  rule: 'tw-recycle',
  severity: 'error',
  message: 'tcp_tw_recycle = 1 breaks clients behind NAT (docs/kernel/observing.md#sockstat) — "quoted" \\ and \u2028',
  file: 'etc/sysctl.d/10-a.conf',
  line,
  column: 1,
  fix: { kind: 'remove-line', region: { startLine: line, startColumn: 1, endLine: line + 1, endColumn: 1 }, insert: '' },
  absent: undefined,
});

const CASES: readonly (readonly [string, unknown])[] = [
  [
    'a report',
    {
      tool: { name: 'x', version: '1' },
      policy: null,
      summary: { errors: 2, text: 'two' },
      files: [{ path: 'a' }],
      findings: [finding(1), finding(2)],
      suppressed: [],
      skipped: [],
    },
  ],
  ['empty containers and nested empties', { a: [], b: {}, c: [[], {}, [[]]], d: { e: { f: [] } } }],
  ['members JSON cannot show', { keep: 1, gone: undefined, fn: () => 1, list: [undefined, () => 1, 2] }],
  ['a toJSON member', { when: new Date(0), nested: [{ when: new Date(1) }] }],
  ['scalars at the top', 'text'],
  ['null at the top', null],
  ['numbers', { n: [0, -1.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY] }],
  ['keys that need escaping', { 'a"b': 1, 'line\nbreak': [true, false], '': 'empty key' }],
  ['astral and lone surrogates', { s: ['\u{1F534}', '\ud800', 'x\udc00y'] }],
  [
    'long arrays of mixed members, cut into batches',
    {
      a: Array.from({ length: 130 }, (_, i) => (i % 3 === 0 ? { i, list: [i, { j: i }] } : i % 3 === 1 ? undefined : [i])),
      b: [{ c: Array.from({ length: 70 }, (_, i) => i) }],
    },
  ],
  ['deep', { l1: { l2: { l3: { l4: { l5: [1, { l6: 'x' }] } } } } }],
];

test('the same bytes as JSON.stringify(value, null, 2) + "\\n", opened at any depth', () => {
  for (const [name, value] of CASES) {
    const expected = `${JSON.stringify(value, null, 2)}\n`;
    for (let depth = 0; depth <= 7; depth++) assert.equal(String(jsonPieces(value, depth)), expected, `${name}, open depth ${depth}`);
  }
});

test('opened containers are written member by member; below the open depth, members come a batch at a time', () => {
  const findings = Array.from({ length: 150 }, (_, i) => finding(i + 1));
  const pieces = [...jsonPieces({ findings }, 2)];
  const perPiece = pieces.map((piece) => piece.split('"rule": "tw-recycle"').length - 1).filter((count) => count > 0);
  assert.deepEqual(perPiece, [64, 64, 22]);
});

test('a generator is written as a JSON array, its members made only as they are written', () => {
  let made = 0;
  function* lazy() {
    for (let i = 0; i < 200; i++) {
      made++;
      yield { i };
    }
  }
  const printable = jsonPieces({ results: { [Symbol.iterator]: lazy }, after: true }, 1);
  assert.equal(made, 0, 'nothing made before writing');
  const iterator = printable[Symbol.iterator]();
  while (!String(iterator.next().value).includes('"i": 0'));
  assert.equal(made, 64, 'one batch made for the first piece of results');
  const expected = `${JSON.stringify({ results: Array.from({ length: 200 }, (_, i) => ({ i })), after: true }, null, 2)}\n`;
  assert.equal(String(printable), expected);
  // Read again: made anew, the same text (tests and the CLI may both read an output).
  assert.equal(String(printable), expected);
});
