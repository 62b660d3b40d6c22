/**
 * The parser on real files from public repositories (../shared/corpus, see its MANIFEST.tsv),
 * read in place. Run with `npm run test:corpus`; skipped with a message when the corpus is absent.
 *
 * - Every file parses without an exception.
 * - Every file, whatever its kind, is also run through procps 4.0.2 (`sysctl --dry-run -p FILE`
 *   inside `unshare --net`): our parser + procps model must predict the same writes (keys,
 *   values, order), the same "invalid syntax" lines, the same "cannot stat" paths and the same
 *   "setting key" errors. procps reads any text, so this holds for shell scripts and YAML too.
 * - detectNotSysctl says nothing about files of kind sysctl.conf / sysctl.d, and names the format
 *   of the others (shell script, YAML, tuned INI, Chef, Dockerfile, Nix, sysctl -a dump).
 *
 * Deliberate differences from procps: none needed on this corpus. (The documented ones — ".."
 * climbing above /proc/sys, systemd's line splitting at CR and NUL — do not occur in it.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { decodeConfigBytes, detectNotSysctl, parseConfigBytes, type ForeignFormat } from '../src/config/index.js';
import { requireNetns } from '../test/helpers/netns.js';
import { namespaceKeys, observeProcps, predictProcps, procpsDryRun } from '../test/config/helpers/procps.js';

/** dist/test-corpus/ → repository root → ../shared/corpus. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = resolve(REPO_ROOT, '../shared/corpus');

const SYSCTL_KINDS = new Set(['sysctl.conf', 'sysctl.d']);

/** What detectNotSysctl must answer for each MANIFEST kind ("other" is checked per file). */
const FORMAT_BY_KIND: Record<string, ForeignFormat> = {
  'embedded-shell': 'shell-script',
  'embedded-ansible': 'yaml',
  'embedded-tuned': 'ini-sections',
};

/** The "other" files, by how their names end. */
const FORMAT_BY_SUFFIX: readonly (readonly [suffix: string, format: ForeignFormat])[] = [
  ['sysctl_default.conf', 'sysctl-a-dump'],
  ['.rb', 'chef-ruby'],
  ['Dockerfile', 'dockerfile'],
  ['.sls', 'yaml'],
  ['.nix', 'nix'],
];

interface Entry {
  readonly name: string;
  readonly kind: string;
  readonly path: string;
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

test('corpus: every file parses, and detectNotSysctl tells sysctl files from the rest', (t) => {
  if (!available) {
    t.skip(`corpus not found at ${CORPUS} (it lives beside the repository as ../shared/corpus)`);
    return;
  }
  const entries = manifest();
  assert.ok(entries.length > 0);
  let sysctlFiles = 0;
  for (const entry of entries) {
    const bytes = readFileSync(entry.path);
    const parsed = parseConfigBytes(bytes, entry.path);
    assert.ok(parsed.lines.length > 0, entry.name);
    const verdict = detectNotSysctl(decodeConfigBytes(bytes).text);
    if (SYSCTL_KINDS.has(entry.kind)) {
      sysctlFiles++;
      assert.equal(verdict, null, `${entry.name} (${entry.kind}) is a sysctl file, but: ${verdict?.reason}`);
      continue;
    }
    const expected = FORMAT_BY_KIND[entry.kind] ?? FORMAT_BY_SUFFIX.find(([suffix]) => entry.name.endsWith(suffix))?.[1];
    assert.ok(expected, `no expected format for ${entry.name} (${entry.kind})`);
    assert.equal(verdict?.format, expected, `${entry.name} (${entry.kind}): ${verdict?.reason ?? 'not detected'}`);
    t.diagnostic(`${entry.name}: ${verdict.reason}`);
  }
  t.diagnostic(`${entries.length} files parsed; ${sysctlFiles} sysctl files, ${entries.length - sysctlFiles} recognised as other formats`);
});

test('corpus: our parser predicts procps --dry-run -p on every file', (t) => {
  if (!available) {
    t.skip(`corpus not found at ${CORPUS} (it lives beside the repository as ../shared/corpus)`);
    return;
  }
  if (!requireNetns(t)) return;
  const keys = namespaceKeys();
  let writes = 0;
  let invalid = 0;
  let unknown = 0;
  const entries = manifest();
  for (const entry of entries) {
    const parsed = parseConfigBytes(readFileSync(entry.path), entry.path);
    const expected = predictProcps([parsed], keys);
    const actual = observeProcps(procpsDryRun([entry.path]));
    const context = `${entry.name} (${entry.kind})`;
    assert.deepEqual(actual.unrecognised, [], context);
    assert.deepEqual(expected.writes, actual.writes, `writes differ: ${context}`);
    assert.deepEqual(expected.invalid, actual.invalid, `invalid lines differ: ${context}`);
    assert.deepEqual(expected.cannotStat, actual.cannotStat, `"cannot stat" differs: ${context}`);
    assert.deepEqual(expected.settingKey, actual.settingKey, `"setting key" differs: ${context}`);
    assert.equal(expected.notUnderProcSys, actual.notUnderProcSys, `"Path is not under" differs: ${context}`);
    writes += actual.writes.length;
    invalid += actual.invalid.length;
    unknown += actual.cannotStat.length;
  }
  t.diagnostic(`${entries.length} files agree with procps: ${writes} writes, ${invalid} invalid lines, ${unknown} unknown keys`);
});
