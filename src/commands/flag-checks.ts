/**
 * Checks of flag values, done where yargs parses them (as `coerce`), so that every command
 * refuses a bad value in one line before it reads anything. yargs' `type: 'number'` turns "abc"
 * into NaN and "300s" into NaN without a word, so numeric flags are read as strings here and
 * must be whole numbers written as digits.
 */
import { idleTimeoutProblem } from '../safety/keepalive.js';
import { kernelProblem, newerKernelNote } from '../kernel/target.js';
import { parseKernelVersion } from '../kernel/version.js';
import { kubernetesMinor, NEWEST_KNOWN_KUBERNETES, OLDEST_KUBERNETES } from '../params/kubernetes-sysctls.js';
import { UsageError } from '../util/errors.js';
import { parseMiddlebox, type Middlebox, type MiddleboxRole } from '../params/middleboxes.js';

/** The one value of a flag; a repeated flag (an array from yargs) is an error, not "the last one wins" silently. */
function single(flag: string, value: unknown): string {
  if (Array.isArray(value)) throw new UsageError(`--${flag} is given ${value.length} times; give it once`);
  return String(value).trim();
}

/** Digits only: "300", not "300s", "1.5", "1e3", "0x12" or "-1". */
function wholeNumber(text: string): number | undefined {
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** --idle-timeout SECONDS: whole seconds, not below what keepalive can bridge (safety/keepalive.ts). */
export function idleTimeoutFlag(value: unknown): number {
  const text = single('idle-timeout', value);
  const seconds = wholeNumber(text);
  const problem = seconds === undefined ? idleTimeoutProblem(NaN) : idleTimeoutProblem(seconds);
  const badForm = seconds === undefined || seconds <= 0;
  if (problem) throw new UsageError(`--idle-timeout ${problem}${badForm ? ` (not "${text}")` : ''}`);
  return seconds!;
}

/** --lb NAME|SECONDS, --nat NAME|SECONDS: a preset of params/middleboxes.ts or whole seconds. */
export function middleboxFlag(role: MiddleboxRole): (value: unknown) => Middlebox {
  return (value) => {
    const box = parseMiddlebox(role, single(role, value));
    if (typeof box === 'string') throw new UsageError(`--${role} ${box}`);
    return box;
  };
}

/** A whole-number flag between `min` and `max` (e.g. --top), named with an example. */
export function boundedWholeNumberFlag(flag: string, min: number, max: number, example: number): (value: unknown) => number {
  return (value) => {
    const text = single(flag, value);
    const n = wholeNumber(text);
    if (n === undefined || n < min || n > max)
      throw new UsageError(`--${flag} takes a whole number from ${min} to ${max}, e.g. ${example} (not "${text}")`);
    return n;
  };
}

/** --kernel: X.Y, X.Y.Z or a `uname -r` release, not older than the catalogue knows (kernel/target.ts). */
export function kernelFlag(value: unknown): string {
  const text = single('kernel', value);
  const problem = kernelProblem(text);
  if (problem) throw new UsageError(`--kernel ${problem}`);
  return text;
}

/**
 * --kubernetes X.Y: the release whose kubelet allowlist pod sysctls are checked against. A release
 * older than pod sysctls is refused; a newer one than the list knows is taken as the newest known.
 */
export function kubernetesFlag(value: unknown): string {
  const text = single('kubernetes', value).replace(/^v/, '');
  const match = /^1\.(\d{1,3})(?:\.\d+)?$/.exec(text);
  if (!match) throw new UsageError(`--kubernetes takes a release such as ${NEWEST_KNOWN_KUBERNETES} (not "${text}")`);
  const minor = Number(match[1]);
  if (minor < kubernetesMinor(OLDEST_KUBERNETES))
    throw new UsageError(`--kubernetes ${text} is older than pod sysctls (${OLDEST_KUBERNETES})`);
  return `1.${minor}`;
}

/** Notes on stderr about flags that were accepted but deserve a word (a kernel newer than the catalogue). */
export function flagNotes(args: Readonly<Record<string, unknown>>): string {
  const kernel = typeof args.kernel === 'string' ? parseKernelVersion(args.kernel) : undefined;
  const note = kernel ? newerKernelNote(kernel) : undefined;
  return note ? `sysctl-advisor: note: ${note}\n` : '';
}
