import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/package-info.js';

export const BUILTIN_PROFILE_DIR = join(PACKAGE_ROOT, 'profiles');

/** Names of the built-in profiles, sorted. */
export function builtinProfileNames(): string[] {
  return readdirSync(BUILTIN_PROFILE_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

/** The file of a built-in profile, or undefined when `name` is not one. */
export function builtinProfilePath(name: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(name)) return undefined;
  const path = join(BUILTIN_PROFILE_DIR, `${name}.yaml`);
  return existsSync(path) ? path : undefined;
}
