/**
 * The one way this tool writes a file: a temp file in the same directory, fsync, rename over
 * the target, fsync the directory. The file it replaces is kept as FILE.bak with its mode and
 * owner, so a reader sees either the old or the new content, never a torn one, and nothing is lost.
 */
import { chmodSync, closeSync, constants, copyFileSync, chownSync, fchmodSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteResult {
  readonly path: string;
  /** Where the previous content was saved, when there was a previous file. */
  readonly backup?: string;
}

const TEMP_MARK = '.sysctl-advisor-tmp-';

export function atomicWriteFile(path: string, content: string, options: { backup?: boolean; mode?: number } = {}): AtomicWriteResult {
  const directory = dirname(path);
  removeStaleTempFiles(path);
  const previous = statOrUndefined(path);
  const mode = options.mode ?? (previous ? previous.mode & 0o7777 & ~0o002 : 0o644);
  const tempPath = join(directory, `${TEMP_MARK}${basename(path)}.${process.pid}.${Date.now()}`);
  const fd = openSync(tempPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    fchmodSync(fd, mode); // the umask must not decide the mode of a system file
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(tempPath);
    throw error;
  }
  closeSync(fd);
  let backup: string | undefined;
  if (previous && options.backup !== false) {
    backup = `${path}.bak`;
    copyFileSync(path, backup);
    chmodSync(backup, previous.mode & 0o7777);
    try {
      chownSync(backup, previous.uid, previous.gid);
    } catch {
      // Not root: the backup stays owned by us, which is all we can do.
    }
  }
  renameSync(tempPath, path);
  syncDirectory(directory);
  return backup ? { path, backup } : { path };
}

/** A previous run killed between creating and renaming its temp file leaves one behind: remove it. */
function removeStaleTempFiles(path: string): void {
  const prefix = `${TEMP_MARK}${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(prefix)) unlinkSync(join(dirname(path), name));
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function syncDirectory(directory: string): void {
  const fd = openSync(directory, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
