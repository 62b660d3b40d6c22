import type { Printable } from './pieces.js';

/** What a command hands back to the CLI, which alone writes to stdout/stderr and sets the exit code. */
export interface CommandOutput {
  /** Pieces when the output can be big (a review's report): written as they are made. */
  readonly stdout: Printable;
  /** Diagnostics (warnings, "wrote FILE"), never mixed into machine formats on stdout. */
  readonly stderr?: string;
  readonly exitCode: number;
}

/**
 * What a handler that builds a report hands back: the CLI layer (src/commands/) renders the report
 * in the chosen format (src/reporters/index.ts) and picks the exit code from it.
 */
export interface ReportOutcome<Report> {
  readonly report: Report;
  /** Diagnostics for stderr (what was written or applied). */
  readonly stderr?: string;
  /** Set when what the handler did decides the exit code (advise --apply rolled back: 1 or 3). */
  readonly exitCode?: number;
}

/** The environment a command sees; injected so tests can run commands in-process. */
export interface CommandEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Reads standard input to the end (for "--from -"). */
  readonly readStdin: () => Promise<Buffer>;
  /** process.platform: "linux" where the kernel's files can be live. */
  readonly platform: NodeJS.Platform;
  /** process.getuid(); undefined where it does not exist (Windows). */
  readonly uid: number | undefined;
  /** The working directory: relative paths in flags and reports are relative to it. */
  readonly cwd: string;
  /** The terminal's width when stdout is one: help and text reports wrap to it (reports to 80 otherwise). */
  readonly columns: number | undefined;
  /** Standard error when it is a terminal (progress lines of long runs); undefined otherwise. */
  readonly progress: NodeJS.WritableStream | undefined;
  /** The terminal's streams, for the one command that talks to it while it runs (the wizard). */
  readonly terminal: { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream };
}

export const ok = (stdout: string, stderr?: string): CommandOutput => ({ stdout, exitCode: 0, ...(stderr ? { stderr } : {}) });
