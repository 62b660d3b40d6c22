/** Writing a plan's files (advise -o, the wizard): the drop-in and any file that loses a line, each atomically with a .bak. */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileEdit, ProposedFiles } from './target-file.js';
import { atomicWriteFile, type AtomicWriteResult } from '../util/atomic-write.js';

/** Writes one edit under the root when its content changes; returns what was written. */
export function writeEdit(root: string, edit: FileEdit): AtomicWriteResult | undefined {
  if (edit.after === edit.before) return undefined;
  const path = join(root, edit.file);
  mkdirSync(dirname(path), { recursive: true });
  return atomicWriteFile(path, edit.after);
}

export function writeProposedFiles(root: string, files: ProposedFiles): AtomicWriteResult[] {
  return [files.target, ...files.removals]
    .map((edit) => writeEdit(root, edit))
    .filter((written): written is AtomicWriteResult => written !== undefined);
}
