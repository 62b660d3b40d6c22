/**
 * Helpers for the hardening tests: the built CLI run as a child process (concurrently, as
 * another user, under a umask, or under /usr/bin/time for its peak memory), scratch folders,
 * and roots copied from the fixtures.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO_ROOT } from '../helpers/cli.js';

export { CLI, REPO_ROOT };
export const FIXTURE_ROOTS = join(REPO_ROOT, 'test/fixtures/roots');
const TIME = '/usr/bin/time';

export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
  /** Peak resident set size of the CLI process in KB, when run with `measure`. */
  readonly peakKb?: number;
}

export interface CliOptions {
  readonly cwd?: string;
  /** Run as this user and group (root can; used for "permission denied" paths). */
  readonly uid?: number;
  /** Run under this umask (through sh, which sets it and execs node). */
  readonly umask?: string;
  /** Measure peak RSS with /usr/bin/time -f %M. */
  readonly measure?: boolean;
  readonly timeoutMs?: number;
  readonly input?: string;
}

/** Runs the built CLI with NO_COLOR=1; resolves with what it printed and its exit status. */
export function runCliAsync(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  let command = process.execPath;
  let argv = [CLI, ...args];
  if (options.umask !== undefined) {
    // "$0" "$@": the arguments reach node as an array, never through the shell's parser.
    argv = ['-c', `umask ${options.umask} && exec "$0" "$@"`, command, ...argv];
    command = '/bin/sh';
  }
  if (options.measure) {
    argv = ['-q', '-f', 'peak-rss-kb=%M', command, ...argv];
    command = TIME;
  }
  return new Promise((resolve) => {
    const child = execFile(
      command,
      argv,
      {
        cwd: options.cwd ?? REPO_ROOT,
        env: { ...process.env, NO_COLOR: '1' },
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 << 20,
        ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        let peakKb: number | undefined;
        if (options.measure) {
          const match = /peak-rss-kb=(\d+)\n?$/.exec(stderr);
          if (match) {
            peakKb = Number(match[1]);
            stderr = stderr.slice(0, match.index);
          }
        }
        resolve({ stdout, stderr, status, ...(peakKb !== undefined ? { peakKb } : {}) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

export const timeAvailable = existsSync(TIME);

/** Runs `tasks` with at most `limit` at a time (two cores: CLI runs in pairs). */
export async function inPool<T>(tasks: readonly (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** A scratch folder removed after `body`, even when it throws. */
export async function withScratch<T>(prefix: string, body: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `sysctl-advisor-${prefix}-`));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A copy of test/fixtures/roots/_base (a complete small root) at `target`. */
export function copyBaseRoot(target: string): string {
  cpSync(join(FIXTURE_ROOTS, '_base'), target, { recursive: true, verbatimSymlinks: true });
  return target;
}

/** A stack trace line ("    at f (file:1:2)"). */
export const STACK_LINE = /^\s+at .+/m;
