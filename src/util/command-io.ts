import type { Printable } from './pieces.js';

/** What a command hands back to the CLI, which alone writes to stdout/stderr and sets the exit code. */
export interface CommandOutput {
  /** Pieces when the output can be big (a review's report): written as they are made. */
  readonly stdout: Printable;
  /** Diagnostics (warnings, "wrote FILE"), never mixed into machine formats on stdout. */
  readonly stderr?: string;
  readonly exitCode: number;
}

/** The environment a command sees; injected so tests can run commands in-process. */
export interface CommandEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  /** The terminal's width when stdout is one; text reports wrap to it (to 80 otherwise). */
  readonly columns?: number;
  readonly stdinIsTTY: boolean;
  /** Reads standard input to the end (for "--from -"). */
  readonly readStdin: () => Promise<Buffer>;
}

export const ok = (stdout: string, stderr?: string): CommandOutput => ({ stdout, exitCode: 0, ...(stderr ? { stderr } : {}) });
