import { readFileSync } from 'node:fs';
import { UsageError } from '../util/errors.js';
import { compareKernelVersions, NEWEST_KNOWN_KERNEL, OLDEST_KNOWN_KERNEL, parseKernelVersion, type KernelVersion } from './version.js';

/** The running kernel's release, or undefined when not on Linux (no /proc/sys there) or /proc is not readable. */
export function runningKernel(): KernelVersion | undefined {
  try {
    return parseKernelVersion(readFileSync('/proc/sys/kernel/osrelease', 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * X.Y, X.Y.Z, or a whole `uname -r` (6.8.0-1014-aws, 3.10.0-1160.el7.x86_64, 6.9.0-rc1): the
 * release numbers, then anything after a separator, as osrelease is read.
 */
const KERNEL_TEXT = /^\d+\.\d+(\.\d+)?([-+~_.][0-9A-Za-z_.+~-]*)?$/;

/**
 * Why `text` cannot name the target kernel, as a phrase after its subject ("--kernel ..."), or
 * undefined when it can. The flag, the wizard's question and answers files ask this one function.
 */
export function kernelProblem(text: string): string | undefined {
  const trimmed = text.trim();
  const parsed = KERNEL_TEXT.test(trimmed) ? parseKernelVersion(trimmed) : undefined;
  if (!parsed) return `takes X.Y, X.Y.Z or a "uname -r" release (e.g. 6.8 or 6.8.0-1014-aws), not "${text}"`;
  if (compareKernelVersions(parsed, parseKernelVersion(OLDEST_KNOWN_KERNEL)!) < 0) {
    return `${trimmed} is older than any kernel the parameter catalogue has facts for (${OLDEST_KNOWN_KERNEL} and later: before it there were no network namespaces and few of these keys meant what they mean now)`;
  }
  return undefined;
}

/** A note for a kernel newer than the catalogue knows (its facts are assumed unchanged), or undefined. */
export function newerKernelNote(version: KernelVersion): string | undefined {
  const newest = parseKernelVersion(NEWEST_KNOWN_KERNEL)!;
  if (compareKernelVersions({ ...version, patch: 0 }, newest) <= 0) return undefined;
  return `kernel ${version.major}.${version.minor} is newer than the newest the parameter catalogue knows (${NEWEST_KNOWN_KERNEL}): keys, defaults and ranges are assumed as on ${NEWEST_KNOWN_KERNEL}, and keys added since are not known`;
}

/** --kernel X.Y[.Z] (or a uname -r release) when given; else the running kernel on Linux; else the newest kernel the catalogue knows. */
export function targetKernel(flag: string | undefined): KernelVersion {
  if (flag !== undefined) {
    const problem = kernelProblem(flag);
    if (problem) throw new UsageError(`--kernel ${problem}`);
    return parseKernelVersion(flag)!;
  }
  return runningKernel() ?? parseKernelVersion(NEWEST_KNOWN_KERNEL)!;
}
