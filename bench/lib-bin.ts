/** What users run: the package's bin (the bundle with its code cache), as package.json names it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_BIN = join(PACKAGE_ROOT, (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['sysctl-advisor']!);
