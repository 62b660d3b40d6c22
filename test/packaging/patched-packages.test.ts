/**
 * The build rewrites yargs' source and swaps string-width for a stand-in; both were checked at exact
 * versions, which package.json pins and the build enforces (tools/build/patched-packages.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import {
  assertPatchedVersion,
  assertPinnedInPackageJson,
  nodeModulesDirAbove,
  packageAt,
  packageOf,
  PATCHED_YARGS,
  STRING_WIDTH_BY_IMPORTER,
} from '../../tools/build/patched-packages.js';

test("package.json pins yargs and each importer's string-width at the versions the build patches", () => {
  assertPinnedInPackageJson(join(PACKAGE_ROOT, 'package.json'));
  const lock = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; devDependencies?: Record<string, string> }>;
  };
  assert.equal(lock.packages['']?.devDependencies?.yargs, PATCHED_YARGS);
  assert.equal(lock.packages['node_modules/yargs']?.version, PATCHED_YARGS);
});

test('a yargs range in package.json fails the check, naming the field and the exact version', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-pins-'));
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  manifest.devDependencies.yargs = `^${PATCHED_YARGS}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  assert.throws(
    () => assertPinnedInPackageJson(join(dir, 'package.json')),
    new RegExp(`devDependencies\\.yargs is "\\^${PATCHED_YARGS}".*"${PATCHED_YARGS}"`),
  );
});

test('the installed string-width of each importer is the pinned one', () => {
  for (const [importer, version] of Object.entries(STRING_WIDTH_BY_IMPORTER)) {
    const from = nodeModulesDirAbove(PACKAGE_ROOT, importer);
    const found = packageAt(nodeModulesDirAbove(from, 'string-width'));
    assert.equal(found.version, version, `${importer}'s string-width`);
  }
});

test('another installed version fails with a message naming the package, the expected and the found version', () => {
  const root = mkdtempSync(join(tmpdir(), 'sa-patched-'));
  const importer = join(root, 'node_modules', 'cliui');
  const width = join(importer, 'node_modules', 'string-width');
  mkdirSync(width, { recursive: true });
  writeFileSync(join(importer, 'package.json'), JSON.stringify({ name: 'cliui', version: '9.0.1' }));
  writeFileSync(join(width, 'package.json'), JSON.stringify({ name: 'string-width', version: '7.3.0' }));
  assert.equal(packageOf(join(importer, 'build', 'index.mjs')).name, 'cliui');
  const found = packageAt(nodeModulesDirAbove(importer, 'string-width'));
  assert.throws(
    () => assertPatchedVersion(found, STRING_WIDTH_BY_IMPORTER.cliui!, "swaps in a stand-in for cliui's"),
    /swaps in a stand-in for cliui's string-width 7\.2\.0, but .*string-width is string-width 7\.3\.0/,
  );
});
