/**
 * Sysctl values under a root: every catalogue key from proc/sys/<key as path>, plus
 * kernel/osrelease. A value is kept as the kernel printed it (see SysctlValue); judging it is
 * the rules' job.
 */
import { CATALOGUE } from '../params/catalogue.js';
import { keyToProcPath } from '../params/keys.js';
import type { Observed, SysctlReading } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { readText } from './line-scanner.js';
import { readRootFile } from './root-file.js';
import { sysctlValue } from './sysctl-dump.js';

/** The /proc/sys-relative path of a key under a root: "proc/sys/net/ipv4/tcp_fin_timeout". */
export function sysctlPath(key: string): string {
  return `proc/sys/${keyToProcPath(key)}`;
}

/** One key under a root. */
export function readSysctl(root: string, key: string): SysctlReading {
  return readRootFile(root, sysctlPath(key), (source, file) => ({
    value: sysctlValue(readText(source).replace(/\n$/, '')),
    provenance: { file, line: 1 },
  }));
}

/** Every catalogue key under a root, by dotted name. */
export function readCatalogueSysctls(root: string): Record<string, SysctlReading> {
  const readings: Record<string, SysctlReading> = {};
  for (const spec of CATALOGUE) readings[spec.key] = readSysctl(root, spec.key);
  return readings;
}

/** proc/sys/kernel/osrelease: one non-empty line. */
export function readKernelRelease(root: string): Observed<string> {
  return readRootFile(root, 'proc/sys/kernel/osrelease', (source, file) => {
    const release = readText(source).split('\n')[0]!.trim();
    if (release === '' || /\s/.test(release)) throw new InputError(`not a kernel release: "${release}"`, { file, line: 1 });
    return { value: release, provenance: { file, line: 1 } };
  });
}
