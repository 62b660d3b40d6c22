/**
 * `review` on every real file of the corpus (../shared/corpus, see its MANIFEST.tsv), read in
 * place through the built CLI. Run with `npm run test:corpus`; skipped with a message when the
 * corpus is absent.
 *
 * - No crash: exit 0 or 1, nothing on stderr. Exit 2 is for unreadable input only; a binary file
 *   is not unreadable — it is reported as not-sysctl (format "binary") — so no corpus file may
 *   give 2. (The corpus has no binary files today; test/review covers that path.)
 * - Files of kind sysctl.conf / sysctl.d: every line procps 4.0.2 calls "invalid syntax"
 *   (`sysctl --dry-run -p FILE` inside `unshare --net`) is an invalid-syntax error at that line,
 *   and every other invalid-syntax finding is a line procps skips silently (a lone character).
 * - Files of the other kinds are read in their own format (test-corpus/embedded-corpus.test.ts
 *   checks what is extracted); a Jinja-templated sysctl.d file is read as a template, so its
 *   `{% if %}` lines are template logic, not "invalid syntax".
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parseConfigBytes } from '../src/config/index.js';
import { runCli } from '../test/helpers/cli.js';
import { requireNetns } from '../test/helpers/netns.js';
import { observeProcps, procpsDryRun } from '../test/config/helpers/procps.js';

/** dist/test-corpus/ → repository root → ../shared/corpus. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = resolve(REPO_ROOT, '../shared/corpus');
const SYSCTL_KINDS = new Set(['sysctl.conf', 'sysctl.d']);

interface Entry {
  readonly name: string;
  readonly kind: string;
  readonly path: string;
}

interface Finding {
  rule: string;
  severity: string;
  line: number;
  file: string;
}

function manifest(): Entry[] {
  const lines = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = lines[0]!.split('\t');
  const nameAt = header.indexOf('saved_name');
  const kindAt = header.indexOf('kind');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return { name: cells[nameAt]!, kind: cells[kindAt]!, path: join(CORPUS, 'files', cells[nameAt]!) };
  });
}

const available = existsSync(join(CORPUS, 'MANIFEST.tsv'));

/** Every corpus file reviewed once, through the built CLI, in JSON. */
let reviews: Map<string, { status: number | null; stderr: string; findings: Finding[] }> | undefined;
function reviewAll(): NonNullable<typeof reviews> {
  if (reviews) return reviews;
  reviews = new Map();
  for (const entry of manifest()) {
    const run = runCli(['review', entry.path, '--format', 'json', '--fail-on', 'error']);
    const findings = run.stdout ? (JSON.parse(run.stdout) as { findings: Finding[] }).findings : [];
    reviews.set(entry.name, { status: run.status, stderr: run.stderr, findings });
  }
  return reviews;
}

test('corpus: review reads every file without crashing; sysctl files stay sysctl files', (t) => {
  if (!available) {
    t.skip(`corpus not found at ${CORPUS} (it lives beside the repository as ../shared/corpus)`);
    return;
  }
  const results = reviewAll();
  let sysctlFiles = 0;
  let findings = 0;
  for (const entry of manifest()) {
    const result = results.get(entry.name)!;
    const context = `${entry.name} (${entry.kind})`;
    assert.ok(result.status === 0 || result.status === 1, `${context}: exit ${result.status}: ${result.stderr}`);
    assert.equal(result.stderr, '', context);
    findings += result.findings.length;
    if (SYSCTL_KINDS.has(entry.kind)) {
      sysctlFiles++;
      assert.ok(!result.findings.some((f) => f.rule === 'not-sysctl'), `${context} is a sysctl file`);
    }
  }
  t.diagnostic(`${results.size} files reviewed (${sysctlFiles} sysctl files): ${findings} findings, no crash`);
});

test('corpus: every line procps calls "invalid syntax" is an invalid-syntax error at that line', (t) => {
  if (!available) {
    t.skip(`corpus not found at ${CORPUS} (it lives beside the repository as ../shared/corpus)`);
    return;
  }
  if (!requireNetns(t)) return;
  const results = reviewAll();
  let invalidLines = 0;
  for (const entry of manifest().filter((e) => SYSCTL_KINDS.has(e.kind))) {
    const context = `${entry.name} (${entry.kind})`;
    const procpsInvalid = observeProcps(procpsDryRun([entry.path])).invalid.map((where) => Number(where.slice(where.lastIndexOf(':') + 1)));
    const reported = results.get(entry.name)!.findings.filter((f) => f.rule === 'invalid-syntax');
    // A template's tags ({% if %}) are gone once it renders: template logic, not invalid lines.
    const templateTags = new Set(
      readFileSync(entry.path, 'utf8')
        .split('\n')
        .flatMap((text, i) => (/^\s*(?:\{%|\{\{|\{#)/.test(text) ? [i + 1] : [])),
    );
    for (const line of procpsInvalid) {
      if (templateTags.has(line)) {
        assert.ok(!reported.some((f) => f.line === line), `${context}:${line} is a template tag`);
        continue;
      }
      const finding = reported.find((f) => f.line === line);
      assert.ok(finding, `${context}: procps says line ${line} is invalid syntax; review says nothing there`);
      assert.equal(finding.severity, 'error', `${context}:${line}`);
    }
    // The rest are lines procps skips silently: a lone character on the last line (systemd rejects those).
    const silent = new Set(
      parseConfigBytes(readFileSync(entry.path), entry.path)
        .invalid.filter((l) => l.reason === 'single-character')
        .map((l) => l.line),
    );
    for (const finding of reported)
      assert.ok(procpsInvalid.includes(finding.line) || silent.has(finding.line), `${context}:${finding.line} is not invalid for procps`);
    invalidLines += procpsInvalid.length;
  }
  t.diagnostic(`${invalidLines} "invalid syntax" lines from procps, each an invalid-syntax error in review`);
});
