import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder above `start` holding a package.json. The code runs from two layouts,
 * dist/src/util/ (tsc, for the tests) and dist/bundle/ (the bin), so no fixed "../" count fits both.
 */
function packageRootAbove(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/** Where the project lives; SARIF viewers (GitHub code scanning) link each result's rule page there. */
export const REPOSITORY_URL = 'https://github.com/sysctl-advisor/sysctl-advisor';
/** The docs/ folder of the repository, for web links to rule pages. */
export const DOCS_URL = `${REPOSITORY_URL}/blob/main/docs`;

/** The package root. Built-in profiles, schemas and docs live there. */
export const PACKAGE_ROOT = packageRootAbove(dirname(fileURLToPath(import.meta.url)));

let version: string | undefined;
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
