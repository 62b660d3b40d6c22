/**
 * What users run: the package's bin, the bundle as this build made it (dist/bundle/cli.cjs; the
 * committed bundle/ that package.json's bin names is a copy of it, see tools/build/paths.ts).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_BIN = join(PACKAGE_ROOT, 'dist', 'bundle', 'cli.cjs');
