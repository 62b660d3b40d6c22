import { readFileSync } from 'node:fs';
import { UsageError } from '../util/errors.js';
import { NEWEST_KNOWN_KERNEL, parseKernelVersion, type KernelVersion } from './version.js';

/** The running kernel's release, or undefined when not on Linux (or /proc is not readable). */
export function runningKernel(): KernelVersion | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return parseKernelVersion(readFileSync('/proc/sys/kernel/osrelease', 'utf8'));
  } catch {
    return undefined;
  }
}

/** --kernel X.Y[.Z] when given; else the running kernel on Linux; else the newest kernel the catalogue knows. */
export function targetKernel(flag: string | undefined): KernelVersion {
  if (flag !== undefined) {
    const parsed = parseKernelVersion(flag);
    if (!parsed || !/^\d+\.\d+(\.\d+)?$/.test(flag.trim())) throw new UsageError(`--kernel takes X.Y or X.Y.Z (e.g. 6.8), not "${flag}"`);
    return parsed;
  }
  return runningKernel() ?? parseKernelVersion(NEWEST_KNOWN_KERNEL)!;
}
