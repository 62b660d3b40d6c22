/**
 * Names config files still carry that no current kernel has, kept by hand because the kernel lab
 * can only see what exists: keys mainline removed, and keys that only ever existed in a vendor's
 * patched kernel. Each row says where the fact comes from. A removal with a known commit has
 * `removedIn`; one the lab only brackets has `goneBy` (absent from that lab kernel and every
 * later one, with every module of the tree loaded).
 */
import { withoutIgnoreDash } from './keys.js';

export type RetiredKey =
  | {
      readonly kind: 'removed';
      /** A full key, or a prefix ending in "." or "_" that covers a family of names. */
      readonly match: string;
      /** First mainline release without it, when a commit says so. */
      readonly removedIn?: string;
      /** A lab kernel that lacks it, when the release that removed it is not pinned down. */
      readonly goneBy?: string;
      readonly source: string;
      /** The name to use instead, with the matched part replaced (for prefix rows: the new prefix). */
      readonly replacement?: string;
      readonly what: string;
    }
  | {
      readonly kind: 'never-mainline';
      readonly match: string;
      /** Which patched kernels had it. */
      readonly origin: string;
      readonly source: string;
    };

const LAB_ABSENT =
  'kernel lab: absent from Linux 6.1, 6.12 (Debian builds, every net/fs/md module loaded) and 6.18 (tools/kernel-lab/data/)';

export const RETIRED_KEYS: readonly RetiredKey[] = [
  {
    kind: 'removed',
    match: 'net.ipv4.tcp_tw_recycle',
    removedIn: '4.12',
    source: 'commit 4396e46187ca ("tcp: remove tcp_tw_recycle"), Linux 4.12',
    what: 'fast TIME-WAIT recycling, which dropped SYNs from clients behind NAT',
  },
  {
    kind: 'removed',
    match: 'net.ipv4.tcp_dma_copybreak',
    removedIn: '3.18',
    source: 'commit 7bced397510a ("net_dma: simple removal"), September 2014',
    what: 'the NET_DMA receive-copy offload',
  },
  {
    kind: 'removed',
    match: 'net.ipv4.netfilter.ip_conntrack_',
    goneBy: '6.1',
    source: LAB_ABSENT,
    replacement: 'net.netfilter.nf_conntrack_',
    what: 'a compatibility name of the old ip_conntrack module (nf_conntrack replaced it)',
  },
  {
    kind: 'removed',
    match: 'net.ipv4.ip_conntrack_max',
    goneBy: '6.1',
    source: LAB_ABSENT,
    replacement: 'net.netfilter.nf_conntrack_max',
    what: "the old ip_conntrack module's table size",
  },
  ...[
    ['net.ipv4.tcp_abc', 'Appropriate Byte Counting'],
    ['net.ipv4.tcp_frto_response', 'the F-RTO response selector'],
    ['net.ipv4.tcp_cookie_size', 'TCP Cookie Transactions'],
    ['net.ipv4.tcp_max_ssthresh', 'Limited Slow-Start'],
    ['net.ipv4.tcp_thin_dupack', 'the thin-stream dupack trigger'],
    ['net.ipv4.inet_peer_gc_mintime', 'the inet_peer garbage-collection timer'],
    ['net.ipv4.inet_peer_gc_maxtime', 'the inet_peer garbage-collection timer'],
    ['net.ipv4.route.secret_interval', 'the IPv4 routing cache'],
  ].map(([match, what]): RetiredKey => ({
    kind: 'removed',
    match: match!,
    goneBy: '6.1',
    source: LAB_ABSENT,
    what: `a setting of ${what}`,
  })),
  {
    kind: 'never-mainline',
    match: 'kernel.exec-shield',
    origin: "Red Hat's exec-shield patch (RHEL 3 to 6 and old Fedora kernels)",
    source: LAB_ABSENT,
  },
  {
    kind: 'never-mainline',
    match: 'kernel.exec-shield-randomize',
    origin: "Red Hat's exec-shield patch (RHEL 3 to 6 and old Fedora kernels)",
    source: LAB_ABSENT,
  },
  {
    kind: 'never-mainline',
    match: 'kernel.vsyscall64',
    origin: "Red Hat's RHEL 5 and 6 kernels",
    source: LAB_ABSENT,
  },
  {
    kind: 'never-mainline',
    match: 'kernel.grsecurity.',
    origin: 'the grsecurity patch set',
    source: LAB_ABSENT,
  },
];

/** The hand-kept row for a dotted key: an exact row first, else the longest matching prefix row. */
export function findRetired(key: string): RetiredKey | undefined {
  const name = withoutIgnoreDash(key);
  let best: RetiredKey | undefined;
  for (const row of RETIRED_KEYS) {
    if (row.match === name) return row;
    const isPrefix = row.match.endsWith('.') || row.match.endsWith('_');
    if (isPrefix && name.startsWith(row.match) && (!best || row.match.length > best.match.length)) best = row;
  }
  return best;
}

/** The name to use instead of a removed one, or undefined. */
export function replacementFor(row: RetiredKey, key: string): string | undefined {
  if (row.kind !== 'removed' || row.replacement === undefined) return undefined;
  return row.match.endsWith('.') || row.match.endsWith('_') ? row.replacement + key.slice(row.match.length) : row.replacement;
}
