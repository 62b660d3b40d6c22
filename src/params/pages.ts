/**
 * The knowledge page (docs/kernel/, shipped in the package) that states each catalogue key's facts
 * with their sources. explain prints it first under References; a test checks that every catalogue
 * key has one and that each page and anchor exists.
 */
const TIME_WAIT = 'docs/kernel/time-wait.md';
const PORTS = 'docs/kernel/ports.md';
const SYN_QUEUE = 'docs/kernel/syn-queue-and-cookies.md';
const ACCEPT_QUEUE = 'docs/kernel/accept-queue.md';
const TIMING = 'docs/kernel/retransmission-timing.md';
const KEEPALIVE = 'docs/kernel/keepalive.md';
const ORPHANS = 'docs/kernel/fin-timeout-and-orphans.md';
const CONNTRACK = 'docs/kernel/conntrack.md';

const PAGES: Readonly<Record<string, string>> = {
  'net.ipv4.tcp_syn_retries': `${TIMING}#tcp_syn_retries`,
  'net.ipv4.tcp_syn_linear_timeouts': `${TIMING}#tcp_syn_linear_timeouts`,
  'net.ipv4.tcp_synack_retries': `${TIMING}#tcp_synack_retries`,
  'net.ipv4.tcp_retries2': `${TIMING}#tcp_retries2`,
  'net.ipv4.tcp_max_syn_backlog': `${SYN_QUEUE}#tcp_max_syn_backlog`,
  'net.ipv4.tcp_syncookies': `${SYN_QUEUE}#tcp_syncookies`,
  'net.ipv4.tcp_fastopen': `${SYN_QUEUE}#tcp_fastopen`,
  'net.ipv4.tcp_fin_timeout': `${ORPHANS}#tcp_fin_timeout`,
  'net.ipv4.tcp_max_orphans': `${ORPHANS}#tcp_max_orphans`,
  'net.ipv4.tcp_orphan_retries': `${ORPHANS}#tcp_orphan_retries`,
  'net.ipv4.tcp_tw_reuse': `${TIME_WAIT}#tcp_tw_reuse`,
  'net.ipv4.tcp_tw_reuse_delay': `${TIME_WAIT}#tcp_tw_reuse_delay`,
  'net.ipv4.tcp_tw_recycle': `${TIME_WAIT}#tcp_tw_recycle`,
  'net.ipv4.tcp_max_tw_buckets': `${TIME_WAIT}#tcp_max_tw_buckets`,
  'net.ipv4.tcp_rfc1337': `${TIME_WAIT}#tcp_rfc1337`,
  'net.ipv4.tcp_timestamps': 'docs/kernel/timestamps.md#tcp_timestamps',
  'net.ipv4.tcp_keepalive_time': `${KEEPALIVE}#tcp_keepalive_time`,
  'net.ipv4.tcp_keepalive_intvl': `${KEEPALIVE}#tcp_keepalive_time`,
  'net.ipv4.tcp_keepalive_probes': `${KEEPALIVE}#tcp_keepalive_time`,
  'net.ipv4.ip_local_port_range': `${PORTS}#ip_local_port_range`,
  'net.ipv4.ip_local_reserved_ports': `${PORTS}#ip_local_reserved_ports`,
  'net.ipv4.ip_unprivileged_port_start': `${PORTS}#ip_unprivileged_port_start`,
  'net.ipv4.tcp_abort_on_overflow': `${ACCEPT_QUEUE}#tcp_abort_on_overflow`,
  'net.core.somaxconn': `${ACCEPT_QUEUE}#somaxconn`,
  'net.core.netdev_max_backlog': `${ACCEPT_QUEUE}#netdev_max_backlog`,
  'net.ipv4.tcp_child_ehash_entries': 'docs/kernel/namespaces.md#tcp_child_ehash_entries',
  'net.ipv4.ip_forward': `${CONNTRACK}#ip_forward`,
  'net.netfilter.nf_conntrack_max': `${CONNTRACK}#nf_conntrack_max`,
  'net.netfilter.nf_conntrack_count': `${CONNTRACK}#nf_conntrack_max`,
  'net.netfilter.nf_conntrack_tcp_timeout_time_wait': `${CONNTRACK}#nf_conntrack_tcp_timeout_time_wait`,
  'net.netfilter.nf_conntrack_tcp_timeout_established': `${CONNTRACK}#nf_conntrack_tcp_timeout_established`,
};

/** "docs/kernel/PAGE.md#anchor" for a catalogue key, or undefined for a key no page covers. */
export function knowledgePage(key: string): string | undefined {
  return PAGES[key];
}
