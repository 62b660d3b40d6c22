/** Scenario roots copied to a temp folder, so the wizard really writes; and a tree fingerprint to prove it did not. */
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/cli.js';

export const ROOTS = join(REPO_ROOT, 'test', 'fixtures', 'roots');

export function copyRoot(scenario: string): string {
  const copy = join(mkdtempSync(join(tmpdir(), `sa-wizard-${scenario}-`)), 'root');
  cpSync(join(ROOTS, scenario, 'root'), copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

/** Every file, link and directory under `dir` with its content: equal fingerprints = nothing written. */
export function fingerprint(dir: string): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (path: string, name: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) result.set(name, `link:${readlinkSync(path)}`);
    else if (stat.isDirectory()) {
      result.set(name, 'dir');
      for (const entry of readdirSync(path)) walk(join(path, entry), `${name}/${entry}`);
    } else result.set(name, `file:${readFileSync(path, 'utf8')}`);
  };
  walk(dir, '');
  return result;
}

/** The assignments of a sysctl.d file, key → value, in order. */
export function assignmentsOf(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([a-z0-9_.]+) = (.+)$/.exec(line);
    if (match) result.set(match[1]!, match[2]!);
  }
  return result;
}
