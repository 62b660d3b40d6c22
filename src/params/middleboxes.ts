/**
 * Load balancers and NATs in front of a host, as data: each vendor's documented default idle
 * timeout, what the box does when it expires (RST, a plain close, or a silent drop), whether TCP
 * keepalive probes refresh it, and whether it pools connections to the backends (then the backend
 * must keep idle connections open longer than the box does). `--lb NAME`, `--nat NAME`, the
 * wizard, answers files and profiles all resolve names here; a deployment may have changed the
 * default, so a number of seconds is accepted too.
 */
/**
 * The shortest middlebox idle timeout (seconds) keepalive advice is given for. Linux's own NAT
 * (conntrack) keeps an established TCP flow 5 days, and its shortest timeout of any TCP state is
 * 10 s (CLOSE) (net/netfilter/nf_conntrack_proto_tcp.c tcp_timeouts(), v6.12): a path that forgets a
 * live connection sooner is not one host-wide keepalive can bridge. Fitting it would mean a first
 * probe after at most 4 s (half the timeout, whole seconds) on every SO_KEEPALIVE socket of the
 * network namespace (the sysctls are per namespace, not per route), a peer declared dead after
 * about 2.75 × the timeout of silence, and still no help for busy connections: the keepalive
 * timer does nothing while data is unacknowledged (net/ipv4/tcp_timer.c tcp_keepalive_timer(), v6.12),
 * and backed-off retransmissions leave gaps of several seconds after a few losses.
 */
export const SHORTEST_IDLE_TIMEOUT = 10;

export type MiddleboxRole = 'lb' | 'nat';

/** rst: the next packet is answered with a reset (ECONNRESET); close: the proxy closes its side (FIN); silent: dropped, no signal. */
export type ExpiryAction = 'rst' | 'close' | 'silent' | 'unknown';

export interface MiddleboxPreset {
  readonly id: string;
  readonly role: MiddleboxRole;
  readonly name: string;
  /** The documented default idle timeout, seconds. */
  readonly seconds: number;
  readonly onExpiry: ExpiryAction;
  /** Whether TCP keepalive probes (no payload) reset its idle timer. */
  readonly keepaliveRefreshes: boolean;
  /** Whether it keeps idle connections to the backends and reuses them (an HTTP proxy). */
  readonly pools: boolean;
  /** The vendor's page for the default and the expiry behaviour. */
  readonly source: string;
  /** What the page says, in a few words (shown by explain and the wizard). */
  readonly note: string;
}

/** What the context carries: a preset, or a number given for one role ("custom", with no source). */
export type Middlebox = Omit<MiddleboxPreset, 'source' | 'note'> & { readonly source?: string };

export const MIDDLEBOX_PRESETS: readonly MiddleboxPreset[] = [
  {
    id: 'aws-alb',
    role: 'lb',
    name: 'AWS Application Load Balancer',
    seconds: 60,
    onExpiry: 'close',
    keepaliveRefreshes: false,
    pools: true,
    source:
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout',
    note: 'idle_timeout.timeout_seconds 60 s (1-4000); a target that closes first makes the ALB answer 502; TCP keepalive probes do not count as traffic',
  },
  {
    id: 'aws-nlb',
    role: 'lb',
    name: 'AWS Network Load Balancer (TCP listener)',
    seconds: 350,
    onExpiry: 'rst',
    keepaliveRefreshes: true,
    pools: false,
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html',
    note: 'tcp.idle_timeout.seconds 350 s (60-6000 for TCP listeners); data after expiry gets a RST; TCP keepalive resets the timer',
  },
  {
    id: 'gcp-lb',
    role: 'lb',
    name: 'Google Cloud external Application Load Balancer (backend side)',
    seconds: 600,
    onExpiry: 'close',
    keepaliveRefreshes: false,
    pools: true,
    source: 'https://cloud.google.com/load-balancing/docs/https#timeouts_and_retries',
    note: 'backend keep-alive 600 s, fixed: the backend must keep idle connections longer; closing first gives 502 backend_connection_closed_before_data_sent_to_client',
  },
  {
    id: 'azure-lb',
    role: 'lb',
    name: 'Azure Load Balancer',
    seconds: 240,
    onExpiry: 'silent',
    keepaliveRefreshes: true,
    pools: false,
    source: 'https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-reset',
    note: 'idleTimeoutInMinutes 4 (4-100); silent drop unless "TCP reset on idle" is enabled; TCP keepalive resets the timer',
  },
  {
    id: 'f5',
    role: 'lb',
    name: 'F5 BIG-IP virtual server (TCP / Fast L4 profile)',
    seconds: 300,
    onExpiry: 'rst',
    keepaliveRefreshes: true,
    pools: false,
    source: 'https://clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schemaref/L4_Profile.schema.json.html',
    note: 'idle-timeout 300 s, resetOnTimeout true (RST); pools server-side connections only with OneConnect',
  },
  {
    id: 'aws-nat-gateway',
    role: 'nat',
    name: 'AWS NAT Gateway',
    seconds: 350,
    onExpiry: 'rst',
    keepaliveRefreshes: true,
    pools: false,
    source: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html',
    note: '350 s, not configurable; then a RST to the inside host on its next packet; fix: TCP keepalive below 350 s',
  },
  {
    id: 'gcp-cloud-nat',
    role: 'nat',
    name: 'Google Cloud NAT',
    seconds: 1200,
    onExpiry: 'silent',
    keepaliveRefreshes: true,
    pools: false,
    source: 'https://cloud.google.com/compute/docs/reference/rest/v1/routers',
    note: 'tcpEstablishedIdleTimeoutSec 1200 s; the mapping is freed and later packets are not translated',
  },
  {
    id: 'azure-nat-gateway',
    role: 'nat',
    name: 'Azure NAT Gateway',
    seconds: 240,
    onExpiry: 'silent',
    keepaliveRefreshes: true,
    pools: false,
    source: 'https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource#tcp-idle-timeout',
    note: 'idleTimeoutInMinutes 4 (4-120); TCP keepalive resets the timer',
  },
];

export const MIDDLEBOX_IDS: Readonly<Record<MiddleboxRole, readonly string[]>> = {
  lb: MIDDLEBOX_PRESETS.filter((p) => p.role === 'lb').map((p) => p.id),
  nat: MIDDLEBOX_PRESETS.filter((p) => p.role === 'nat').map((p) => p.id),
};

const ROLE_NAMES: Record<MiddleboxRole, string> = { lb: 'load balancer', nat: 'NAT' };

export function middleboxFromPreset(preset: MiddleboxPreset): Middlebox {
  const { id, role, name, seconds, onExpiry, keepaliveRefreshes, pools, source } = preset;
  return { id, role, name, seconds, onExpiry, keepaliveRefreshes, pools, source };
}

/**
 * A preset name or whole seconds for `role`, or the reason it is neither (a phrase following the
 * flag: "--lb takes ..."). A number stands for an unnamed box: a load balancer is assumed to pool
 * backend connections and a NAT not; both are assumed to count keepalive probes, as --idle-timeout does.
 */
export function parseMiddlebox(role: MiddleboxRole, text: string): Middlebox | string {
  const preset = MIDDLEBOX_PRESETS.find((p) => p.id === text.toLowerCase());
  if (preset) {
    if (preset.role !== role) return `names a ${ROLE_NAMES[preset.role]} (${preset.id}); use --${preset.role} ${preset.id}`;
    return middleboxFromPreset(preset);
  }
  if (/^\d{1,15}$/.test(text)) {
    const seconds = Number(text);
    if (seconds < SHORTEST_IDLE_TIMEOUT) return `takes whole seconds of at least ${SHORTEST_IDLE_TIMEOUT} or a name (not "${text}")`;
    return {
      id: 'custom',
      role,
      name: `${role === 'lb' ? 'load balancer' : 'NAT'} (${seconds} s)`,
      seconds,
      onExpiry: 'unknown',
      keepaliveRefreshes: true,
      pools: role === 'lb',
    };
  }
  return `takes one of ${MIDDLEBOX_IDS[role].join(', ')} or whole seconds (not "${text}")`;
}

/** How the box is named in messages: "AWS Application Load Balancer (--lb aws-alb, 60 s)". */
export function describeMiddlebox(box: Middlebox): string {
  return `${box.name} (--${box.role} ${box.id === 'custom' ? box.seconds : box.id}, ${box.seconds} s)`;
}

export const EXPIRY_WORDS: Record<ExpiryAction, string> = {
  rst: 'answers the next packet with a RST (ECONNRESET)',
  close: 'closes the connection',
  silent: 'drops later packets silently (no RST: a send hangs until tcp_retries2 gives up, ~15 min)',
  unknown: 'forgets the connection',
};
