/**
 * review on a sysctl.d directory with good and bad files (test/review/helpers/mixed.ts), through
 * the built CLI, in all five formats: anchors (file:line:col), rule ids, severities, fixes,
 * waivers, the not-sysctl file, exit codes, the summary and the kernel-assumed statement.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import AjvModule from 'ajv';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { FILES, mixedDirectory, type MixedDir } from './helpers/mixed.js';

interface JsonFinding {
  messageId: string;
  detail?: string;
  data?: Record<string, string | number>;
  rule: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  scope: string;
  key?: string;
  fix?: { kind: string; region: { startLine: number; startColumn: number; endLine: number; endColumn: number }; insert: string };
}

interface JsonReport {
  kernel: { version: string; assumed: boolean; source: string };
  summary: { errors: number; warnings: number; notes: number; files: number; text: string };
  files: { path: string; kind: string; format?: string }[];
  findings: JsonFinding[];
  suppressed: (JsonFinding & { waiverLine: number; reason: string })[];
  skipped: { rule: string; reason: string }[];
}

const validateJson = new AjvModule.default({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'review.schema.json'), 'utf8')),
);

/** [file, line, column, severity, rule] of every finding, the way a reviewer reads them. */
const EXPECTED: readonly (readonly [string, number, number, string, string])[] = [
  [FILES.bad, 2, 1, 'error', 'tw-recycle'],
  [FILES.bad, 3, 1, 'error', 'unknown-key'],
  [FILES.bad, 4, 1, 'info', 'syn-retries-timeline'],
  [FILES.bad, 4, 30, 'info', 'inline-comment'],
  [FILES.bad, 5, 35, 'warning', 'continuation-line'],
  [FILES.bad, 6, 5, 'error', 'invalid-syntax'],
  [FILES.bad, 7, 25, 'error', 'invalid-value'],
  [FILES.bad, 8, 1, 'info', 'shadowed-assignment'],
  [FILES.bad, 10, 3, 'warning', 'waiver'],
  [FILES.bad, 11, 1, 'warning', 'timestamps-off'],
  [FILES.bad, 16, 3, 'warning', 'waiver'],
  [FILES.bad, 17, 3, 'warning', 'waiver'],
  [FILES.bad, 18, 1, 'info', 'fin-timeout-misconception'],
  [FILES.bad, 19, 1, 'error', 'invalid-syntax'],
  [FILES.script, 3, 1, 'warning', 'not-sysctl'],
];
const SUMMARY = '5 errors, 6 warnings, 4 notes in 3 files (kernel 6.18 assumed)';

let mixed: MixedDir;
before(() => {
  mixed = mixedDirectory();
});
after(() => mixed.remove());

const review = (...args: string[]) => runCli(['review', mixed.dir, ...args], { cwd: mixed.cwd });
const path = (name: string) => `${mixed.dir}/${name}`;

describe('review --format json', () => {
  test('is valid against schemas/review.schema.json and lists every expected finding, anchored', () => {
    const run = review('--format', 'json');
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, '');
    const json = JSON.parse(run.stdout) as JsonReport;
    assert.ok(validateJson(json), JSON.stringify(validateJson.errors, null, 2));
    assert.deepEqual(
      json.findings.map((f) => [f.file, f.line, f.column, f.severity, f.rule]),
      EXPECTED.map(([file, ...rest]) => [path(file), ...rest]),
      json.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}`).join('\n'),
    );
    assert.deepEqual(json.kernel, { version: '6.18', assumed: true, source: 'newest known (6.18)' });
    assert.equal(json.summary.text, SUMMARY);
    assert.deepEqual(
      json.files.map((f) => [f.path, f.kind, f.format ?? null]),
      [
        [path(FILES.bad), 'sysctl', null],
        [path(FILES.good), 'sysctl', null],
        [path(FILES.script), 'not-sysctl', 'shell-script'],
      ],
    );
  });

  test('fixes: remove the tcp_tw_recycle line, replace the tcp_timestamps value', () => {
    const json = JSON.parse(review('--format', 'json').stdout) as JsonReport;
    const recycle = json.findings.find((f) => f.rule === 'tw-recycle')!;
    assert.deepEqual(recycle.fix, {
      kind: 'remove-line',
      description: 'Remove line 2 (net.ipv4.tcp_tw_recycle)',
      region: { startLine: 2, startColumn: 1, endLine: 3, endColumn: 1 },
      insert: '',
    });
    const timestamps = json.findings.find((f) => f.rule === 'timestamps-off')!;
    // "net.ipv4.tcp_timestamps = 0": the value "0" is column 27.
    assert.deepEqual(timestamps.fix?.region, { startLine: 11, startColumn: 27, endLine: 11, endColumn: 28 });
    assert.equal(timestamps.fix?.insert, '1');
    assert.equal(json.findings.find((f) => f.rule === 'unknown-key')!.fix, undefined, 'a typo has no single right fix');
  });

  test('waivers: one with a reason silences its line; the others are findings that say why', () => {
    const json = JSON.parse(review('--format', 'json').stdout) as JsonReport;
    assert.deepEqual(
      json.suppressed.map((s) => [s.rule, s.line, s.waiverLine, s.reason]),
      [['syncookies-disabled', 15, 14, 'SYN proxy absorbs floods']],
    );
    const waivers = json.findings.filter((f) => f.rule === 'waiver');
    assert.deepEqual(
      waivers.map((f) => [f.messageId, f.data]),
      [
        ['noReason', { rules: 'timestamps-off' }],
        ['unknownRuleNear', { rule: 'tcp-recycle', suggestions: 'tw-recycle' }],
        ['unused', { rule: 'inline-comment', target: 18 }],
      ],
    );
    assert.match(waivers[1]!.message, /unknown rule id tcp-recycle: did you mean tw-recycle\?/);
    assert.ok(!json.findings.some((f) => f.rule === 'syncookies-disabled'));
  });

  test('the not-sysctl file: one finding that names the format, and none of its lines checked', () => {
    const json = JSON.parse(review('--format', 'json').stdout) as JsonReport;
    const inScript = json.findings.filter((f) => f.file === path(FILES.script));
    assert.equal(inScript.length, 1);
    assert.equal(inScript[0]!.scope, 'file');
    assert.equal(inScript[0]!.messageId, 'inSysctlDirectory');
    assert.match(inScript[0]!.detail ?? '', /^What it is: shell script: line 3 starts a here-document/);
  });

  test('rules that need a live host are listed as skipped, with what they need', () => {
    const json = JSON.parse(review('--format', 'json').stdout) as JsonReport;
    const skipped = new Map(json.skipped.map((s) => [s.rule, s.reason]));
    assert.match(
      skipped.get('listen-overflow') ?? '',
      /needs kernel counters or the socket table from a host; review reads config files only/,
    );
    assert.ok(!skipped.has('tw-recycle'));
  });
});

describe('review --format text', () => {
  test('one line per finding (file:line:col  severity  message  [rule]), grouped by file, then the summary', () => {
    const run = review();
    assert.equal(run.status, 1);
    const lines = run.stdout.split('\n');
    const findingLines = lines.flatMap((line, i) => (/^\S+:\d+:\d+ {2}/.test(line) ? [i] : []));
    assert.deepEqual(
      findingLines.map((at) => {
        const [where, severity] = lines[at]!.split('  ');
        // A message's detail lines follow its headline; the rule tag ends the finding.
        const tagged = lines.slice(at).find((line) => /\[[a-z-]+\]$/.test(line)) ?? '';
        return [where, severity, /\[([a-z-]+)\]$/.exec(tagged)?.[1]];
      }),
      EXPECTED.map(([file, line, column, severity, rule]) => [`${path(file)}:${line}:${column}`, severity, rule]),
    );
    assert.ok(lines.includes('    fix: Remove line 2 (net.ipv4.tcp_tw_recycle)'));
    // A blank line between files, and the summary last.
    const scriptLine = lines.findIndex((line) => line.startsWith(path(FILES.script)));
    assert.equal(lines[scriptLine - 1], '');
    assert.equal(lines.at(-2), SUMMARY);
    assert.equal(lines.at(-1), '');
    assert.ok(!run.stdout.includes('\u001b['), 'no colour with NO_COLOR (and no TTY)');
  });

  test('exit codes follow --fail-on', () => {
    assert.equal(review('--fail-on', 'none').status, 0);
    assert.equal(review('--fail-on', 'info').status, 1);
    const good = runCli(['review', path(FILES.good)], { cwd: mixed.cwd });
    assert.equal(good.status, 0, good.stdout);
    assert.equal(good.stdout, '0 errors, 0 warnings, 0 notes in 1 file (kernel 6.18 assumed)\n');
    // Named on its own, the script is read as a shell script: its here-document sets tcp_tw_recycle (an error).
    const script = runCli(['review', path(FILES.script), '--format', 'json'], { cwd: mixed.cwd });
    assert.equal(script.status, 1, script.stdout);
    assert.deepEqual(
      (JSON.parse(script.stdout) as JsonReport).findings.map((f) => [f.rule, f.line]),
      [['tw-recycle', 4]],
    );
    assert.equal(runCli(['review', path(FILES.script), '--fail-on', 'none'], { cwd: mixed.cwd }).status, 0);
  });

  test('--kernel says which kernel was used instead of assuming one', () => {
    const run = review('--kernel', '4.9', '--fail-on', 'none');
    assert.match(run.stdout, /in 3 files \(kernel 4\.9 \(--kernel\)\)\n$/);
    // On 4.9 tcp_tw_recycle still exists: the rule then warns about NAT instead of a removed key.
    assert.match(run.stdout, /50-tcp\.conf:2:1 {2}error {2}tcp_tw_recycle = 1 drops SYNs from clients behind NAT/);
  });
});

describe('review --format github', () => {
  test('workflow commands with GitHub escaping, then the summary as a plain log line', () => {
    const run = review('--format', 'github');
    assert.equal(run.status, 1);
    const lines = run.stdout.trimEnd().split('\n');
    const commands = lines.filter((line) => line.startsWith('::'));
    assert.equal(commands.length, EXPECTED.length);
    // The title is the headline and the rule id ("HEADLINE [rule]"), its ":" and "," escaped; the body the detail.
    const parsed = commands.map((line) =>
      /^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=[^:]* \[([a-z-]+)\]::(.*)$/.exec(line),
    );
    assert.ok(parsed.every(Boolean), commands.join('\n'));
    const command = { error: 'error', warning: 'warning', info: 'notice' } as const;
    assert.deepEqual(
      parsed.map((m) => [m![2], Number(m![3]), Number(m![4]), m![1], m![5]]),
      EXPECTED.map(([file, line, column, severity, rule]) => [
        path(file).replace(/,/g, '%2C').replace(/:/g, '%3A'),
        line,
        column,
        command[severity as keyof typeof command],
        rule,
      ]),
    );
    // The fix goes on a second line of the message: an escaped newline.
    assert.match(commands[0]!, /%0AFix: Remove line 2 \(net\.ipv4\.tcp_tw_recycle\)$/);
    assert.ok(commands.every((line) => !line.slice(2).includes('\n') && !line.includes('\r')));
    assert.equal(lines.at(-1), `sysctl-advisor review: ${SUMMARY}`);
  });
});

describe('review --format markdown', () => {
  test('a table with one row per finding, "|" escaped in cells, and the summary', () => {
    const run = review('--format', 'markdown');
    assert.equal(run.status, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '### sysctl-advisor review');
    const header = lines.indexOf('| Severity | Location | Rule | Message |');
    assert.ok(header > 0);
    assert.equal(lines[header + 1], '|---|---|---|---|');
    const rows = lines.slice(header + 2).filter((line) => line.startsWith('| '));
    assert.equal(rows.length, EXPECTED.length);
    for (const row of rows) {
      // Unescaped pipes delimit exactly four cells.
      const delimiters = row.match(/(?<!\\)\|/g) ?? [];
      assert.equal(delimiters.length, 5, row);
    }
    const echoRow = rows.find((row) => row.includes(':19:1'))!;
    assert.match(echoRow, /'echo 1 \\\| tee \/proc\/sys\/net\/ipv4\/tcp_rfc1337'/);
    assert.match(
      rows[0]!,
      /^\| 🔴 error \| `sysctl\.d\/50-tcp\.conf:2:1` \| \[tw-recycle\]\(https:\/\/github\.com\/sysctl-advisor\/sysctl-advisor\/blob\/main\/docs\/rules\/tw-recycle\.md\) \|/,
    );
    assert.equal(lines.at(-1), `**${SUMMARY}**`);
  });
});
