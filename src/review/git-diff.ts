/**
 * `--diff-base REF`: what changed between REF and the working tree, from git itself. git runs
 * with an argument array (execFile, never a shell string), literal pathspecs, and prefixes and
 * quoting pinned, so user configuration (diff.noprefix, core.quotePath, external diff tools)
 * cannot change what we parse. The working tree includes uncommitted edits and untracked files,
 * which is what a CI checkout of a pull request is.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { UsageError } from '../util/errors.js';
import { changedFiles, type ChangedFiles, type FileChange } from './changed-lines.js';

const MAX_OUTPUT = 256 * 1024 * 1024;

interface GitFailure {
  readonly stderr?: string | Buffer;
  readonly code?: string;
}

function git(args: readonly string[], cwd: string): string {
  return execFileSync('git', ['--literal-pathspecs', '-c', 'core.quotePath=false', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function firstLine(error: unknown): string {
  const failure = error as GitFailure;
  if (failure.code === 'ENOENT') return 'git is not installed (not found on PATH)';
  const text = String(failure.stderr ?? (error instanceof Error ? error.message : error)).trim();
  return text.split('\n')[0]?.replace(/^fatal:\s*/, '') ?? 'git failed';
}

export interface DiffBase {
  /** How a reviewed file (absolute, symlinks resolved) changed since the base; undefined: it did not. */
  changeOf(absolutePath: string): FileChange | undefined;
}

/** `inherited`: files the reviewed ones take settings from (role defaults, an included profile); those outside the repository are left out. */
export function diffBase(ref: string, reviewed: readonly string[], cwd: string, inherited: readonly string[] = []): DiffBase {
  // A ref that starts with "-" would be read as an option by git.
  if (ref === '' || ref.startsWith('-')) throw new UsageError(`--diff-base "${ref}": not a git revision`);
  let top: string;
  try {
    top = realpathSync(git(['rev-parse', '--show-toplevel'], cwd).trim());
  } catch (error) {
    throw new UsageError(`--diff-base needs a git repository: ${firstLine(error)}`);
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  } catch {
    throw new UsageError(`--diff-base ${ref}: no such commit in this repository`);
  }
  const inRepository = (absolute: string) => !relative(top, absolute).startsWith('..');
  const pathspecs = [...reviewed, ...inherited.filter(inRepository)];
  let changes: ChangedFiles;
  try {
    const nameStatus = git(['diff', '--name-status', '-z', '--find-renames', '--no-ext-diff', ref, '--', ...pathspecs], cwd);
    const patch = git(
      [
        'diff',
        '--no-color',
        '--no-ext-diff',
        '--no-textconv',
        '--find-renames',
        '--unified=0',
        '--src-prefix=a/',
        '--dst-prefix=b/',
        ref,
        '--',
        ...pathspecs,
      ],
      cwd,
    );
    const untracked = git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', ...pathspecs], cwd)
      .split('\0')
      .filter(Boolean);
    changes = changedFiles(nameStatus, patch, untracked);
  } catch (error) {
    throw new UsageError(`--diff-base ${ref}: git diff failed: ${firstLine(error)}`);
  }
  return {
    changeOf(absolutePath) {
      const path = relative(top, absolutePath);
      return changes.get(sep === '/' ? path : path.split(sep).join('/'));
    },
  };
}
