/**
 * One file under a root as an Observed value: missing when absent (never a default),
 * unreadable when the kernel refuses (EACCES/EPERM: e.g. write-only sysctls), and parsed
 * otherwise — a parse failure is the parser's InputError, naming the file and line.
 */
import type { Observed, Provenance } from '../snapshot/types.js';
import type { ByteSource } from './line-scanner.js';
import { resolveUnderRoot } from './root-path.js';

export interface Parsed<T> {
  readonly value: T;
  readonly provenance: Provenance;
}

export function readRootFile<T>(root: string, relative: string, parse: (source: ByteSource, file: string) => Parsed<T>): Observed<T> {
  const entry = resolveUnderRoot(root, relative);
  if (entry.kind === 'missing') return { status: 'missing', file: entry.display };
  if (entry.kind === 'masked') return { status: 'unreadable', file: entry.display, reason: 'a symlink to /dev/null' };
  try {
    const parsed = parse({ kind: 'file', path: entry.path, name: entry.display }, entry.display);
    return { status: 'present', value: parsed.value, provenance: parsed.provenance };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return { status: 'unreadable', file: entry.display, reason: 'permission denied' };
    if (code === 'ENOENT') return { status: 'missing', file: entry.display }; // gone between resolve and open
    if (code === 'EIO' || code === 'EINVAL') return { status: 'unreadable', file: entry.display, reason: String((error as Error).message) };
    throw error;
  }
}
