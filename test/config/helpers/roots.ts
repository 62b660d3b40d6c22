/** Builds root directories in a temp folder from a compact description. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Path inside the root → file content, or a symlink target, or a directory. */
export type RootSpec = Record<string, string | { readonly symlink: string } | { readonly directory: true }>;

export interface TempRoot {
  readonly root: string;
  remove(): void;
}

export function buildRoot(spec: RootSpec): TempRoot {
  const root = mkdtempSync(join(tmpdir(), 'sysctl-root-'));
  writeSpec(root, spec);
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes `spec` under `dir` (also used to fill real directories inside a mount namespace). */
export function writeSpec(dir: string, spec: RootSpec): void {
  for (const [path, entry] of Object.entries(spec)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof entry === 'string') writeFileSync(full, entry);
    else if ('symlink' in entry) symlinkSync(entry.symlink, full);
    else mkdirSync(full, { recursive: true });
  }
}
