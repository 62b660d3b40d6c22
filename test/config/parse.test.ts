/**
 * The line parser, table-driven over every syntax feature of docs/kernel/config-files-and-precedence.md#line-syntax and the edge cases
 * probed against procps 4.0.2 (the differential test re-checks all of them against the real tool).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeInvalid, describeNote, parseConfigText, type ConfigLine, type LineNoteKind } from '../../src/config/index.js';

/** The fields of `actual` named in `expected`, so a table row states only what it is about. */
function pick(actual: ConfigLine, expected: Record<string, unknown>): Record<string, unknown> {
  const view = actual as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.keys(expected).map((k) => [k, view[k]]));
}

interface Row {
  readonly name: string;
  /** The file content; the row is about line `line` (default 1). */
  readonly text: string;
  readonly line?: number;
  readonly expect: Record<string, unknown>;
  /** Note kinds the line must carry, exactly (order irrelevant). */
  readonly notes?: readonly LineNoteKind[];
}

const ROWS: readonly Row[] = [
  // Blank and comments
  { name: 'empty line', text: '\nx=1\n', expect: { kind: 'blank', text: '', ending: 'lf' }, notes: [] },
  { name: 'whitespace-only line', text: ' \t \n', expect: { kind: 'blank' }, notes: [] },
  { name: 'hash comment', text: '# a = b\n', expect: { kind: 'comment', marker: '#', column: 1 }, notes: [] },
  { name: 'semicolon comment', text: '; note\n', expect: { kind: 'comment', marker: ';' } },
  { name: 'indented comment', text: '   # x = 1\n', expect: { kind: 'comment', marker: '#', column: 4 } },
  { name: 'tab-indented semicolon', text: '\t; y\n', expect: { kind: 'comment', marker: ';', column: 2 } },
  { name: 'lone # at end of file', text: '#', expect: { kind: 'comment', ending: 'none' } },
  { name: 'shebang is a comment', text: '#!/bin/bash\n', expect: { kind: 'comment' } },
  {
    name: 'no inline comment after a comment marker inside a key',
    text: 'a#b = 1\n',
    expect: { kind: 'assignment', key: 'a#b', value: '1' },
  },

  // Assignments
  {
    name: 'key = value',
    text: 'net.ipv4.tcp_fin_timeout = 30\n',
    expect: {
      kind: 'assignment',
      key: 'net.ipv4.tcp_fin_timeout',
      canonicalKey: 'net.ipv4.tcp_fin_timeout',
      procPath: 'net/ipv4/tcp_fin_timeout',
      value: '30',
      ignoreFailure: false,
      isGlob: false,
      keyColumn: 1,
      equalsColumn: 26,
      valueColumn: 28,
    },
    notes: [],
  },
  {
    name: 'no blanks around =',
    text: 'net.ipv4.tcp_fin_timeout=31\n',
    expect: { key: 'net.ipv4.tcp_fin_timeout', value: '31', equalsColumn: 25, valueColumn: 26 },
  },
  {
    name: 'blanks around key and value trimmed',
    text: '  net.ipv4.tcp_keepalive_intvl   =   15   \n',
    expect: { key: 'net.ipv4.tcp_keepalive_intvl', value: '15', keyColumn: 3, valueColumn: 38 },
  },
  {
    name: 'tabs as blanks',
    text: '\tnet.ipv4.tcp_fin_timeout\t=\t30\t31\t\n',
    expect: { key: 'net.ipv4.tcp_fin_timeout', value: '30\t31', keyColumn: 2 },
  },
  {
    name: 'inner whitespace kept',
    text: 'net.ipv4.ip_local_port_range = 10000    65000\n',
    expect: { value: '10000    65000' },
    notes: [],
  },
  {
    name: 'vertical tab and form feed are blanks (isspace)',
    text: 'net.ipv4.tcp_fin_timeout\v=\f40\v\n',
    expect: { key: 'net.ipv4.tcp_fin_timeout', value: '40' },
  },
  { name: 'no-break space is not a blank', text: 'a.b = 30\u00a0\n', expect: { value: '30\u00a0' } },
  { name: 'first = splits', text: 'net.ipv4.tcp_fin_timeout = a = b\n', expect: { key: 'net.ipv4.tcp_fin_timeout', value: 'a = b' } },
  {
    name: 'slash separators',
    text: 'net/ipv4/tcp_keepalive_time=600\n',
    expect: { key: 'net/ipv4/tcp_keepalive_time', canonicalKey: 'net.ipv4.tcp_keepalive_time', procPath: 'net/ipv4/tcp_keepalive_time' },
  },
  {
    name: 'dot-first key swaps a slash into a dot (VLAN interface)',
    text: 'net.ipv4.conf.eth0/100.rp_filter = 1\n',
    expect: { procPath: 'net/ipv4/conf/eth0.100/rp_filter', canonicalKey: 'net.ipv4.conf.eth0/100.rp_filter' },
  },
  {
    name: 'slash-first key keeps its dots',
    text: 'net/ipv4/conf/eth0.100/rp_filter = 1\n',
    expect: { procPath: 'net/ipv4/conf/eth0.100/rp_filter' },
  },
  {
    name: 'leading slash',
    text: '/net/ipv4/tcp_syn_retries = 4\n',
    expect: { key: '/net/ipv4/tcp_syn_retries', procPath: 'net/ipv4/tcp_syn_retries' },
  },
  {
    name: 'repeated separator',
    text: 'net..ipv4.tcp_fin_timeout = 32\n',
    expect: { procPath: 'net/ipv4/tcp_fin_timeout' },
    notes: ['repeated-separator'],
  },
  {
    name: 'trailing separator names a directory only',
    text: 'net.ipv4.tcp_fin_timeout. = 33\n',
    expect: { procPath: 'net/ipv4/tcp_fin_timeout/' },
  },
  {
    name: '.. inside the key resolves (procps warns about the "/.")',
    text: 'net/ipv4/../ipv4/tcp_fin_timeout = 41\n',
    expect: { procPath: 'net/ipv4/tcp_fin_timeout' },
    notes: ['repeated-separator'],
  },
  { name: '.. above /proc/sys names nothing', text: 'net/.. = 1\n', expect: { kind: 'assignment', procPath: null } },

  // Ignore failure
  {
    name: 'leading - : ignore failure',
    text: '-net.ipv4.tcp_tw_recycle = 1\n',
    expect: { key: 'net.ipv4.tcp_tw_recycle', ignoreFailure: true, keyColumn: 2 },
    notes: [],
  },
  {
    name: '- then blank: procps keeps the blank',
    text: '- net.ipv4.tcp_fin_timeout = 34\n',
    expect: { key: ' net.ipv4.tcp_fin_timeout', ignoreFailure: true, procPath: ' net/ipv4/tcp_fin_timeout' },
    notes: ['space-after-dash'],
  },
  {
    name: '-- : procps drops the second dash too',
    text: '--net.ipv4.tcp_fin_timeout = 35\n',
    expect: { key: '-net.ipv4.tcp_fin_timeout', ignoreFailure: true, procPath: 'net/ipv4/tcp_fin_timeout' },
    notes: ['double-dash'],
  },

  // Globs and exclusions
  {
    name: 'glob assignment',
    text: 'net.ipv4.conf.*.rp_filter = 2\n',
    expect: { kind: 'assignment', isGlob: true, procPath: 'net/ipv4/conf/*/rp_filter' },
  },
  { name: '? and [ are globs too', text: 'net.ipv4.conf.[ad]?*.rp_filter = 2\n', expect: { isGlob: true } },
  {
    name: 'exclusion',
    text: '-net.ipv4.conf.all.rp_filter\n',
    expect: { kind: 'exclusion', key: 'net.ipv4.conf.all.rp_filter', procPath: 'net/ipv4/conf/all/rp_filter', isGlob: false, keyColumn: 2 },
    notes: [],
  },
  {
    name: 'exclusion with trailing blanks',
    text: '-net.ipv4.conf.all.rp_filter   \n',
    expect: { kind: 'exclusion', key: 'net.ipv4.conf.all.rp_filter' },
  },
  {
    name: 'exclusion with a blank after -',
    text: '- net.ipv4.conf.lo.rp_filter\n',
    expect: { kind: 'exclusion', key: ' net.ipv4.conf.lo.rp_filter' },
    notes: ['space-after-dash'],
  },
  { name: 'glob exclusion', text: '-net.ipv4.conf.l*.rp_filter\n', expect: { kind: 'exclusion', isGlob: true } },
  { name: 'lone - is an exclusion of nothing', text: '-\n', expect: { kind: 'exclusion', key: '', procPath: null }, notes: ['empty-key'] },
  { name: 'lone - at end of file', text: '-', expect: { kind: 'exclusion', key: '' } },
  { name: '-# is an exclusion, not a comment', text: '-# dash then hash\n', expect: { kind: 'exclusion', key: '# dash then hash' } },

  // Invalid lines
  { name: 'no = and no -', text: 'this line has no equals\n', expect: { kind: 'invalid', reason: 'no-equals', column: 1 } },
  { name: 'single character with LF is invalid', text: 'x\n', expect: { kind: 'invalid', reason: 'no-equals' } },
  { name: 'single character at end of file is skipped by procps', text: 'x', expect: { kind: 'invalid', reason: 'single-character' } },
  { name: 'indented single character at end of file', text: '  x', expect: { kind: 'invalid', reason: 'single-character', column: 3 } },
  { name: 'two characters at end of file', text: 'xy', expect: { kind: 'invalid', reason: 'no-equals' } },
  { name: 'one non-ASCII character at end of file is 2 bytes for procps', text: 'é', expect: { kind: 'invalid', reason: 'no-equals' } },
  { name: 'a BOM alone is 3 bytes for procps', text: '\uFEFF', expect: { kind: 'invalid', reason: 'no-equals', text: '' }, notes: ['bom'] },
  { name: 'YAML line', text: 'net.ipv4.tcp_fin_timeout: 30\n', expect: { kind: 'invalid', looksLike: 'yaml-mapping' } },
  { name: 'INI section', text: '[sysctl]\n', expect: { kind: 'invalid', looksLike: 'section-header' } },
  {
    name: 'Jinja tag',
    text: '{% if PROXY_MODE == "ipvs" %}\n',
    expect: { kind: 'assignment', key: '{% if PROXY_MODE', value: '= "ipvs" %}' },
  },
  { name: 'Jinja end tag', text: '{% endif %}\n', expect: { kind: 'invalid', looksLike: 'template-tag' } },
  { name: 'heredoc end', text: 'EOF\n', expect: { kind: 'invalid', looksLike: 'heredoc-end' } },

  // Silent meaning changes (notes)
  {
    name: 'inline # comment',
    text: 'net.ipv4.tcp_syn_retries = 3 # trailing comment\n',
    expect: { value: '3 # trailing comment' },
    notes: ['inline-comment'],
  },
  { name: 'inline ; comment', text: 'net.ipv4.tcp_syn_retries = 3 ; x\n', expect: { value: '3 ; x' }, notes: ['inline-comment'] },
  { name: 'value that is only a comment', text: 'net.ipv4.tcp_syn_retries = # 3\n', expect: { value: '# 3' }, notes: ['inline-comment'] },
  { name: '# glued to a value is not a comment', text: 'kernel.core_pattern = core#%p\n', expect: { value: 'core#%p' }, notes: [] },
  {
    name: 'trailing backslash',
    text: 'net.ipv4.tcp_keepalive_probes = 5 \\\n  6\n',
    expect: { value: '5 \\' },
    notes: ['trailing-backslash'],
  },
  {
    name: 'line after a backslash stands alone',
    text: 'a.b = 5 \\\n  6\n',
    line: 2,
    expect: { kind: 'invalid', reason: 'no-equals', column: 3 },
    notes: ['after-backslash'],
  },
  {
    name: 'assignment after a backslash stands alone',
    text: 'a.b = 5 \\\nc.d = 7\n',
    line: 2,
    expect: { kind: 'assignment', key: 'c.d', value: '7' },
    notes: ['after-backslash'],
  },
  { name: 'empty value', text: 'net.ipv4.tcp_fin_timeout =\n', expect: { value: '', valueColumn: 27 }, notes: ['empty-value'] },
  { name: 'blank value', text: 'net.ipv4.tcp_fin_timeout =    \n', expect: { value: '' }, notes: ['empty-value'] },
  { name: 'value over 4096 bytes', text: `a.b = ${'x'.repeat(4097)}\n`, expect: { kind: 'assignment' }, notes: ['value-too-long'] },
  { name: 'value of exactly 4096 bytes', text: `a.b = ${'x'.repeat(4096)}\n`, expect: { kind: 'assignment' }, notes: [] },
  {
    name: 'CRLF',
    text: 'net.ipv4.tcp_fin_timeout = 30\r\n',
    expect: { value: '30', text: 'net.ipv4.tcp_fin_timeout = 30', ending: 'crlf' },
    notes: ['crlf'],
  },
  { name: 'lone CR inside a line', text: 'a.b = 38\rc.d = 3\n', expect: { key: 'a.b', value: '38\rc.d = 3' }, notes: ['lone-cr'] },
  { name: 'NUL ends the line for procps', text: 'a.b = 39\0garbage\n', expect: { value: '39' }, notes: ['nul-byte'] },
  { name: 'NUL right after one character', text: 'x\0y\n', expect: { kind: 'invalid', reason: 'single-character' }, notes: ['nul-byte'] },
  { name: 'NUL first', text: '\0a.b = 3\n', expect: { kind: 'blank' }, notes: ['nul-byte'] },
  {
    name: 'BOM glued to the first key',
    text: '\uFEFFnet.ipv4.tcp_fin_timeout = 30\n',
    expect: { key: '\uFEFFnet.ipv4.tcp_fin_timeout', text: 'net.ipv4.tcp_fin_timeout = 30', keyColumn: 1, valueColumn: 28 },
    notes: ['bom'],
  },
  {
    name: 'BOM turns a comment into an invalid line',
    text: '\uFEFF# comment\n',
    expect: { kind: 'invalid', reason: 'no-equals' },
    notes: ['bom'],
  },
  { name: 'quoted value', text: 'net.ipv4.tcp_fin_timeout = "30"\n', expect: { value: '"30"' }, notes: ['quoted-value'] },
  { name: 'empty key', text: '= 5\n', expect: { kind: 'assignment', key: '', procPath: null, value: '5' }, notes: ['empty-key'] },
  {
    name: 'empty key with ignore-failure',
    text: '-= 5\n',
    expect: { kind: 'assignment', key: '', ignoreFailure: true },
    notes: ['empty-key'],
  },
  { name: 'blank key keeps one blank (procps rstrip)', text: '- = 5\n', expect: { key: ' ', procPath: ' ' }, notes: ['empty-key'] },
  {
    name: 'shell command with =',
    text: 'sysctl -w net.ipv4.tcp_fin_timeout=30\n',
    expect: { key: 'sysctl -w net.ipv4.tcp_fin_timeout', value: '30' },
    notes: ['whitespace-in-key'],
  },
  { name: 'Unicode value', text: 'a.b = 値\n', expect: { value: '値' }, notes: [] },
];

for (const row of ROWS) {
  test(`parse: ${row.name}`, () => {
    const parsed = parseConfigText(row.text, 'test.conf');
    const line = parsed.lines[(row.line ?? 1) - 1];
    assert.ok(line, `no line ${row.line ?? 1}`);
    assert.deepEqual(pick(line, row.expect), row.expect);
    if (row.notes) assert.deepEqual(line.notes.map((n) => n.kind).sort(), [...row.notes].sort());
  });
}

test('parsing is lossless: lines + endings (+ BOM) rebuild the text exactly', () => {
  const samples = [
    '',
    'a.b = 1',
    'a.b = 1\n',
    '\uFEFFa.b = 1\r\nc.d = 2\r\n# x\n\n  \t\nlast',
    'x\0y\n\0\r\n\r\rz = 1\r',
    'a = 1\n\n\n',
    '\uFEFF',
  ];
  for (const text of samples) {
    const parsed = parseConfigText(text, 't');
    const ending = { lf: '\n', crlf: '\r\n', none: '' } as const;
    const rebuilt = (parsed.bom ? '\uFEFF' : '') + parsed.lines.map((l) => l.text + ending[l.ending]).join('');
    assert.equal(rebuilt, text);
  }
});

test('line numbers count LF-terminated lines; a missing final newline still makes a line', () => {
  const parsed = parseConfigText('a.b = 1\n\nc.d = 2', 't');
  assert.deepEqual(
    parsed.lines.map((l) => [l.line, l.kind, l.ending]),
    [
      [1, 'assignment', 'lf'],
      [2, 'blank', 'lf'],
      [3, 'assignment', 'none'],
    ],
  );
  assert.deepEqual(parseConfigText('', 't').lines, []);
});

test('views and file notes: assignments, exclusions, invalid lines, binary', () => {
  const parsed = parseConfigText('a.b = 1\n-c.d\nbad\nx\0\n', 'f.conf');
  assert.equal(parsed.path, 'f.conf');
  assert.deepEqual(
    parsed.assignments.map((l) => l.line),
    [1],
  );
  assert.deepEqual(
    parsed.exclusions.map((l) => l.line),
    [2],
  );
  assert.deepEqual(
    parsed.invalid.map((l) => l.line),
    [3, 4],
  );
  assert.deepEqual(parsed.fileNotes, [{ kind: 'binary', nulBytes: 1, firstLine: 4 }]);
});

test('the inline-comment note says where the comment starts and what the value was meant to be', () => {
  const [line] = parseConfigText('net.ipv4.tcp_syn_retries = 3   # retries\n', 't').lines;
  assert.deepEqual(line!.notes, [{ kind: 'inline-comment', column: 32, comment: '# retries', valueBeforeComment: '3' }]);
});

test('keys named __proto__ or constructor are ordinary data', () => {
  const parsed = parseConfigText('__proto__ = 1\nconstructor = 2\n-__proto__\n', 't');
  assert.deepEqual(
    parsed.assignments.map((l) => [l.key, l.value]),
    [
      ['__proto__', '1'],
      ['constructor', '2'],
    ],
  );
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal(Object.getPrototypeOf(parsed.assignments[0]), Object.prototype);
});

test('never throws, whatever the bytes', () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = ['a', '.', '/', '=', '-', '#', ';', ' ', '\t', '\r', '\n', '\0', '\\', '*', '[', ']', '?', '\uFEFF', '値', '"'];
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const length = Math.floor(next() * 60);
    for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * alphabet.length)];
    const parsed = parseConfigText(text, 'fuzz');
    for (const line of parsed.lines) for (const note of line.notes) assert.equal(typeof describeNote(note), 'string');
    for (const line of parsed.invalid) assert.equal(typeof describeInvalid(line), 'string');
  }
});
