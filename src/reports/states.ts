/**
 * What the `states` renderers take: a socket summary and the context it came with. Renderers
 * are pure functions of this; only the command reads files.
 */
import type { HostSnapshot, SocketDumpFormat, SocketSummary, Sockstat } from '../snapshot/types.js';
import { withSsListeners } from '../sockets/ss-listeners.js';

/** states --format. */
export type StatesFormat = 'text' | 'json' | 'prometheus';

export interface StatesReport {
  /** Where the sockets came from. */
  readonly source:
    { readonly kind: 'root'; readonly root: string } | { readonly kind: 'dump'; readonly file: string; readonly format: SocketDumpFormat };
  /** Kernel release under the root; null for dumps (they do not say). */
  readonly kernelRelease: string | null;
  readonly sockets: SocketSummary;
  /** proc/net/sockstat under the root; null for dumps or when missing. */
  readonly sockstat: Sockstat | null;
  /** net.ipv4.tcp_max_tw_buckets under the root (the cap timewaitMinisocks counts against), or null. */
  readonly maxTwBuckets: number | null;
}

/** A report from a root's snapshot; the caller has checked that sockets are present. */
export function reportFromSnapshot(snapshot: HostSnapshot, sockets: SocketSummary): StatesReport {
  const buckets = snapshot.sysctls['net.ipv4.tcp_max_tw_buckets'];
  const maxTwBuckets = buckets?.status === 'present' && /^-?\d+$/.test(buckets.value.value) ? Number(buckets.value.value) : null;
  return {
    source: { kind: 'root', root: snapshot.root },
    kernelRelease: snapshot.kernelRelease.status === 'present' ? snapshot.kernelRelease.value : null,
    // ss (run on this host, or its capture in a bundle) shows the backlogs /proc/net/tcp keeps out.
    sockets: snapshot.ss.status === 'present' ? withSsListeners(sockets, snapshot.ss.value) : sockets,
    sockstat: snapshot.sockstat.status === 'present' ? snapshot.sockstat.value : null,
    maxTwBuckets,
  };
}

/** Share of `part` in `whole`, 0 when there is nothing. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** A listener is nearly full at ≥ 90% of its backlog (the queue can exceed it by one: full). */
export const NEARLY_FULL = 0.9;
