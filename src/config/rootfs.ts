/** Config files read inside a root, resolved by the one in-root primitive (util/in-root.ts). */
import { resolveInRoot } from '../util/in-root.js';
import { readConfigFileBytes } from './read.js';

/**
 * The text of the config file at the in-root `absolutePath`, resolved by resolveInRoot, so a symlink
 * never makes it read a file outside the root; null when it does not exist (or is masked).
 * For callers that read a drop-in they are about to propose edits to (advise --target).
 */
export function readConfigTextInRoot(root: string, absolutePath: string): string | null {
  const resolved = resolveInRoot(root, absolutePath);
  if (resolved.kind !== 'path') return null;
  try {
    return readConfigFileBytes(resolved.hostPath).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
