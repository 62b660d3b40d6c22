/**
 * Differential test against the real procps 4.0.2: for generated files exercising every syntax
 * feature of docs/kernel/config-files-and-precedence.md#line-syntax (and the edge cases probed while writing the parser), run
 * `sysctl --dry-run -p FILE` inside `unshare --net` and require that our parser + procps model
 * predicts exactly what procps prints: the same writes (keys, values, order) on stdout, the same
 * "invalid syntax" line numbers, the same "cannot stat" paths, the same "setting key" errors
 * (read-only keys, directories matched by globs) and the same "Path is not under /proc/sys/".
 *
 * Deliberately not generated (documented differences, see docs/config-files.md):
 * - keys climbing above /proc/sys with ".." ("../sys/net/ipv4/x"): we resolve ".." lexically and
 *   call such keys "not under /proc/sys"; procps stats the real path first.
 * - "missing/../x": the kernel fails on "missing", our lexical resolution does not.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readConfigFile } from '../../src/config/index.js';
import { requireNetns } from '../helpers/netns.js';
import { generatedFiles, POOL, type GeneratedFile } from './helpers/pool.js';
import { namespaceKeys, observeProcps, predictProcps, procpsDryRun } from './helpers/procps.js';

function compareOne(dir: string, file: GeneratedFile, keys: ReturnType<typeof namespaceKeys>): void {
  const path = join(dir, file.name);
  const parsed = readConfigFile(path);
  const expected = predictProcps([parsed], keys);
  const actual = observeProcps(procpsDryRun([path]));
  const context = `${file.name}: ${JSON.stringify(file.content.length > 400 ? `${file.content.slice(0, 400)}...` : file.content)}`;
  assert.deepEqual(actual.unrecognised, [], context);
  assert.deepEqual(expected.writes, actual.writes, `stdout writes differ for ${context}`);
  assert.deepEqual(expected.invalid, actual.invalid, `invalid lines differ for ${context}`);
  assert.deepEqual(expected.cannotStat, actual.cannotStat, `"cannot stat" differs for ${context}`);
  assert.deepEqual(expected.settingKey, actual.settingKey, `"setting key" differs for ${context}`);
  assert.equal(expected.notUnderProcSys, actual.notUnderProcSys, `"Path is not under" differs for ${context}`);
}

test('our parser predicts procps --dry-run -p on generated files, line for line', (t) => {
  if (!requireNetns(t)) return;
  const keys = namespaceKeys();
  const dir = mkdtempSync(join(tmpdir(), 'sysctl-diff-'));
  try {
    const files = generatedFiles(POOL, 20240611);
    for (const file of files) writeFileSync(join(dir, file.name), file.content, 'utf8');
    for (const file of files) compareOne(dir, file, keys);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('several files in one procps run share one list: an explicit line in a later file protects it from an earlier glob', (t) => {
  if (!requireNetns(t)) return;
  const keys = namespaceKeys();
  const dir = mkdtempSync(join(tmpdir(), 'sysctl-diff-'));
  try {
    const contents: Record<string, string> = {
      'a.conf': 'net.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.all.rp_filter\n',
      'b.conf': 'net.ipv4.conf.lo.rp_filter = 1\nbad line\n',
      'c.conf': 'net.ipv4.conf.*.accept_local = 1\n',
      'd.conf': 'net.ipv4.conf.default.accept_local = 0\nnet.ipv4.tcp_tw_recycle = 1\n',
    };
    const paths = Object.keys(contents).map((name) => join(dir, name));
    for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
    const expected = predictProcps(
      paths.map((p) => readConfigFile(p)),
      keys,
    );
    const actual = observeProcps(procpsDryRun(paths));
    assert.deepEqual(actual.unrecognised, []);
    assert.deepEqual(expected.writes, actual.writes);
    assert.deepEqual(expected.invalid, actual.invalid);
    assert.deepEqual(expected.cannotStat, actual.cannotStat);
    // The glob in a.conf skipped lo because b.conf sets it; c.conf's glob skipped default.
    assert.deepEqual(
      actual.writes.map((w) => `${w.path}=${w.value}`),
      [
        'net/ipv4/conf/default/rp_filter=2',
        'net/ipv4/conf/lo/rp_filter=1',
        'net/ipv4/conf/all/accept_local=1',
        'net/ipv4/conf/lo/accept_local=1',
        'net/ipv4/conf/default/accept_local=0',
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
