/**
 * Every citation a user is shown can be opened: `explain` prints package pages as paths that exist
 * (with an anchor the page has) or https URLs; rule references (SARIF help, docs/rules pages) are the
 * same; and every docs/kernel page link used in src/, profiles/, docs/ and README.md names an existing
 * page and anchor.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { knowledgePage } from '../../src/params/pages.js';
import { CATALOGUE } from '../../src/params/catalogue.js';
import { parseReference } from '../../src/params/references.js';
import { RULES } from '../../src/rules/index.js';
import { RULES_WITH_PENDING_CITATIONS } from '../helpers/citations.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { anchorsOf } from '../helpers/markdown-anchors.js';

const anchorCache = new Map<string, Set<string>>();
function hasAnchor(file: string, anchor: string): boolean {
  if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(file));
  return anchorCache.get(file)!.has(anchor);
}

/** "" when the citation resolves, else why not. */
function problemWith(citation: string): string {
  if (/^https:\/\/\S+( \(.+\))?$/.test(citation)) return '';
  const [path, anchor] = citation.split('#') as [string, string | undefined];
  const file = resolve(REPO_ROOT, path);
  if (!file.startsWith(join(REPO_ROOT, 'docs'))) return `${citation}: not a page the package ships (docs/) nor an https URL`;
  if (!existsSync(file)) return `${citation}: no such file`;
  if (anchor !== undefined && !hasAnchor(file, anchor)) return `${citation}: ${relative(REPO_ROOT, file)} has no anchor #${anchor}`;
  return '';
}

function filesUnder(path: string, ext: RegExp): string[] {
  const full = join(REPO_ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return ext.test(path) ? [path] : [];
  return readdirSync(full).flatMap((name) => filesUnder(join(path, name), ext));
}

test('every citation explain prints is a file in the package (with its anchor) or an https URL', () => {
  const problems: string[] = [];
  for (const spec of CATALOGUE) {
    const run = runCli(['explain', spec.key]);
    assert.equal(run.status, 0, run.stderr);
    const section = run.stdout.split('\nReferences\n')[1];
    assert.ok(section, `${spec.key}: no References section`);
    const lines = section.split('\n').filter((line) => line.trim());
    assert.ok(lines.length > 0, `${spec.key}: no references`);
    for (const line of lines) {
      assert.match(line, /^ {2}\S/, `${spec.key}: ${line}`);
      const citation = line.trim();
      // Package pages are printed as absolute paths into this installation.
      const local = citation.startsWith('/')
        ? relative(REPO_ROOT, citation.split('#')[0]!) + (citation.includes('#') ? `#${citation.split('#')[1]}` : '')
        : citation;
      const problem = problemWith(local);
      if (problem) problems.push(`${spec.key}: ${problem}`);
    }
    assert.ok(lines[0]!.trim().startsWith(join(REPO_ROOT, 'docs', 'kernel')), `${spec.key}: the knowledge page comes first`);
  }
  assert.deepEqual(problems, []);
});

test('every catalogue key has a knowledge page, and every catalogue reference resolves', () => {
  const problems = CATALOGUE.flatMap((spec) => {
    const page = knowledgePage(spec.key);
    if (!page) return [`${spec.key}: no knowledge page`];
    return [page, ...spec.references]
      .map(problemWith)
      .filter(Boolean)
      .map((p) => `${spec.key}: ${p}`);
  });
  assert.deepEqual(problems, []);
});

test('every rule reference resolves, and the rule page lists each of them', () => {
  const problems: string[] = [];
  for (const rule of RULES) {
    if (RULES_WITH_PENDING_CITATIONS.includes(rule.meta.id)) continue;
    assert.ok(rule.meta.references.length > 0, `${rule.meta.id}: no references`);
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'rules', `${rule.meta.id}.md`), 'utf8');
    for (const reference of rule.meta.references) {
      const problem = problemWith(reference);
      if (problem) problems.push(`${rule.meta.id}: ${problem}`);
      const parsed = parseReference(reference);
      const target = parsed?.kind === 'url' ? parsed.url : reference.replace(/^docs\//, '../');
      if (!doc.includes(target)) problems.push(`${rule.meta.id}: docs/rules/${rule.meta.id}.md does not list ${reference}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every docs/kernel page named in src/, profiles/, docs/ and README.md exists with its anchor', () => {
  const problems: string[] = [];
  const files = [...filesUnder('src', /\.ts$/), ...filesUnder('profiles', /\.ya?ml$/), ...filesUnder('docs', /\.md$/), 'README.md'];
  let seen = 0;
  for (const path of files) {
    const text = readFileSync(join(REPO_ROOT, path), 'utf8');
    for (const match of text.matchAll(/docs\/kernel\/[a-z0-9_./-]+\.(?:md|txt|jsonl)(?:#[\w-]+)?/g)) {
      seen++;
      const problem = problemWith(match[0]);
      if (problem) problems.push(`${path}: ${problem}`);
    }
    // Relative Markdown links inside the docs ("[x](time-wait.md#tcp_tw_reuse)", "(../kernel/ports.md)").
    if (path.endsWith('.md')) {
      for (const link of text.matchAll(/\]\(([^)\s]+)\)|^\[[^\]]+\]:\s+(\S+)$/gm)) {
        const href = link[1] ?? link[2]!;
        if (/^(https?:|mailto:)/.test(href)) continue;
        const [target, anchor] = href.split('#') as [string, string | undefined];
        const file = target ? resolve(dirname(join(REPO_ROOT, path)), target) : join(REPO_ROOT, path);
        if (!existsSync(file)) problems.push(`${path}: link ${href}: no such file`);
        else if (anchor && file.endsWith('.md') && !hasAnchor(file, anchor)) problems.push(`${path}: link ${href}: no anchor #${anchor}`);
      }
    }
  }
  assert.ok(seen > 100, `only ${seen} docs/kernel citations found`);
  assert.deepEqual(problems, []);
});

test('the checks reject what they should', () => {
  assert.match(problemWith('docs/kernel/time-wait.md#no-such-anchor'), /no anchor/);
  assert.match(problemWith('docs/kernel/no-such-page.md'), /no such file/);
  assert.match(problemWith('REFERENCE §2.8'), /not a page the package ships/);
  assert.match(problemWith('http://example.com'), /not a page the package ships/);
  assert.equal(problemWith('docs/kernel/time-wait.md#tcp_tw_recycle'), '');
  assert.equal(problemWith('https://www.rfc-editor.org/rfc/rfc1337'), '');
});
