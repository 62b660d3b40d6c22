/**
 * Values the advisor never recommends, whatever a profile asks (docs/kernel/time-wait.md#tcp_tw_recycle). A user
 * may still force one with an explicit, documented override; the file then says so.
 */
import { atLeast, parseKernelVersion, type KernelVersion } from '../kernel/version.js';
import { TW_BUCKETS_DEFAULT_RANGE } from '../params/defaults.js';
import { SENTENCES, TW_RECYCLE_REMOVED_IN } from './sentences.js';

/** The largest default tcp_max_tw_buckets can have (ehash capped at 512K entries → 262144). */
export const LARGEST_TW_BUCKETS_DEFAULT = TW_BUCKETS_DEFAULT_RANGE.largest;

export interface HarmContext {
  readonly kernel: KernelVersion;
  /** The target host's default tcp_max_tw_buckets, when known; otherwise the largest possible default is used. */
  readonly twBucketsDefault?: number;
}

/** A sentence of sentences.ts as a clause after a colon: lower-case first letter, no full stop. */
function clause(sentence: string): string {
  return sentence.charAt(0).toLowerCase() + sentence.slice(1).replace(/\.$/, '');
}

const TW_BUCKETS_HARM = clause(SENTENCES.twBucketsLowered);

/** Why writing `value` to `key` is harmful, or undefined when it is not. */
export function harmOf(key: string, value: string, context: HarmContext): string | undefined {
  const n = Number(value.trim().split(/\s+/)[0]);
  switch (key) {
    case 'net.ipv4.tcp_tw_recycle':
      if (atLeast(context.kernel, TW_RECYCLE_REMOVED_IN)) return clause(SENTENCES.twRecycleRemoved);
      return n === 0 ? undefined : clause(SENTENCES.twRecycleNatDrops);
    case 'net.ipv4.tcp_max_tw_buckets': {
      const floor = context.twBucketsDefault ?? LARGEST_TW_BUCKETS_DEFAULT;
      return n < floor
        ? `${n} is below the kernel default ${context.twBucketsDefault === undefined ? `on large hosts (${floor})` : `on this host (${floor})`}: ${TW_BUCKETS_HARM}`
        : undefined;
    }
    case 'net.ipv4.tcp_syncookies':
      return n === 0 ? clause(SENTENCES.syncookiesOff) : undefined;
    default:
      return undefined;
  }
}

/** How a profile's target fares on the hosts and kernels the profile could be used for. */
export type TargetHarm =
  /** Refused on every host and every kernel that has the key: the profile is invalid without `force`. */
  | { readonly where: 'everywhere'; readonly reason: string }
  /** Refused where the host's own default is larger (tcp_max_tw_buckets): decided per host. */
  | { readonly where: 'some-hosts'; readonly reason: string };

/** The last kernel with tcp_tw_recycle: a key a kernel lacks is never written, so harm is judged where it exists. */
const LAST_KERNEL_WITH_TW_RECYCLE = parseKernelVersion('4.11')!;

/**
 * harmOf for a profile target, before any host is known: on the most lenient host (the smallest
 * default tcp_max_tw_buckets any host has) and on the strictest (the largest).
 */
export function profileTargetHarm(key: string, value: string): TargetHarm | undefined {
  const kernel = LAST_KERNEL_WITH_TW_RECYCLE;
  if (harmOf(key, value, { kernel, twBucketsDefault: TW_BUCKETS_DEFAULT_RANGE.smallest })) {
    const reason =
      key === 'net.ipv4.tcp_max_tw_buckets'
        ? `${value} is below the smallest default any host has (${TW_BUCKETS_DEFAULT_RANGE.smallest}, half an established hash of one page): ${TW_BUCKETS_HARM}`
        : harmOf(key, value, { kernel })!;
    return { where: 'everywhere', reason };
  }
  const onLargeHosts = harmOf(key, value, { kernel });
  if (onLargeHosts) {
    return {
      where: 'some-hosts',
      reason: `${value} is below the kernel default of hosts with more memory (the default is half the established hash: 4096 with 1 GiB, ${TW_BUCKETS_DEFAULT_RANGE.largest} from 64 GiB), where it is refused: ${TW_BUCKETS_HARM}`,
    };
  }
  return undefined;
}
