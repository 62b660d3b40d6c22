/** Where the build puts the bin's folder, and where the committed copy of it lives. */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';

/** Built by every `npm run build` (tools/build/bundle.ts); git ignores it. What the tests run. */
export const BUILT_BUNDLE_DIR = join(PACKAGE_ROOT, 'dist', 'bundle');

/**
 * The committed copy (`npm run build:commit`): what package.json's bin, the GitHub Action and the
 * pre-commit hook run, so that none of them needs a build. A test checks it is the fresh build.
 */
export const COMMITTED_BUNDLE_DIR = join(PACKAGE_ROOT, 'bundle');
