/**
 * `review` on the corpus files that set sysctls in other formats (Ansible, Salt, TuneD, shell,
 * Dockerfile, Chef, NixOS, Jinja templates, YAML maps), read in place through the built CLI, against
 * the labelled expectations of test-corpus/embedded-expectations.ts: the format, every setting at
 * the line of its value with its key and value, and the findings that must appear there. Every
 * extracted position must point at its key and value in the file. "Not a sysctl file" is left only
 * for files that set none. Run with `npm run test:corpus`; skipped with a message when the corpus
 * (../shared/corpus beside the repository) is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runCli } from '../test/helpers/cli.js';
import { EMBEDDED_EXPECTATIONS } from './embedded-expectations.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = resolve(REPO_ROOT, '../shared/corpus');
const available = existsSync(join(CORPUS, 'MANIFEST.tsv'));
const SYSCTL_KINDS = new Set(['sysctl.conf', 'sysctl.d']);

interface Assignment {
  key: string;
  value: string | null;
  line: number;
  column: number;
  keyLine: number;
  keyColumn: number;
  appliedBy: string;
}
interface Report {
  files: { path: string; kind: string; format?: string; assignments?: Assignment[] }[];
  findings: { rule: string; line: number; severity: string }[];
}

function manifest(): { name: string; kind: string; path: string }[] {
  const lines = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = lines[0]!.split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const name = cells[header.indexOf('saved_name')]!;
    return { name, kind: cells[header.indexOf('kind')]!, path: join(CORPUS, 'files', name) };
  });
}

function review(path: string): Report {
  const run = runCli(['review', path, '--format', 'json', '--fail-on', 'none']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as Report;
}

/** The last dotted or slashed segment of a key: what the file must show at the key's position. */
function leaf(key: string): string {
  return key.split(/[./]/).at(-1)!;
}

test('corpus: every file that sets sysctls in another format is read as that format, with its settings at their lines', (t) => {
  if (!available) {
    t.skip(`corpus not found at ${CORPUS} (it lives beside the repository as ../shared/corpus)`);
    return;
  }
  let embeddedFiles = 0;
  let assignments = 0;
  let findings = 0;
  let notSysctl = 0;
  for (const entry of manifest()) {
    const report = review(entry.path);
    const file = report.files[0]!;
    const expected = EMBEDDED_EXPECTATIONS[entry.name];
    const context = `${entry.name} (${entry.kind})`;
    if (!expected) {
      // A sysctl file, or a file that sets no sysctl in a format review reads.
      assert.notEqual(file.kind, 'embedded', `${context} has no labelled expectation but was read as ${file.format}`);
      if (SYSCTL_KINDS.has(entry.kind)) assert.equal(file.kind, 'sysctl', context);
      else {
        notSysctl++;
        assert.deepEqual(
          report.findings.map((f) => [f.rule, f.severity]),
          [['not-sysctl', 'info']],
          context,
        );
      }
      continue;
    }
    embeddedFiles++;
    assert.equal(file.kind, 'embedded', context);
    assert.equal(file.format, expected.format, context);
    assert.deepEqual(
      file.assignments!.map((a) => [a.line, a.key, a.value]),
      expected.assignments.map((a) => [...a]),
      `${context}: the settings extracted`,
    );
    const lines = readFileSync(entry.path, 'utf8').split('\n');
    for (const a of file.assignments!) {
      const keyText = lines[a.keyLine - 1]?.slice(a.keyColumn - 1) ?? '';
      assert.ok(keyText.includes(leaf(a.key)), `${context}:${a.keyLine}:${a.keyColumn} does not show ${a.key}: ${keyText}`);
      if (a.value === null) continue;
      const valueText = lines[a.line - 1]?.slice(a.column - 1) ?? '';
      // Booleans become 1/0 for the tools that write them; everything else starts right there.
      const shown = valueText.replace(/^["']/, '');
      assert.ok(
        shown.startsWith(a.value) || /^(?:yes|no|true|false|on|off)\b/i.test(shown),
        `${context}:${a.line}:${a.column} does not show ${a.value}: ${valueText}`,
      );
    }
    for (const [line, rule] of expected.findings ?? []) {
      assert.ok(
        report.findings.some((f) => f.line === line && f.rule === rule),
        `${context}: expected ${rule} at line ${line}; got ${report.findings.map((f) => `${f.line} ${f.rule}`).join(', ')}`,
      );
    }
    assert.ok(!report.findings.some((f) => f.rule === 'not-sysctl'), `${context} sets sysctls: no not-sysctl finding`);
    assignments += file.assignments!.length;
    findings += report.findings.length;
  }
  assert.equal(embeddedFiles, Object.keys(EMBEDDED_EXPECTATIONS).length, 'every labelled file is in the corpus');
  t.diagnostic(
    `${embeddedFiles} files in other formats read: ${assignments} settings extracted, ${findings} findings; ${notSysctl} file(s) left as not-sysctl`,
  );
});
