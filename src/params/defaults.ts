/**
 * Kernel defaults and key existence for a given kernel version and host.
 * Memory-dependent defaults are computed from the established-hash size, as the kernel does.
 */
import { atLeast, type KernelVersion } from '../kernel/version.js';
import type { FormulaId, HostFacts, IntegerBounds, ParamSpec, VersionedDefault } from './types.js';

const INT_MAX = 2147483647;
const EHASH_MAX = 512 * 1024; // tcp_init passes 512K as the high limit when thash_entries is not set
/**
 * alloc_large_system_hash never allocates less than one page of buckets: PAGE_SIZE /
 * sizeof(struct inet_ehash_bucket) = 4096 / 8 on a 64-bit kernel with 4 KiB pages, the smallest
 * of any architecture (32-bit buckets or larger pages give more) (mm/mm_init.c, v6.12).
 */
const EHASH_MIN = 4096 / 8;
const MIB = 1024 * 1024;

/** Whether the key exists on `kernel` (ignoring config options and modules). */
export function existsOn(spec: ParamSpec, kernel: KernelVersion): boolean {
  if (!atLeast(kernel, spec.added)) return false;
  return spec.removed === undefined || !atLeast(kernel, spec.removed);
}

/** The default entry in force on `kernel`: the last one whose `since` is not newer. */
export function defaultEntryFor(spec: ParamSpec, kernel: KernelVersion): VersionedDefault | undefined {
  let chosen: VersionedDefault | undefined;
  for (const entry of spec.defaults) if (atLeast(kernel, entry.since)) chosen = entry;
  return chosen ?? spec.defaults[0];
}

export interface ResolvedDefault {
  /** The value as the kernel prints it (vectors space-separated), or undefined if host facts are missing. */
  readonly value: string | undefined;
  /** How it is derived ("6", or "max(128, ehash_entries / 128) = 2048"). */
  readonly describe: string;
}

export function defaultFor(spec: ParamSpec, kernel: KernelVersion, host: HostFacts = {}): ResolvedDefault {
  const entry = defaultEntryFor(spec, kernel);
  if (!entry) return { value: undefined, describe: 'unknown' };
  if (entry.value.kind === 'literal') return { value: entry.value.value, describe: entry.value.value || '(empty)' };
  const value = evaluateFormula(entry.value.formula, host);
  return {
    value: value === undefined ? undefined : String(value),
    describe: value === undefined ? entry.value.describe : `${entry.value.describe} = ${value}`,
  };
}

/**
 * alloc_large_system_hash("TCP established", scale 17): low memory rounded up to 1 MiB,
 * one bucket per 128 KiB, rounded up to a power of two, capped at 512K (mm/mm_init.c, v6.12).
 * MemTotal stands in for nr_kernel_pages; they differ by reserved memory only.
 */
export function estimateEhashEntries(memTotalBytes: number): number {
  const roundedToMiB = Math.ceil(memTotalBytes / MIB) * MIB;
  const buckets = Math.max(1, Math.floor(roundedToMiB / (128 * 1024)));
  return Math.min(EHASH_MAX, Math.max(EHASH_MIN, nextPowerOfTwo(buckets)));
}

/**
 * The smallest and largest default tcp_max_tw_buckets any host has (half the established hash,
 * which memory sizes between one page of buckets and 512K entries): 256 and 262144. Only a
 * thash_entries boot parameter, or tcp_child_ehash_entries for a new network namespace (6.1+),
 * sizes the hash outside that.
 */
export const TW_BUCKETS_DEFAULT_RANGE = {
  smallest: evaluateFormula('half_ehash', { ehashEntries: EHASH_MIN })!,
  largest: evaluateFormula('half_ehash', { ehashEntries: EHASH_MAX })!,
} as const;

function nextPowerOfTwo(n: number): number {
  let power = 1;
  while (power < n) power *= 2;
  return power;
}

function ehashOf(host: HostFacts): number | undefined {
  if (host.ehashEntries !== undefined) return host.ehashEntries;
  return host.memTotalBytes === undefined ? undefined : estimateEhashEntries(host.memTotalBytes);
}

function evaluateFormula(formula: FormulaId, host: HostFacts): number | undefined {
  switch (formula) {
    case 'max_syn_backlog_pre_5_4':
    case 'max_syn_backlog': {
      const ehash = ehashOf(host);
      if (ehash === undefined) return undefined;
      return Math.max(128, Math.floor(ehash / (formula === 'max_syn_backlog' ? 128 : 256)));
    }
    case 'half_ehash': {
      const ehash = ehashOf(host);
      // tcp_set_hashinfo: (ehash_entries + 1) / 2
      return ehash === undefined ? undefined : Math.floor((ehash + 1) / 2);
    }
    case 'conntrack_max':
      return host.memTotalBytes === undefined ? undefined : conntrackBuckets(host.memTotalBytes);
    case 'conntrack_max_pre_5_15':
      return host.memTotalBytes === undefined ? undefined : 4 * conntrackBucketsPre515(host.memTotalBytes);
  }
}

/** nf_conntrack_init_start (5.15+): 262144 buckets above 4 GiB (64-bit), 65536 above 1 GiB, else RAM/16K/8, at least 1024. */
function conntrackBuckets(memTotalBytes: number): number {
  if (memTotalBytes > 4 * 1024 * MIB) return 262144;
  if (memTotalBytes > 1024 * MIB) return 65536;
  return Math.max(1024, Math.floor(memTotalBytes / 16384 / 8));
}

function conntrackBucketsPre515(memTotalBytes: number): number {
  if (memTotalBytes > 1024 * MIB) return 16384;
  return Math.max(32, Math.floor(memTotalBytes / 16384 / 8));
}

/** HZ assumed when it is unknown: 1000 gives the narrowest jiffies range, so nothing we accept is rejected elsewhere. */
export const ASSUMED_HZ = 1000;

/**
 * What the kernel's write handler accepts for an integer key. proc_dointvec_jiffies rejects
 * |v| > INT_MAX/HZ (8589934 on HZ=250, 2147483 on HZ=1000) (kernel/sysctl.c, v6.12).
 */
export function integerBounds(spec: ParamSpec, host: HostFacts = {}): IntegerBounds | undefined {
  if (spec.handler === 'proc_dointvec_jiffies') {
    const limit = Math.floor(INT_MAX / (host.hz ?? ASSUMED_HZ));
    return { min: -limit, max: limit };
  }
  return spec.accepts;
}
