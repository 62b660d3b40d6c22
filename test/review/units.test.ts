/** The small pieces of review: git output parsing, GitHub and Markdown escaping, waiver parsing, colour, binary files. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfigText } from '../../src/config/index.js';
import { paintFor } from '../../src/reporters/colour.js';
import { escapeData, escapeProperty } from '../../src/reporters/review-github.js';
import { escapeCell } from '../../src/reporters/review-markdown.js';
import { reviewText } from '../../src/reporters/review-text.js';
import { changedFiles, parseNameStatus, parsePatch, unquoteGitPath } from '../../src/review/changed-lines.js';
import { buildReviewReport } from '../../src/review/run.js';
import { readWaivers } from '../../src/review/waivers.js';

test('name-status -z: added, modified, renamed, copied, deleted, type-changed', () => {
  const output = [
    'A',
    'a.conf',
    'M',
    'b.conf',
    'R087',
    'old.conf',
    'new.conf',
    'C075',
    'src.conf',
    'copy.conf',
    'D',
    'gone.conf',
    'T',
    'link.conf',
    '',
  ].join('\0');
  assert.deepEqual(
    [...parseNameStatus(output)],
    [
      ['a.conf', 'new'],
      ['b.conf', 'changed'],
      ['new.conf', 'changed'],
      ['copy.conf', 'new'],
      ['link.conf', 'changed'],
    ],
  );
});

test('unified=0 hunks: added lines of the new version; deletions add none; /dev/null is a deletion', () => {
  const patch = [
    'diff --git a/x.conf b/x.conf',
    'index 1..2 100644',
    '--- a/x.conf',
    '+++ b/x.conf',
    '@@ -3 +3 @@',
    '-old',
    '+new',
    '@@ -7,0 +8,2 @@',
    '+a',
    '+b',
    '@@ -10,2 +11,0 @@',
    '-gone',
    '-gone too',
    'diff --git a/y.conf b/y.conf',
    'deleted file mode 100644',
    '--- a/y.conf',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-x',
    'diff --git "a/t\\tab.conf" "b/t\\tab.conf"',
    '--- "a/t\\tab.conf"',
    '+++ "b/t\\tab.conf"',
    '@@ -0,0 +1 @@',
    '+z',
    'diff --git a/bin.conf b/bin.conf',
    'Binary files a/bin.conf and b/bin.conf differ',
    '',
  ].join('\n');
  const { added, binary } = parsePatch(patch);
  assert.deepEqual([...added.keys()], ['x.conf', 't\tab.conf']);
  assert.deepEqual([...added.get('x.conf')!], [3, 8, 9]);
  assert.deepEqual([...added.get('t\tab.conf')!], [1]);
  assert.deepEqual(binary, ['Binary files a/bin.conf and b/bin.conf differ']);

  const changes = changedFiles(['M', 'x.conf', 'M', 'bin.conf', 'R100', 'was.conf', 'moved.conf', ''].join('\0'), patch, [
    'untracked.conf',
  ]);
  assert.deepEqual(changes.get('bin.conf'), { status: 'changed', lines: 'all' }, 'git cannot say which lines of a binary file changed');
  assert.deepEqual(changes.get('moved.conf'), { status: 'changed', lines: new Set() }, 'a pure rename changes no line');
  assert.deepEqual(changes.get('untracked.conf'), { status: 'new' });
  assert.equal(changes.get('y.conf'), undefined);
});

test('git path quoting: C escapes and octal UTF-8 bytes', () => {
  assert.equal(unquoteGitPath('b/plain.conf'), 'b/plain.conf');
  assert.equal(unquoteGitPath('"b/a\\"q\\\\b.conf"'), 'b/a"q\\b.conf');
  assert.equal(unquoteGitPath('"b/\\303\\251t\\303\\251.conf"'), 'b/été.conf');
});

test('GitHub workflow command escaping', () => {
  assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
  assert.equal(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
});

test('Markdown cell escaping', () => {
  assert.equal(escapeCell('a | b'), 'a \\| b');
  assert.equal(escapeCell('ends with "\\"'), 'ends with "\\\\"');
  assert.equal(escapeCell('<br> and\nnext'), '&lt;br&gt; and<br>next');
});

test('waivers: where they point, which ids, which reason', () => {
  const text = [
    '# sysctl-advisor: ignore tw-recycle, unknown-key -- migrating in Q3', // 1 → line 3
    '# another comment', //                                                  2
    'net.ipv4.tcp_tw_recycle = 1', //                                         3
    '; sysctl-advisor: ignore inline-comment', //                            4 → line 5, no reason
    'net.ipv4.tcp_syn_retries = 3 # x', //                                    5
    '# sysctl-advisor: skip all', //                                          6 malformed
    '', //                                                                     7
    '# sysctl-advisor: ignore -- nothing named', //                          8 malformed
  ].join('\n');
  const file = { id: 'f', display: 'f', absolute: '/f', parsed: parseConfigText(text, 'f'), notSysctl: null };
  const waivers = readWaivers(file).map((w) => ({
    line: w.line,
    column: w.column,
    target: w.target,
    rules: w.rules,
    reason: w.reason,
    malformed: w.malformed !== undefined,
  }));
  assert.deepEqual(waivers, [
    { line: 1, column: 3, target: 3, rules: ['tw-recycle', 'unknown-key'], reason: 'migrating in Q3', malformed: false },
    { line: 4, column: 3, target: 5, rules: ['inline-comment'], reason: '', malformed: false },
    { line: 6, column: 3, target: undefined, rules: [], reason: '', malformed: true },
    { line: 8, column: 3, target: undefined, rules: [], reason: 'nothing named', malformed: true },
  ]);
});

test('text colour: on a TTY only, never with NO_COLOR', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'review-colour-'));
  try {
    writeFileSync(join(dir, 'a.conf'), 'net.ipv4.tcp_tw_recycle = 1\n');
    const report = await buildReviewReport({ paths: ['a.conf'], format: 'text', failOn: 'error' }, dir);
    const red = '\u001b[31m';
    assert.ok(String(reviewText(report, paintFor(true, {}))).includes(`${red}error`));
    assert.ok(!String(reviewText(report, paintFor(true, { NO_COLOR: '1' }))).includes('\u001b['));
    assert.ok(!String(reviewText(report, paintFor(false, {}))).includes('\u001b['));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a binary file is a not-sysctl finding, not unreadable input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'review-binary-'));
  try {
    writeFileSync(join(dir, '10-blob.conf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x0a, 0x6e, 0x65, 0x74, 0x00]));
    const report = await buildReviewReport({ paths: ['.'], format: 'json', failOn: 'error' }, dir);
    assert.deepEqual(report.files, [{ path: '10-blob.conf', kind: 'not-sysctl', format: 'binary' }]);
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.severity, f.line]),
      [['not-sysctl', 'warning', 1]],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('named files: each real file once, wherever it is named from (a link in the directory, the directory by a link, the file itself)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'review-links-'));
  try {
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd', 'a.conf'), 'net.ipv4.tcp_tw_recycle = 1\n');
    writeFileSync(join(dir, 'outside.conf'), 'net.ipv4.tcp_fin_timout = 30\n');
    symlinkSync('a.conf', join(dir, 'd', 'b.conf'));
    symlinkSync('../outside.conf', join(dir, 'd', 'c.conf'));
    symlinkSync('d', join(dir, 'by-link'));
    const report = await buildReviewReport({ paths: ['by-link', 'd/a.conf', 'outside.conf'], format: 'json', failOn: 'error' }, dir);
    // b.conf is a.conf again, and outside.conf was reviewed as by-link/c.conf.
    assert.deepEqual(
      report.files.map((file) => file.path),
      ['by-link/a.conf', 'by-link/c.conf'],
    );
    assert.deepEqual(
      report.findings
        .filter((finding) => finding.rule !== 'shadowed-assignment')
        .map((finding) => `${finding.file}:${finding.line} ${finding.rule}`),
      ['by-link/a.conf:1 tw-recycle', 'by-link/c.conf:1 unknown-key'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
