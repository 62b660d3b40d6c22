/**
 * Reading a user-named input file (a profile, a config file) with a size limit. The file is
 * opened non-blocking, so a FIFO does not hang the open, must be a regular file (a FIFO would
 * block the read and /dev/zero never ends), and is read to the end with at most `maxBytes`
 * kept, whatever size stat reports (it can lie, and a file can grow while it is read).
 * Problems with the content are InputErrors naming the file; an error opening it (ENOENT,
 * EACCES) is the fs error, which callers describe (describeOpenError). See docs/limits.md for
 * the limits callers pass.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './errors.js';

export interface BoundedReadOptions {
  readonly maxBytes: number;
  /** What the file is, for messages: "profile", "config file". */
  readonly what: string;
  /** The name messages use (defaults to the path). */
  readonly display?: string;
}

const OPEN_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'no such file (a part of the path is not a directory)',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

/** An fs error from opening `file` as an InputError ("cannot read profile: no such file"); other errors as they are. */
export function describeOpenError(error: unknown, what: string, file: string): unknown {
  const problem = OPEN_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
  return problem === undefined ? error : new InputError(`cannot read ${what}: ${problem}`, { file });
}

export function readBoundedFile(path: string, options: BoundedReadOptions): Buffer {
  const file = options.display ?? path;
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(`cannot read ${options.what}: it is a directory`, { file });
    if (!stat.isFile()) throw new InputError(`cannot read ${options.what}: not a regular file (a FIFO, socket or device)`, { file });
    if (stat.size > options.maxBytes) throw tooLarge(file, options, `is ${stat.size} bytes`);
    // One byte past the stat size, so growth (or a size that lies) is seen and read too.
    let buffer = Buffer.allocUnsafe(stat.size + 1);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (filled > options.maxBytes) throw tooLarge(file, options, `holds more than ${options.maxBytes} bytes`);
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2 + 65536, options.maxBytes + 1));
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      // Until read(2) says the end: a short read is the end on a local disk, but not on every
      // file system (FUSE, direct I/O), and a config file cut short would be reviewed wrong.
      const read = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) return buffer.subarray(0, filled);
      filled += read;
    }
  } finally {
    closeSync(fd);
  }
}

function tooLarge(file: string, options: BoundedReadOptions, what: string): InputError {
  return new InputError(`${options.what} ${what}; the limit is ${options.maxBytes} bytes (${humanBytes(options.maxBytes)})`, { file });
}

function humanBytes(bytes: number): string {
  return bytes % (1 << 20) === 0 ? `${bytes >> 20} MiB` : bytes % 1024 === 0 ? `${bytes >> 10} KiB` : `${bytes} bytes`;
}
