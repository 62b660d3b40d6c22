/**
 * Values the advisor never recommends, whatever a profile asks (docs/kernel/time-wait.md#tcp_tw_recycle). A user
 * may still force one with an explicit, documented override; the file then says so.
 */
import { atLeast, type KernelVersion } from '../kernel/version.js';

/** The largest default tcp_max_tw_buckets can have (ehash capped at 512K entries → 262144). */
export const LARGEST_TW_BUCKETS_DEFAULT = 262144;

export interface HarmContext {
  readonly kernel: KernelVersion;
  /** The target host's default tcp_max_tw_buckets, when known; otherwise the largest possible default is used. */
  readonly twBucketsDefault?: number;
}

/** Why writing `value` to `key` is harmful, or undefined when it is not. */
export function harmOf(key: string, value: string, context: HarmContext): string | undefined {
  const n = Number(value.trim().split(/\s+/)[0]);
  switch (key) {
    case 'net.ipv4.tcp_tw_recycle':
      if (atLeast(context.kernel, '4.12')) {
        return 'tcp_tw_recycle was removed in 4.12; on this kernel "sysctl -p" fails with "cannot stat" and exit 1 on the line, even with a leading "-" (docs/kernel/time-wait.md#tcp_tw_recycle)';
      }
      return n === 0
        ? undefined
        : 'tcp_tw_recycle drops SYNs from clients behind NAT (per-host timestamp check), and on 4.10 from everyone (per-connection timestamp offsets); removed in 4.12 (docs/kernel/time-wait.md#tcp_tw_recycle; commit 4396e46187ca)';
    case 'net.ipv4.tcp_max_tw_buckets': {
      const floor = context.twBucketsDefault ?? LARGEST_TW_BUCKETS_DEFAULT;
      return n < floor
        ? `${n} is below the kernel default ${context.twBucketsDefault === undefined ? `on large hosts (${floor})` : `on this host (${floor})`}: at the cap, closing sockets skip TIME-WAIT unprotected (TCPTimeWaitOverflow); lowering it trades safety for nothing (docs/kernel/time-wait.md#tcp_max_tw_buckets)`
        : undefined;
    }
    case 'net.ipv4.tcp_syncookies':
      return n === 0
        ? 'without SYN cookies a full SYN queue drops SYNs (TCPReqQFullDrop), so a SYN flood shuts out real clients (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies)'
        : undefined;
    default:
      return undefined;
  }
}
