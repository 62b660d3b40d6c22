import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: dist/src/util/ → three levels up. Built-in profiles, schemas and docs live there. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let version: string | undefined;
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
