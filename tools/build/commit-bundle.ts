/**
 * `npm run build:commit` (after the build): makes bundle/ an exact copy of the fresh dist/bundle,
 * files no longer built included (they are removed), for the lead to commit after merging changes
 * to src/. test/packaging/committed-bundle.test.ts fails while the two differ.
 */
import { cpSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';
import { BUILT_BUNDLE_DIR, COMMITTED_BUNDLE_DIR } from './paths.js';

rmSync(COMMITTED_BUNDLE_DIR, { recursive: true, force: true });
// cpSync keeps each file's mode: the bin stays executable.
cpSync(BUILT_BUNDLE_DIR, COMMITTED_BUNDLE_DIR, { recursive: true });
const folder = relative(PACKAGE_ROOT, COMMITTED_BUNDLE_DIR);
process.stdout.write(`${folder}/ is now the fresh build; commit it: git add -A ${folder} && git commit -m "${folder}: rebuilt"\n`);
