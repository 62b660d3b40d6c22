/**
 * bundle/ is committed so that nothing that runs it needs a build: package.json's bin (npm pack
 * ships it), the GitHub Action (action.yml runs it from the action's checkout) and the pre-commit
 * hook. It must be exactly what the sources build to. `npm test` has just built dist/bundle from
 * this checkout, in whatever folder it sits and at whatever time, so equality here also shows that
 * the build is deterministic. When this fails, rebuild it with `npm run build:commit` and commit it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { BUILT_BUNDLE_DIR, COMMITTED_BUNDLE_DIR } from '../../tools/build/paths.js';
import { REPO_ROOT } from '../helpers/cli.js';

const REBUILD = 'bundle/ is not the fresh build of these sources: run `npm run build:commit` and commit bundle/';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

test('bundle/ holds exactly the files of a fresh build', () => {
  assert.deepEqual(filesUnder(COMMITTED_BUNDLE_DIR), filesUnder(BUILT_BUNDLE_DIR), REBUILD);
});

test('every file of bundle/ equals the fresh build, byte for byte', () => {
  const differing = filesUnder(BUILT_BUNDLE_DIR).filter(
    (file) => !readFileSync(join(BUILT_BUNDLE_DIR, file)).equals(readFileSync(join(COMMITTED_BUNDLE_DIR, file))),
  );
  assert.deepEqual(differing, [], REBUILD);
});

test("package.json's bin is the committed bundle's cli.cjs, executable", () => {
  const { bin } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.equal(join(REPO_ROOT, bin['sysctl-advisor']!), join(COMMITTED_BUNDLE_DIR, 'cli.cjs'));
  for (const dir of [COMMITTED_BUNDLE_DIR, BUILT_BUNDLE_DIR]) {
    assert.ok(
      statSync(join(dir, 'cli.cjs')).mode & 0o100,
      `${dir}/cli.cjs is not executable (git keeps the bit: git update-index --chmod=+x)`,
    );
  }
});
