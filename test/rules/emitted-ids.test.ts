/**
 * Every id the tool emits is registered: the built CLI runs over the fixtures and scenario roots
 * (review of every embedded format and of a sysctl.d tree with waivers and a file that is not a
 * sysctl file, advise on every scenario root, with a profile whose targets are refused or absent
 * and with a target drop-in that is masked), and each finding's rule id must have meta (a rule or
 * a built-in check), a page under docs/rules/, and its messageId among the meta's messages.
 * Every headline, registered or emitted, is one line under 120 characters without a file path.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fillMessage } from '../../src/engine/messages.js';
import { ALL_CHECKS, metaOf } from '../../src/rules/registry.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { mixedDirectory, type MixedDir } from '../review/helpers/mixed.js';

interface Emitted {
  readonly rule: string;
  readonly messageId: string;
  readonly message: string;
  readonly file?: string;
  readonly command: string;
}

const HEADLINE_LIMIT = 120;
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
const ROOTS = join(FIXTURES, 'roots');
const EMBEDDED = join(FIXTURES, 'embedded');

/** A path in text: segments joined by "/" ending in a file name, or a *.conf name ("sysctl.conf" as the format's name is not one). */
const FILE_PATH = /(?:^|[\s(])(?:\.{0,2}\/)?[\w.-]+\/[\w./-]+\.(?:conf|ya?ml|sh|j2)\b|\b[\w-]+\.conf\b/;

function namesAFile(headline: string): boolean {
  return FILE_PATH.test(headline.replaceAll('sysctl.conf has', 'the format has').replaceAll('which sysctl.conf', 'which the format'));
}

let work: string;
let mixed: MixedDir;
const emitted: Emitted[] = [];

function collect(command: string, args: readonly string[], cwd?: string): void {
  const run = runCli(args, cwd !== undefined ? { cwd } : {});
  assert.ok(run.status === 0 || run.status === 1, `${args.join(' ')}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { findings: Omit<Emitted, 'command'>[]; suppressed?: Omit<Emitted, 'command'>[] };
  for (const finding of [...report.findings, ...(report.suppressed ?? [])]) emitted.push({ ...finding, command });
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'sa-emitted-'));
  mixed = mixedDirectory();
  const scenarios = readdirSync(ROOTS).filter((name) => existsSync(join(ROOTS, name, 'root')));
  for (const name of scenarios) {
    const root = join(ROOTS, name, 'root');
    collect('advise', ['advise', '--root', root, '--format', 'json']);
    collect('advise', ['advise', '--root', root, '--profile', 'web-server', '--format', 'json']);
    collect('review', ['review', '--root', root, '--format', 'json']);
  }
  // A profile with a value refused on hosts with a larger default and a key this kernel lacks; a masked target drop-in.
  const profile = join(work, 'odd.yaml');
  writeFileSync(
    profile,
    [
      'name: odd',
      'summary: Targets the advisor refuses or cannot write.',
      'extends: conservative',
      'targets:',
      '  net.ipv4.tcp_max_tw_buckets:',
      '    value: 5000',
      '    why: an old tuning guide',
      '    source: test',
      '  net.ipv4.tcp_tw_recycle:',
      '    value: 1',
      '    why: an old tuning guide',
      '    source: test',
      '    force: kept for the test',
      '',
    ].join('\n'),
  );
  const root = join(work, 'root');
  cpSync(join(ROOTS, 'healthy', 'root'), root, { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(root, 'etc', 'sysctl.d'), { recursive: true });
  mkdirSync(join(root, 'run', 'sysctl.d'), { recursive: true });
  writeFileSync(join(root, 'etc', 'sysctl.d', '90-sysctl-advisor.conf'), '');
  collect('advise', ['advise', '--root', root, '--profile', profile, '--format', 'json']);
  collect('advise', ['advise', '--root', root, '--target', join(root, 'run', 'sysctl.d', '90-sysctl-advisor.conf'), '--format', 'json']);
  collect('advise', ['advise', '--root', root, '--target', join(root, 'etc', 'sysctl.d', 'x.txt'), '--format', 'json']);
  collect('review', ['review', '--profile', profile, '--format', 'json', join(root, 'etc')]);
  collect('review', ['review', mixed.dir, '--format', 'json'], mixed.cwd);
  collect('review', ['review', mixed.dir, '--profile', 'web-server', '--format', 'json'], mixed.cwd);
  const embedded = readdirSync(EMBEDDED, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.parentPath.includes('oracle'))
    .map((entry) => join(entry.parentPath, entry.name));
  collect('review', ['review', '--format', 'json', ...embedded], EMBEDDED);
  collect('review', ['review', '--profile', 'web-server', '--format', 'json', ...embedded], EMBEDDED);
});
after(() => {
  mixed.remove();
  rmSync(work, { recursive: true, force: true });
});

test('the fixtures make the tool emit findings of the rules and of every built-in check', () => {
  const rules = new Set(emitted.map((finding) => finding.rule));
  assert.ok(rules.size >= 20, [...rules].join(', '));
  for (const id of ['profile', 'target-file', 'profile-policy', 'waiver', 'not-sysctl', 'not-checked'])
    assert.ok(rules.has(id), `${id} emitted: ${[...rules].join(', ')}`);
});

test('every emitted id has meta, a docs page, and its messageId among its messages', () => {
  const missing: string[] = [];
  for (const finding of emitted) {
    const meta = metaOf(finding.rule);
    if (!meta) missing.push(`${finding.command}: ${finding.rule} has no meta`);
    else if (!(finding.messageId in meta.messages)) missing.push(`${finding.command}: ${finding.rule} has no message ${finding.messageId}`);
    if (!existsSync(join(REPO_ROOT, 'docs', 'rules', `${finding.rule}.md`))) missing.push(`docs/rules/${finding.rule}.md is missing`);
  }
  assert.deepEqual([...new Set(missing)], []);
});

test('every emitted headline is one line under 120 characters and does not name its own file', () => {
  const bad = emitted.filter(
    (finding) =>
      finding.message.includes('\n') ||
      finding.message.length > HEADLINE_LIMIT ||
      (finding.file !== undefined && finding.message.includes(basename(finding.file))),
  );
  assert.deepEqual(
    bad.map((finding) => `${finding.rule}/${finding.messageId} (${finding.message.length}): ${finding.message}`),
    [],
  );
});

/** Test data for the placeholders: long but real values, so a headline that fits with them fits in practice. */
const SAMPLE: Readonly<Record<string, string | number>> = {
  key: 'net.ipv4.tcp_max_syn_backlog',
  value: '4194304',
  kernel: '6.18',
  profile: 'reverse-proxy',
  relation: '>=',
  current: '4096',
  default: '262144',
  workload: 'Deployment/web-frontend',
  version: '1.28',
  needs: '5.10',
  modifier: '>',
  targets: '/etc/sysctl.d/*',
};

function sample(name: string): string | number {
  return (
    SAMPLE[name] ??
    (/count|cap|max|proposed|time|retries|percent|overflows|reuse|timeWait|finTimeout|finWait2/i.test(name) ? 65535 : 'xxxxxxxxxx')
  );
}

test('every registered headline, filled with test data, is one line under 120 characters without a file path', () => {
  const bad: string[] = [];
  for (const meta of ALL_CHECKS) {
    for (const [id, template] of Object.entries(meta.messages)) {
      const headline = template.split('\n', 1)[0]!;
      const names = [...headline.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      const filled = fillMessage(headline, Object.fromEntries(names.map((name) => [name, sample(name)])));
      if (filled.length > HEADLINE_LIMIT) bad.push(`${meta.id}/${id} is ${filled.length} characters: ${filled}`);
      if (namesAFile(headline) && !/\{targets\}/.test(headline)) bad.push(`${meta.id}/${id} names a file: ${headline}`);
    }
  }
  assert.deepEqual(bad, []);
});
