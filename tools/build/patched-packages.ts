/**
 * The third-party packages whose source tools/build/bundle.ts rewrites or swaps, the exact versions
 * it was checked against, and the checks that fail the build on any other version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../../src/util/package-info.js';

/**
 * The third-party code this build rewrites or swaps, at the exact versions the rewrites were
 * checked against: yargs (two source edits in bundle.ts) and string-width (swapped for a stand-in; the
 * version each importing package would have loaded, which the stand-in still loads for text that
 * is not printable ASCII). package.json pins the same versions (devDependencies, overrides), so a
 * fresh install cannot bring other ones; any other version found fails the build, naming it.
 */
export const PATCHED_YARGS = '18.2.0';
export const STRING_WIDTH_BY_IMPORTER: Readonly<Record<string, string>> = { yargs: '8.3.0', cliui: '7.2.0', 'wrap-ansi': '7.2.0' };

export interface InstalledPackage {
  readonly dir: string;
  readonly name: string;
  readonly version: string;
}

/** The package installed in `dir`, from its package.json. */
export function packageAt(dir: string): InstalledPackage {
  const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
  return { dir, name, version };
}

/** The installed package a file belongs to (its folder is …/node_modules/NAME or …/node_modules/@SCOPE/NAME). */
export function packageOf(file: string): InstalledPackage {
  const dir = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
  if (!dir) throw new Error(`${file} is not inside node_modules`);
  return packageAt(dir);
}

/** Fails the build unless `found` is at exactly `expected`; `what` says what the build does to it. */
export function assertPatchedVersion(found: InstalledPackage, expected: string, what: string): void {
  if (found.version !== expected)
    throw new Error(
      `tools/build/bundle.ts ${what} ${found.name} ${expected}, but ${relative(PACKAGE_ROOT, found.dir)} is ${found.name} ${found.version}: ` +
        `install ${found.name}@${expected} (npm ci), or check the patch against ${found.version} and update the pins in tools/build/patched-packages.ts and package.json`,
    );
}

/** The package folder Node's require() would find for `name` from `fromDir`: the nearest node_modules/NAME above it. */
export function nodeModulesDirAbove(fromDir: string, name: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} is not installed above ${fromDir}`);
  }
}

/** package.json must pin what this build checks: an exact yargs and each importer's string-width. */
export function assertPinnedInPackageJson(packageJson: string): void {
  const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as {
    devDependencies?: Record<string, string>;
    overrides?: { yargs?: { 'string-width'?: string; cliui?: { 'string-width'?: string; 'wrap-ansi'?: { 'string-width'?: string } } } };
  };
  const pinned: [string, string | undefined, string][] = [
    ['devDependencies.yargs', manifest.devDependencies?.yargs, PATCHED_YARGS],
    ['overrides.yargs.string-width', manifest.overrides?.yargs?.['string-width'], STRING_WIDTH_BY_IMPORTER.yargs!],
    ['overrides.yargs.cliui.string-width', manifest.overrides?.yargs?.cliui?.['string-width'], STRING_WIDTH_BY_IMPORTER.cliui!],
    [
      'overrides.yargs.cliui.wrap-ansi.string-width',
      manifest.overrides?.yargs?.cliui?.['wrap-ansi']?.['string-width'],
      STRING_WIDTH_BY_IMPORTER['wrap-ansi']!,
    ],
  ];
  for (const [field, have, want] of pinned)
    if (have !== want)
      throw new Error(
        `${packageJson}: ${field} is ${JSON.stringify(have)}, but tools/build/bundle.ts patches that package at exactly ${JSON.stringify(want)}: pin it`,
      );
}
