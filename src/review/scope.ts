/**
 * Narrowing what a review reports, after every finding is known (so a line overridden by a file
 * outside the scope is still reported as overridden):
 * - `--root DIR PATH...`: only files under the PATHs;
 * - `--diff-base REF`: only lines added or changed since REF.
 */
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { UsageError } from '../util/errors.js';
import type { DiffBase } from './git-diff.js';
import type { SourceFile } from './sources.js';
import type { ReviewFinding } from '../reports/review.js';

function within(path: string, directoryOrFile: string): boolean {
  return path === directoryOrFile || path.startsWith(directoryOrFile.endsWith(sep) ? directoryOrFile : directoryOrFile + sep);
}

/** The reviewed files under the PATHs given with --root; a PATH that does not exist or lies outside the root is a usage error. */
export function filesUnder(files: readonly SourceFile[], paths: readonly string[], root: string, cwd: string): SourceFile[] {
  const absoluteRoot = resolve(cwd, root);
  const scopes = paths.map((path) => {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute)) throw new UsageError(`${path}: no such file or directory`);
    if (!within(absolute, absoluteRoot)) throw new UsageError(`${path} is not under --root ${root}`);
    return absolute;
  });
  return files.filter((file) => scopes.some((scope) => within(resolve(cwd, file.display), scope)));
}

/**
 * Whether a finding is on a line that changed since the diff base: any line of a new (or binary)
 * file; a line added or edited in a changed one; for a file-level finding, any change to the file.
 */
export function onChangedLine(finding: ReviewFinding, file: SourceFile | undefined, base: DiffBase): boolean {
  const change = file ? base.changeOf(file.absolute) : undefined;
  if (!change) return false;
  if (change.status === 'new' || change.lines === 'all') return true;
  return finding.scope === 'file' ? change.lines.size > 0 : change.lines.has(finding.line);
}
