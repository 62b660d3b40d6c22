/**
 * Errors the user can act on. The CLI prints them as one line and exits 2; only --debug
 * shows a stack. Anything else that escapes is a bug and is reported as one.
 */
export interface Location {
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** Bad input: a file, a line in it, and what is wrong. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly location?: Location,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /**
   * "file:line:col: message", the shape compilers and editors understand: always one line, with
   * control characters from the input shown escaped (see printable).
   */
  oneLine(): string {
    if (!this.location) return printable(this.message);
    const { file, line, column } = this.location;
    const where = [file, line, line !== undefined ? column : undefined].filter((p) => p !== undefined).join(':');
    return printable(`${where}: ${this.message}`);
  }
}

/**
 * Messages quote the input ("not a sysctl -a line: ..."), and the input may hold a newline (a
 * second, fake diagnostic), a CR or an ESC sequence that rewrites the terminal: C0 and C1
 * control characters (tab excepted) are shown as \n, \r or \xNN instead.
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, (ch) =>
    ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Bad command-line usage (unknown option, conflicting flags, a key we do not know). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Several problems in one input, reported one per line (a profile with three mistakes). */
export class InputErrors extends Error {
  constructor(readonly errors: readonly InputError[]) {
    super(errors.map((e) => e.oneLine()).join('\n'));
    this.name = 'InputErrors';
  }
}

/** What an fs error code means, in words ("read-only file system", not "EROFS: ..."); undefined for codes without a plain wording. */
export function fsReason(code: string | undefined): string | undefined {
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links (a link that points back to itself?)';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EEXIST':
      return 'already exists';
    default:
      return undefined;
  }
}

export function describeError(error: unknown, debug: boolean): string {
  if (error instanceof InputError) return debug ? `${error.oneLine()}\n${error.stack ?? ''}` : error.oneLine();
  if (error instanceof InputErrors || error instanceof UsageError) return debug ? `${error.message}\n${error.stack ?? ''}` : error.message;
  const systemError = error as NodeJS.ErrnoException;
  if (systemError && typeof systemError.code === 'string' && typeof systemError.path === 'string') {
    // fs errors carry the path; say it plainly instead of dumping the errno object.
    const reason = fsReason(systemError.code) ?? systemError.message;
    return debug ? `${systemError.path}: ${reason}\n${systemError.stack ?? ''}` : `${systemError.path}: ${reason}`;
  }
  const text = error instanceof Error ? error.message : String(error);
  return debug && error instanceof Error ? `internal error: ${error.stack}` : `internal error: ${text} (run with --debug for details)`;
}
