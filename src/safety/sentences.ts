/**
 * Facts the tool states in more than one place (a rule's message, the reason a value is refused,
 * a change's comment), each said once here and quoted from here. Kernel versions come from the
 * parameter catalogue, so a correction there reaches every sentence.
 */
import { findParam } from '../params/lookup.js';

/** The kernel that removed tcp_tw_recycle (catalogue: `removed`). */
export const TW_RECYCLE_REMOVED_IN = findParam('net.ipv4.tcp_tw_recycle')?.removed ?? '4.12';

export const SENTENCES = {
  /** Why a line naming tcp_tw_recycle fails on a kernel that no longer has it. */
  twRecycleRemoved: `tcp_tw_recycle was removed in ${TW_RECYCLE_REMOVED_IN}: procps "sysctl -p" prints "cannot stat" and exits 1 on a line that sets it, even with a leading "-" (docs/kernel/time-wait.md#tcp_tw_recycle).`,
  /** What tcp_tw_recycle does where it exists. */
  twRecycleNatDrops:
    'tcp_tw_recycle drops SYNs from clients behind NAT (per-host timestamp check, counted as PAWSPassive), and on 4.10, with per-connection timestamp offsets, from every client (docs/kernel/time-wait.md#tcp_tw_recycle).',
  /** Why tcp_syncookies = 0 is harmful. */
  syncookiesOff:
    'Without SYN cookies a full SYN queue drops SYNs (TCPReqQFullDrop), so a SYN flood shuts out real clients (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).',
  /** Why lowering tcp_max_tw_buckets is harmful. */
  twBucketsLowered:
    'At the cap, closing sockets skip TIME-WAIT unprotected (TCPTimeWaitOverflow); lowering it trades safety for nothing (docs/kernel/time-wait.md#tcp_max_tw_buckets).',
} as const;
