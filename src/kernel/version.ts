/**
 * Kernel release numbers, compared numerically (4.9 < 4.12 < 6.5) —
 * string comparison gets "4.12" < "4.9" wrong, which is the classic bug here.
 */
export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** As given, e.g. "6.18.44-fc-v657" or "4.9". */
  readonly text: string;
}

const RELEASE = /^(\d+)\.(\d+)(?:\.(\d+))?/;

/** Parses "6.8", "4.9.0", "6.18.44-fc-v657"; returns undefined when it is not a release string. */
export function parseKernelVersion(text: string): KernelVersion | undefined {
  const match = RELEASE.exec(text.trim());
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === undefined ? 0 : Number(match[3]),
    text: text.trim(),
  };
}

export function compareKernelVersions(a: KernelVersion, b: KernelVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/**
 * Version literals of the catalogue and the rules, parsed once each: rules ask atLeast() for
 * every line they check, tens of thousands of times in a big review.
 */
const LITERALS = new Map<string, KernelVersion>();

/** True when `version` is at least `since` ("4.12"). */
export function atLeast(version: KernelVersion, since: string): boolean {
  let bound = LITERALS.get(since);
  if (!bound) {
    bound = parseKernelVersion(since);
    if (!bound) throw new Error(`bad kernel version literal ${since}`);
    LITERALS.set(since, bound);
  }
  return compareKernelVersions(version, bound) >= 0;
}

/** The newest kernel whose facts the catalogue records (the measurements in docs/kernel/evidence/ were taken on 6.18). */
export const NEWEST_KNOWN_KERNEL = '6.18';

/**
 * The oldest kernel the catalogue can speak for: its oldest sources are 2.6-era kernel snapshots,
 * and before 2.6 there were no network namespaces and few of these keys had their present meaning.
 */
export const OLDEST_KNOWN_KERNEL = '2.6';

export function formatKernel(version: KernelVersion): string {
  return `${version.major}.${version.minor}${version.patch ? `.${version.patch}` : ''}`;
}
