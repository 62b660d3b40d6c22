/**
 * The one way this tool writes a file: a temp file in the same directory, fsync, rename over
 * the target, fsync the directory. The file it replaces is kept as FILE.bak with its mode and
 * owner, so a reader sees either the old or the new content, never a torn one, and nothing is lost.
 * Modes are set explicitly (0644 for a new file, the previous mode otherwise), never left to the
 * umask, and never world-writable. A run killed midway leaves a temp file (the target untouched),
 * which the next run removes. Checked by test/hardening/crash-safety.test.ts.
 */
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  chownSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  readdirSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsReason, InputError } from './errors.js';

export interface AtomicWriteResult {
  readonly path: string;
  /** Where the previous content was saved, when there was a previous file. */
  readonly backup?: string;
}

const TEMP_MARK = '.sysctl-advisor-tmp-';

export function atomicWriteFile(
  path: string,
  content: string | Uint8Array,
  options: { backup?: boolean; mode?: number } = {},
): AtomicWriteResult {
  const directory = dirname(path);
  const previous = statOrUndefined(path);
  // Errors name the file asked for, not the temp file beside it.
  if (previous && !previous.isFile())
    throw new InputError(`cannot write: ${previous.isDirectory() ? 'it is a directory' : 'not a regular file'}; give a file path`, {
      file: path,
    });
  if (!statOrUndefined(directory)?.isDirectory())
    throw new InputError(`cannot write: the directory ${directory} does not exist`, { file: path });
  removeStaleTempFiles(path);
  const mode = options.mode ?? (previous ? previous.mode & 0o7777 & ~0o002 : 0o644);
  const tempPath = writeTempFile(path, content, mode);
  let backup: string | undefined;
  if (previous && options.backup !== false) {
    backup = `${path}.bak`;
    // Copied beside it and renamed too: a kill mid-copy leaves a stale temp file (removed by the
    // next run), never a torn FILE.bak; and a FILE.bak symlink is replaced, not written through.
    const backupTemp = join(directory, `${TEMP_MARK}${basename(path)}.bak.${process.pid}.${Date.now()}`);
    copyFileSync(path, backupTemp, constants.COPYFILE_EXCL);
    chmodSync(backupTemp, previous.mode & 0o7777 & ~0o002); // kept, except that nothing we write is world-writable
    try {
      chownSync(backupTemp, previous.uid, previous.gid);
    } catch {
      // Not root: the backup stays owned by us, which is all we can do.
    }
    renameSync(backupTemp, backup);
  }
  renameSync(tempPath, path);
  syncDirectory(directory);
  return backup ? { path, backup } : { path };
}

/**
 * Creates `path` with `content`, never replacing a file that exists, even one another process
 * creates at the same moment: the content goes to a temp file beside it (written and fsynced),
 * which is then hard-linked to `path` (link(2) fails with EEXIST rather than replace anything)
 * and removed. A reader sees no file or the whole file. For files that must never be overwritten
 * (apply's rollback files).
 */
export function createFileExclusive(path: string, content: string | Uint8Array, options: { mode?: number } = {}): AtomicWriteResult {
  const directory = dirname(path);
  if (!statOrUndefined(directory)?.isDirectory())
    throw new InputError(`cannot write: the directory ${directory} does not exist`, { file: path });
  if (statOrUndefined(path)) throw new InputError('already exists, and is never overwritten; give a new path', { file: path });
  // No removeStaleTempFiles here: two runs racing for one path would remove each other's temp file.
  const mode = options.mode ?? 0o644;
  const tempPath = writeTempFile(path, content, mode);
  try {
    linkSync(tempPath, path);
  } catch (error) {
    unlinkSync(tempPath);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new InputError('already exists, and is never overwritten; give a new path', { file: path });
    throw writeError(error, path, directory);
  }
  unlinkSync(tempPath);
  syncDirectory(directory);
  return { path };
}

/**
 * mkdir -p, one component at a time: Node's recursive mkdir reports ENOENT on a read-only file
 * system, which would read as "no such file or directory". Errors name `path` and say why.
 */
export function createDirectories(path: string, mode = 0o755): void {
  const missing: string[] = [];
  let existing = path;
  for (; !statOrUndefined(existing); existing = dirname(existing)) {
    missing.unshift(existing);
    if (dirname(existing) === existing) break;
  }
  if (!statOrUndefined(existing)?.isDirectory())
    throw new InputError(`cannot create the directory: ${existing} is not a directory`, { file: path });
  for (const directory of missing) {
    try {
      mkdirSync(directory, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statOrUndefined(directory)?.isDirectory()) continue; // made meanwhile
      const reason = writeError(error, path, dirname(directory));
      if (reason instanceof InputError)
        throw new InputError(reason.message.replace('cannot write', 'cannot create the directory'), { file: path });
      throw error;
    }
  }
}

/**
 * Why `path` could not be written now (created, with its missing directories, or replaced), or
 * undefined when it could: for a check made before work that a failed write would waste (the
 * wizard's questions). A read-only file system answers EROFS here even for root.
 */
export function cannotWrite(path: string): string | undefined {
  if (statOrUndefined(path)?.isDirectory()) return 'it is a directory';
  let directory = dirname(path);
  while (!statOrUndefined(directory) && dirname(directory) !== directory) directory = dirname(directory);
  if (!statOrUndefined(directory)?.isDirectory()) return `${directory} is not a directory`;
  try {
    accessSync(directory, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `${fsReason(code) ?? code ?? String(error)} (in ${directory})`;
  }
  return undefined;
}

/** A failure to create a file in `directory`, said plainly (EROFS is not "no such file"). */
/**
 * A new temp file beside `path` holding `content`, fsynced, with `mode` set explicitly (the umask
 * must not decide the mode of a system file); returns its path. Errors name `path`, not the temp file.
 */
function writeTempFile(path: string, content: string | Uint8Array, mode: number): string {
  const directory = dirname(path);
  const tempPath = join(directory, `${TEMP_MARK}${basename(path)}.${process.pid}.${Date.now()}`);
  let fd: number;
  try {
    fd = openSync(tempPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  } catch (error) {
    throw writeError(error, path, directory);
  }
  try {
    fchmodSync(fd, mode);
    writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(tempPath);
    throw error;
  }
  closeSync(fd);
  return tempPath;
}

function writeError(error: unknown, path: string, directory: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return new InputError(`cannot write: permission denied in ${directory}`, { file: path });
  if (code === 'EROFS') return new InputError('cannot write: read-only file system', { file: path });
  if (code === 'ENOSPC') return new InputError('cannot write: no space left on the device', { file: path });
  return error;
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
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    try {
      unlinkSync(join(dirname(path), name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // another run removed it first
    }
  }
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

/** writeSync may write less than asked; a file must never end short. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
