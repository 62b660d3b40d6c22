/**
 * The parameter catalogue: one entry per sysctl the advisor reads or advises on.
 * Each fact is stated, with its sources, on a page of docs/kernel/;
 * the kernel oracle test (test/params/kernel-oracle.test.ts) checks ranges, defaults and
 * scope against the running kernel.
 */
import type { ParamSpec, VersionedDefault } from './types.js';

const literal = (value: string, since = '2.2', note?: string): VersionedDefault => ({
  since,
  value: { kind: 'literal', value },
  ...(note ? { note } : {}),
});

const U8 = { min: 0, max: 255 } as const;
const INT = { min: -2147483648, max: 2147483647 } as const;

export const CATALOGUE: readonly ParamSpec[] = [
  {
    key: 'net.ipv4.tcp_syn_retries',
    shape: 'integer',
    unit: 'count',
    handler: 'proc_dou8vec_minmax',
    accepts: { min: 1, max: 127 },
    defaults: [literal('5'), literal('6', '3.7', 'raised from 5 to 6 in 3.7 (tcp(7))')],
    scope: 'netns',
    added: '2.2',
    summary: 'How many times connect() retransmits an unanswered SYN before giving up.',
    explanation:
      'Bounds an active open (connect()). The attempt fails with ETIMEDOUT when the retransmission count reaches ' +
      'tcp_syn_retries (+ tcp_syn_linear_timeouts on 6.5+) or when 2^(N+1)-1 seconds have passed, whichever comes ' +
      'first. The first RTO is 1 s. A socket can override it with TCP_SYNCNT.',
    misconceptions: [
      '"tcp_syn_retries=2" does not mean two retransmissions on 6.5+: with tcp_syn_linear_timeouts=4 it sends 5, ' +
        'and connect() to a dead address fails after about 7 s on any kernel (docs/kernel/retransmission-timing.md#tcp_syn_retries).',
      'tcp(7) still says it "should not be higher than 255"; the kernel has rejected values above 127 since 4.x.',
    ],
    history: [
      'Default 5 → 6 in 3.7 (tcp(7)).',
      'Bounded to 1..127 (MAX_TCP_SYNCNT) since ~4.x; 2.6 accepted any int (net/ipv4/sysctl_net_ipv4.c at commit 0147fc058d11; net/ipv4/sysctl_net_ipv4.c at commit 4a7126a25b4d).',
      'Since 6.5 the schedule also depends on tcp_syn_linear_timeouts (commit ccce324dabfe).',
    ],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/include/net/tcp.h?h=v6.12.118',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118 (tcp_write_timeout)',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
      'https://man7.org/linux/man-pages/man7/tcp.7.html',
    ],
  },
  {
    key: 'net.ipv4.tcp_synack_retries',
    shape: 'integer',
    unit: 'count',
    handler: 'proc_dou8vec_minmax',
    accepts: U8,
    defaults: [literal('5')],
    scope: 'netns',
    added: '2.2',
    summary: 'How many times a listener retransmits a SYN-ACK before dropping the half-open connection.',
    explanation:
      'Applies to request sockets (SYN_RECV). SYN-ACKs are retransmitted at 1, 3, 7, 15, 31 s and the request is ' +
      'dropped at 2^(M+1)-1 s (63 s for the default 5). Under SYN-queue pressure the kernel lowers the count used ' +
      'for the whole queue, down to 2, when it is over half full and few requests are young, so old ones go sooner. ' +
      "A listener's TCP_SYNCNT overrides it.",
    misconceptions: [
      'It is not affected by tcp_syn_linear_timeouts; the passive side stays purely exponential (docs/kernel/retransmission-timing.md#tcp_synack_retries).',
    ],
    history: ['Per-netns on 6.1, 6.12 and 6.18 (kernel lab); since 4.6 unverified (no older kernel in the lab).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/inet_connection_sock.c?h=v6.12.118 (reqsk_timer_handler)',
      'docs/kernel/evidence/synack_timing.txt',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
  },
  {
    key: 'net.ipv4.tcp_max_syn_backlog',
    shape: 'integer',
    unit: 'connections',
    handler: 'proc_dointvec',
    accepts: INT,
    defaults: [
      { since: '2.2', value: { kind: 'formula', formula: 'max_syn_backlog_pre_5_4', describe: 'max(128, ehash_entries / 256)' } },
      {
        since: '5.4',
        value: { kind: 'formula', formula: 'max_syn_backlog', describe: 'max(128, ehash_entries / 128)' },
        note: 'divisor 256 → 128 in 5.4 ("tcp: increase tcp_max_syn_backlog max value") (docs/kernel/syn-queue-and-cookies.md#tcp_max_syn_backlog)',
      },
    ],
    scope: 'netns',
    added: '2.2',
    summary: 'Request-socket threshold consulted only when tcp_syncookies=0.',
    explanation:
      'With syncookies off, once fewer than a quarter of tcp_max_syn_backlog slots remain free, SYNs from peers ' +
      "without a cached TCP-metrics entry are dropped. The SYN queue itself is full above the listener's backlog " +
      '(min(listen() backlog, somaxconn)), whatever this value says.',
    misconceptions: [
      'It is not the SYN-queue size when syncookies are on (the default): then it is ignored entirely; the listen() ' +
        'backlog capped by net.core.somaxconn is what matters (docs/kernel/accept-queue.md#somaxconn; listen(2)).',
    ],
    history: [
      'Default formula max(128, ehash/256) before 5.4, max(128, ehash/128) since (docs/kernel/syn-queue-and-cookies.md#tcp_max_syn_backlog).',
      'Per-netns since 4.11 (inferred; per-netns on 6.1, 6.12 and 6.18 in the kernel lab) (commit 56ab6b93007e and its series).',
      'max(128, ehash/128) in the 6.1 source (tcp_sk_init) and measured on 6.18 (2048 with 262144 ehash entries).',
    ],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_input.c?h=v6.12.118 (tcp_conn_request)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_ipv4.c?h=v6.12.118 (tcp_set_hashinfo)',
      'docs/kernel/evidence/syncookie_test.txt',
      'https://man7.org/linux/man-pages/man2/listen.2.html',
    ],
  },
  {
    key: 'net.ipv4.tcp_syncookies',
    shape: 'integer',
    unit: 'mode',
    handler: 'proc_dou8vec_minmax',
    accepts: U8,
    meaningful: { values: [0, 1, 2], note: 'the code tests only "!= 0" and "== 2"; 3..255 behave like 1' },
    defaults: [literal('1')],
    scope: 'netns',
    added: '2.2',
    requires: 'CONFIG_SYN_COOKIES',
    summary: "SYN cookies: 0 never, 1 when a listener's SYN queue is full, 2 for every SYN.",
    explanation:
      'With 1, a listener whose SYN queue overflows answers with a cookie instead of keeping state, so a SYN flood ' +
      'cannot exhaust it (counted as TCPReqQFullDoCookies/SyncookiesSent). With 0 those SYNs are dropped ' +
      '(TCPReqQFullDrop). With 2 every SYN gets a cookie and no request socket is kept, which loses TCP options ' +
      'when timestamps are off.',
    misconceptions: [
      'Cookies are a fallback for floods, not a way to carry legitimate load; if they fire in normal traffic, the ' +
        "listen backlog (somaxconn and the application's listen()) is too small (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).",
      'Turning them off to "use tcp_max_syn_backlog" makes a public server droppable by a SYN flood.',
    ],
    history: ['Per-netns since 4.6 (Kubernetes kernel version requirements).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_input.c?h=v6.12.118 (tcp_conn_request)',
      'docs/kernel/evidence/syncookie_test.txt',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
    k8sSafeSince: 'initial',
  },
  {
    key: 'net.ipv4.tcp_fin_timeout',
    shape: 'integer',
    unit: 'seconds',
    handler: 'proc_dointvec_jiffies',
    defaults: [literal('180'), literal('60', '2.4', 'lowered from 180 (2.2) to 60 (tcp(7))')],
    scope: 'netns',
    added: '2.2',
    summary: 'Lifetime of an orphaned FIN-WAIT-2 socket (the application already closed it).',
    explanation:
      'Only orphaned FIN-WAIT-2 sockets are bounded by it. At 60 or below the socket becomes a timewait minisock ' +
      'with that timeout (it counts in sockstat "tw" and against tcp_max_tw_buckets). Above 60 the real lifetime is ' +
      '2×(value−60): 65 → ~10 s, 90 → ~60 s. Never shorter than 3.5×RTO. A socket that only did shutdown(SHUT_WR) ' +
      'waits forever.',
    misconceptions: [
      'It does not change TIME-WAIT: TIME-WAIT always lasts 60 s (TCP_TIMEWAIT_LEN, a compile-time constant). ' +
        'Lowering it to "reduce TIME_WAIT" does nothing for TIME_WAIT (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout).',
      'Values above 60 do not lengthen the wait: 65 gives about 10 s (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout).',
    ],
    history: ['Default 180 in 2.2, 60 since (tcp(7)).', 'Per-netns since 4.6 (commit 1e579caa18b9).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/include/net/tcp.h?h=v6.12.118 (tcp_fin_time)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp.c?h=v6.12.118 (__tcp_close)',
      'docs/kernel/evidence/fin_timeout_orphan_lifetime.jsonl',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
    ],
    k8sSafeSince: '1.29',
  },
  {
    key: 'net.ipv4.tcp_tw_reuse',
    shape: 'integer',
    unit: 'mode',
    handler: 'proc_dou8vec_minmax',
    accepts: { min: 0, max: 2 },
    defaults: [
      literal('0', '2.4'),
      literal(
        '2',
        '4.18',
        'value 2 (loopback only) added and made the default by commit 79e9fed46038, applied 2018-06-04; first release 4.18 or 4.19 (unverified; 2 on 6.1, 6.12 and 6.18 in the kernel lab)',
      ),
    ],
    scope: 'netns',
    added: '2.4',
    summary: 'Let connect() take over a TIME-WAIT 4-tuple: 0 never, 1 always, 2 loopback only.',
    explanation:
      'Consulted only when connect() looks for a free 4-tuple; never for incoming connections. The TIME-WAIT socket ' +
      'must carry a peer timestamp (timestamps negotiated) and about 1 s must have passed (tcp_tw_reuse_delay ms on ' +
      'newer kernels). The new connection inherits the peer timestamp, so PAWS keeps stray old segments out. Each ' +
      'reuse counts as TWRecycled.',
    misconceptions: [
      'It does nothing with tcp_timestamps=0: a TIME-WAIT socket without a peer timestamp is never reused (docs/kernel/time-wait.md#tcp_tw_reuse).',
      'It does not help a server with TIME-WAIT from incoming connections; it only affects connect().',
    ],
    history: [
      'Boolean default 0 until commit 79e9fed46038 (2018) added 2 and made it the default.',
      'Per-netns since 4.11 (inferred) (commit 56ab6b93007e and its series).',
      'The 1-second delay became tcp_tw_reuse_delay (ms) in 6.14 (unverified: the kernel lab finds it absent from 6.12.118 and present on 6.18) (commit ca6a6f93867a).',
      'On 6.1 and 6.12 the delay is a whole-second comparison (6.1 source: time_after32(ktime_get_seconds(), tw_ts_recent_stamp)); the kernel lab saw a TIME-WAIT taken over within its first second on both.',
    ],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_ipv4.c?h=v6.12.118 (tcp_twsk_unique)',
      'docs/kernel/evidence/twreuse_test.txt',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
  },
  {
    key: 'net.ipv4.tcp_tw_recycle',
    shape: 'integer',
    unit: 'boolean',
    handler: 'proc_dointvec',
    accepts: INT,
    defaults: [literal('0', '2.4')],
    scope: 'netns',
    added: '2.4',
    removed: '4.12',
    summary: 'Removed in 4.12. Fast TIME-WAIT recycling that dropped SYNs from clients behind NAT.',
    explanation:
      'It kept the last timestamp per remote IP and dropped SYNs carrying an older one. Hosts behind one NAT address ' +
      'have unrelated timestamp clocks, so all but one of them saw their SYNs silently dropped (PAWSPassive). Since ' +
      '4.10 gave timestamps a random per-connection offset, which broke it for every client; 4.11 went back to per-host offsets ' +
      'and 4.12 removed it.',
    misconceptions: [
      'On 4.12+ the key does not exist: procps "sysctl -p" prints "cannot stat" and exits 1 on it, even with a leading "-" (docs/kernel/time-wait.md#tcp_tw_recycle).',
      'It never was a safe way to reduce TIME-WAIT for a server with clients behind NAT.',
    ],
    history: [
      'Existed 2.4 to 4.11; removed in 4.12 by commit 4396e46187ca, with the PAWSPassive counter.',
      'Per-netns only in 4.11 (commit 56ab6b93007e and its series).',
    ],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=4396e46187ca (tcp: remove tcp_tw_recycle)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=95a22caee396 (tcp: randomize tcp timestamp offsets for each connection)',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
      'https://man7.org/linux/man-pages/man7/tcp.7.html',
    ],
  },
  {
    key: 'net.ipv4.tcp_max_tw_buckets',
    shape: 'integer',
    unit: 'count',
    handler: 'proc_dointvec',
    accepts: INT,
    defaults: [{ since: '2.6', value: { kind: 'formula', formula: 'half_ehash', describe: 'ehash_entries / 2' } }],
    scope: 'netns',
    added: '2.4',
    summary: 'Cap on TIME-WAIT plus orphaned FIN-WAIT-2 minisockets in the network namespace.',
    explanation:
      'At the cap a closing socket skips TIME-WAIT entirely, unprotected, and TCPTimeWaitOverflow counts it; 6.x ' +
      'logs nothing. One cap per namespace, shared by IPv4 and IPv6.',
    misconceptions: [
      'Lowering it does not make TIME-WAIT harmless; it removes the protection TIME-WAIT gives. The kernel ' +
        'documentation says not to lower it artificially (docs/kernel/time-wait.md#tcp_max_tw_buckets).',
    ],
    history: [
      'tcp(7) describes an old NR_FILE*2 default; current kernels use ehash/2.',
      'Per-netns since 4.11 (patch applied 2016-12-29) (commit 56ab6b93007e and its series).',
    ],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/inet_timewait_sock.c?h=v6.12.118 (inet_twsk_alloc)',
      'docs/kernel/evidence/tw_buckets_overflow.txt',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
  },
  {
    key: 'net.ipv4.tcp_keepalive_time',
    shape: 'integer',
    unit: 'seconds',
    handler: 'proc_dointvec_jiffies',
    defaults: [literal('7200')],
    scope: 'netns',
    added: '2.2',
    summary: 'Idle seconds before the first keepalive probe, for sockets with SO_KEEPALIVE.',
    explanation:
      'Dead-peer detection takes tcp_keepalive_time + tcp_keepalive_probes × tcp_keepalive_intvl seconds ' +
      '(7200 + 9×75 = 7875 s by default). Only sockets that set SO_KEEPALIVE are probed; TCP_KEEPIDLE on the ' +
      'socket wins. Keepalive traffic also keeps NAT and load-balancer idle timers from expiring.',
    misconceptions: [
      'It does not apply to every connection: only to sockets with SO_KEEPALIVE, and per-socket options win (docs/kernel/keepalive.md#detection-time).',
      'The documentation\'s "~11 minutes" is the probe phase only; the default total is 2 h 11 min 15 s.',
    ],
    history: ['Per-netns since 4.5 (commit 13b287e8d1ca).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118 (tcp_keepalive_timer)',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
      'https://man7.org/linux/man-pages/man7/tcp.7.html',
    ],
    k8sSafeSince: '1.29',
  },
  {
    key: 'net.ipv4.tcp_keepalive_intvl',
    shape: 'integer',
    unit: 'seconds',
    handler: 'proc_dointvec_jiffies',
    defaults: [literal('75')],
    scope: 'netns',
    added: '2.4',
    summary: 'Seconds between unanswered keepalive probes.',
    explanation: 'Gap between keepalive probes once tcp_keepalive_time has passed. TCP_KEEPINTVL on the socket wins.',
    misconceptions: [],
    history: ['Per-netns since 4.5 (commit b840d15d3912).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
    k8sSafeSince: '1.29',
  },
  {
    key: 'net.ipv4.tcp_keepalive_probes',
    shape: 'integer',
    unit: 'count',
    handler: 'proc_dou8vec_minmax',
    accepts: U8,
    defaults: [literal('9')],
    scope: 'netns',
    added: '2.2',
    summary: 'Unanswered keepalive probes before the connection is reset (ETIMEDOUT).',
    explanation:
      'After this many unanswered probes the connection is aborted and counted in TCPAbortOnTimeout. The socket ' +
      'option TCP_KEEPCNT (max 127) wins.',
    misconceptions: [],
    history: ['Per-netns since 4.5 (commit 9bd6861bd432).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/include/net/tcp.h?h=v6.12.118 (MAX_TCP_KEEPCNT)',
    ],
    k8sSafeSince: '1.29',
  },
  {
    key: 'net.ipv4.tcp_timestamps',
    shape: 'integer',
    unit: 'mode',
    handler: 'proc_dou8vec_minmax',
    accepts: U8,
    meaningful: { values: [0, 1, 2], note: '1 = with a random offset, 2 = without offset' },
    defaults: [literal('1')],
    scope: 'netns',
    added: '2.2',
    summary: 'RFC 7323 timestamps: 0 off, 1 on with random offsets, 2 on without offsets.',
    explanation:
      'Needed by tcp_tw_reuse, by PAWS (protection against old duplicate segments on fast or long connections) and ' +
      'for SYN cookies to keep window scaling, SACK and ECN.',
    misconceptions: [
      'Turning them off to "fix NAT" also disables tcp_tw_reuse and PAWS; the NAT problem was tcp_tw_recycle, ' +
        'removed in 4.12 (docs/kernel/time-wait.md#tcp_tw_reuse).',
    ],
    history: [
      'Per-connection random offsets since 4.10 (commit 95a22caee396), (tcp(7)).',
      'Global in ~4.6–4.10, per-netns later (per-netns on 6.1, 6.12 and 6.18 in the kernel lab; first version unverified) (net/ipv4/sysctl_net_ipv4.c at commit 4a7126a25b4d).',
    ],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_input.c?h=v6.12.118 (tcp_conn_request)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/core/secure_seq.c?h=v6.12.118',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
  },
  {
    key: 'net.ipv4.ip_local_port_range',
    shape: 'port-range',
    unit: 'ports',
    handler: 'ipv4_local_port_range',
    defaults: [
      literal('32768 61000', '2.6', 'older kernels ended the range at 61000 (when it became 60999 is unverified)'),
      literal(
        '32768 60999',
        '4.6',
        'even/odd-parity friendly end 60999 (measured on 6.1, 6.12 and 6.18 in the kernel lab); first version unverified, 4.6 assumed',
      ),
    ],
    scope: 'netns',
    added: '2.2',
    summary: 'Ephemeral ports for connect() and bind(0): "low high".',
    explanation:
      'Usable ports = high − low + 1 minus ip_local_reserved_ports inside the range (28232 by default). Each ' +
      'connection to one destination IP:port needs its own local port, and a client that closes first holds it in ' +
      'TIME-WAIT for 60 s, so the sustainable rate per destination is about ports/60 s (~470/s by default). ' +
      'connect() tries ports of the same parity as "low" first, so give low and high different parity.',
    misconceptions: [
      'The low end must stay at or above ip_unprivileged_port_start (1024 by default); "1024 65535" is the widest ' +
        'the kernel accepts with defaults.',
    ],
    history: [
      'Per-netns already in 4.6–4.10 (net/ipv4/sysctl_net_ipv4.c at commit 4a7126a25b4d).',
      'Overlap check with ip_unprivileged_port_start since 4.11 (commit 4548b683b781).',
    ],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/sysctl_net_ipv4.c?h=v6.12.118 (ipv4_local_port_range)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/inet_hashtables.c?h=v6.12.118 (__inet_hash_connect)',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
      'https://man7.org/linux/man-pages/man7/ip.7.html',
    ],
    k8sSafeSince: 'initial',
  },
  {
    key: 'net.ipv4.ip_local_reserved_ports',
    shape: 'port-list',
    unit: 'ports',
    handler: 'proc_do_large_bitmap',
    defaults: [literal('')],
    scope: 'netns',
    added: '2.6.35',
    summary: 'Ports excluded from automatic (ephemeral) port choice, e.g. "8080,9000-9002".',
    explanation:
      'Reserved ports are skipped by connect() and bind(0) but can still be bound explicitly. Writing replaces the ' +
      'whole list. Reserved ports inside ip_local_port_range reduce the ports available for outbound connections.',
    misconceptions: [],
    history: ['Per-netns since 3.16 (commit 122ff243f5f1).'],
    references: ['https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html'],
    k8sSafeSince: '1.27',
  },
  {
    key: 'net.ipv4.ip_unprivileged_port_start',
    shape: 'integer',
    unit: 'ports',
    handler: 'ipv4_privileged_ports',
    accepts: { min: 0, max: 65535 },
    defaults: [literal('1024', '4.11')],
    scope: 'netns',
    added: '4.11',
    summary: 'First port an unprivileged process may bind; must stay at or below the low end of ip_local_port_range.',
    explanation:
      'Ports below it need CAP_NET_BIND_SERVICE. The kernel refuses a value above the low end of ' +
      'ip_local_port_range, and a port range whose low end is below it.',
    misconceptions: [],
    history: ['Added in 4.11 (commit 4548b683b781).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/sysctl_net_ipv4.c?h=v6.12.118 (ipv4_privileged_ports)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=4548b683b781 (ip_unprivileged_port_start)',
    ],
    k8sSafeSince: '1.22',
  },
  {
    key: 'net.ipv4.tcp_abort_on_overflow',
    shape: 'integer',
    unit: 'boolean',
    handler: 'proc_dou8vec_minmax',
    accepts: U8,
    meaningful: { values: [0, 1], note: 'any non-zero value acts like 1' },
    defaults: [literal('0', '2.4')],
    scope: 'netns',
    added: '2.4',
    summary: "Reset (1) instead of ignoring (0) a handshake's final ACK when the accept queue is full.",
    explanation:
      'Acts only when the accept queue is full at the moment the final ACK arrives. When the queue is already full, ' +
      'new SYNs are dropped first (ListenOverflows), so the setting rarely fires; with 0 the client simply ' +
      'retransmits and usually gets in once the application catches up.',
    misconceptions: [
      'It does not make clients fail fast while the accept queue is full: their SYNs are dropped before it can act ' +
        '(docs/kernel/accept-queue.md#tcp_abort_on_overflow).',
    ],
    history: [
      'Global in ~4.6–4.10, per-netns later (per-netns on 6.1, 6.12 and 6.18 in the kernel lab; first version unverified) (net/ipv4/sysctl_net_ipv4.c at commit 4a7126a25b4d).',
    ],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_minisocks.c?h=v6.12.118 (tcp_check_req)',
      'docs/kernel/evidence/acceptq_test.txt',
      'https://www.kernel.org/doc/html/v6.12/networking/snmp_counter.html',
    ],
  },
  {
    key: 'net.ipv4.tcp_max_orphans',
    shape: 'integer',
    unit: 'count',
    handler: 'proc_dointvec',
    accepts: INT,
    defaults: [{ since: '2.6', value: { kind: 'formula', formula: 'half_ehash', describe: 'ehash_entries / 2' } }],
    scope: 'global',
    added: '2.4',
    summary: 'Host-wide cap on orphaned sockets (closed by the application, still finishing).',
    explanation:
      'Above the cap orphans are reset ("too many orphaned sockets", TCPAbortOnMemory). Each orphan may pin about ' +
      "64 KB. One value for the host; it does not exist inside a container's network namespace.",
    misconceptions: [],
    history: ['Global: registered for init_net only [K].'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp.c?h=v6.12.118 (tcp_check_oom)',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
  },
  {
    key: 'net.ipv4.tcp_orphan_retries',
    shape: 'integer',
    unit: 'count',
    handler: 'proc_dou8vec_minmax',
    accepts: U8,
    defaults: [literal('0', '2.4')],
    scope: 'netns',
    added: '2.4',
    summary: 'Retransmission limit for orphaned sockets; 0 means 8 while the peer looks alive.',
    explanation:
      'Replaces tcp_retries2 for sockets the application has closed. The default 0 is read as 8 while the RTO is ' + 'below 120 s.',
    misconceptions: [
      '"0" is not "no retries": it means 8 while the peer seems alive (docs/kernel/fin-timeout-and-orphans.md#tcp_orphan_retries).',
    ],
    history: ['Per-netns on 6.1, 6.12 and 6.18 (kernel lab); since 4.6 unverified (no older kernel in the lab).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118 (tcp_orphan_retries)',
    ],
  },
  {
    key: 'net.ipv4.tcp_retries2',
    shape: 'integer',
    unit: 'count',
    handler: 'proc_dou8vec_minmax',
    accepts: U8,
    defaults: [literal('15')],
    scope: 'netns',
    added: '2.2',
    summary: 'Retransmission budget of an established connection, converted to a time bound (15 → 924.6 s).',
    explanation:
      'The bound is Σ min(0.2 s × 2^i, 120 s) for i = 0..N; the connection dies at the first RTO expiry after it. ' +
      'TCP_USER_TIMEOUT on the socket replaces it.',
    misconceptions: [],
    history: ['Per-netns on 6.1, 6.12 and 6.18 (kernel lab); since 4.6 unverified (no older kernel in the lab).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118 (tcp_model_timeout)',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
  },
  {
    key: 'net.ipv4.tcp_rfc1337',
    shape: 'integer',
    unit: 'boolean',
    handler: 'proc_dou8vec_minmax',
    accepts: U8,
    meaningful: { values: [0, 1], note: 'any non-zero value acts like 1' },
    defaults: [literal('0')],
    scope: 'netns',
    added: '2.2',
    summary: 'Ignore RSTs received in TIME-WAIT (RFC 1337) instead of letting them end it early.',
    explanation:
      '0 lets an in-window RST destroy a TIME-WAIT socket ("TIME-WAIT assassination"); 1 ignores such RSTs so the ' +
      'socket keeps its full 60 s.',
    misconceptions: [],
    history: [
      'Global in ~4.6–4.10, per-netns later (per-netns on 6.1, 6.12 and 6.18 in the kernel lab; first version unverified) (net/ipv4/sysctl_net_ipv4.c at commit 4a7126a25b4d).',
    ],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_minisocks.c?h=v6.12.118 (tcp_timewait_state_process)',
    ],
  },
  {
    key: 'net.ipv4.tcp_fastopen',
    shape: 'integer',
    unit: 'bitmap',
    handler: 'proc_dointvec',
    accepts: INT,
    defaults: [
      literal('0', '3.7'),
      literal('1', '3.13', 'client side enabled by default from 3.13 (unverified; 1 on 6.1, 6.12 and 6.18 in the kernel lab)'),
    ],
    scope: 'netns',
    added: '3.7',
    summary: 'TCP Fast Open bitmap: 0x1 client, 0x2 server, 0x4 client without cookie, 0x200, 0x400.',
    explanation:
      'Lets data ride on the SYN. 0x1 enables the client side, 0x2 the server side for listeners that set ' +
      'TCP_FASTOPEN, 0x400 for all listeners.',
    misconceptions: [],
    history: ['Added in 3.7 (tcp(7)); per-netns since 4.11 (inferred; per-netns on 6.1, 6.12 and 6.18 in the kernel lab).'],
    references: ['https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html'],
  },
  {
    key: 'net.ipv4.tcp_syn_linear_timeouts',
    shape: 'integer',
    unit: 'count',
    handler: 'proc_dou8vec_minmax',
    accepts: { min: 0, max: 127 },
    defaults: [literal('4', '6.5')],
    scope: 'netns',
    added: '6.5',
    summary: 'SYN retransmissions sent at a constant 1 s before exponential backoff; adds to tcp_syn_retries.',
    explanation:
      'The first L SYN retransmissions use a 1 s RTO, and L is added to the retry budget of tcp_syn_retries, so ' +
      'with the defaults connect() sends 10 retransmissions and fails after about 131 s.',
    misconceptions: [],
    history: ['Added in 6.5 (commit ccce324dabfe).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=ccce324dabfe (tcp: make the first N SYN RTO backoffs linear)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118',
      'docs/kernel/evidence/syn_retry_timing.jsonl',
    ],
  },
  {
    key: 'net.ipv4.tcp_tw_reuse_delay',
    shape: 'integer',
    unit: 'milliseconds',
    handler: 'proc_dointvec_minmax',
    accepts: { min: 1, max: 60000 },
    defaults: [literal('1000', '6.14')],
    scope: 'netns',
    added: '6.14',
    summary: 'Milliseconds a TIME-WAIT socket must age before tcp_tw_reuse may take it over.',
    explanation: 'Replaces the fixed one-second delay of older kernels; 1..60000 ms (TCP_PAWS_MSL).',
    misconceptions: [],
    history: ['Absent from 6.12.118, present on 6.18 (kernel lab); patch by J. Sitnicki, Nov 2024; 6.14 assumed (commit ca6a6f93867a).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=ca6a6f93867a (tcp: Add sysctl to configure TIME-WAIT reuse delay)',
      'docs/kernel/evidence/range_tests_6.18.txt',
    ],
  },
  {
    key: 'net.ipv4.tcp_child_ehash_entries',
    shape: 'integer',
    unit: 'entries',
    handler: 'proc_douintvec_minmax',
    accepts: { min: 0, max: 16777216 },
    defaults: [literal('0', '6.1')],
    scope: 'netns',
    added: '6.1',
    summary: "Size of a private established-hash for network namespaces created after it is set (0 = share the host's).",
    explanation:
      'When set before a child namespace is created, that namespace gets its own ehash of this size (rounded to a ' +
      'power of two), and its tcp_max_tw_buckets and tcp_max_syn_backlog defaults derive from it.',
    misconceptions: [],
    history: ['Added in 6.1 (per-netns ehash series): present on 6.1.192 in the kernel lab; that 6.0 lacks it is unverified.'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_ipv4.c?h=v6.12.118 (tcp_set_hashinfo)',
    ],
  },
  {
    key: 'net.ipv4.ip_forward',
    shape: 'integer',
    unit: 'boolean',
    handler: 'proc_dointvec',
    accepts: INT,
    meaningful: { values: [0, 1], note: 'any non-zero value enables forwarding' },
    defaults: [literal('0')],
    scope: 'netns',
    added: '2.2',
    summary: 'Whether this host routes packets between interfaces (a router or NAT gateway when 1).',
    explanation:
      'Read to recognise a NAT gateway: with forwarding on and conntrack loaded, the conntrack table and its ' +
      'TIME_WAIT timeout matter for every connection crossing the host.',
    misconceptions: [],
    history: [],
    references: ['https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html'],
  },
  {
    key: 'net.core.somaxconn',
    shape: 'integer',
    unit: 'connections',
    handler: 'proc_dointvec_minmax',
    accepts: { min: 0, max: 2147483647 },
    defaults: [literal('128', '2.4'), literal('4096', '5.4', '128 → 4096 in 5.4, commit 19f92a030ca6')],
    scope: 'netns',
    added: '2.4',
    summary: "Upper bound on a listener's accept-queue length (listen() backlog is capped to it).",
    explanation:
      'listen(fd, n) uses min(n, somaxconn), read at listen() time: raising it does not enlarge listeners that ' +
      'already exist; the application must listen() again (restart). The same backlog bounds the SYN queue when ' +
      'syncookies are on.',
    misconceptions: [
      'Raising it alone does not help if the application passes a small backlog to listen() or accepts too slowly (docs/kernel/accept-queue.md#somaxconn).',
    ],
    history: ['Tunable since 2.4.25 (listen(2)); default 128 → 4096 in 5.4 (commit 19f92a030ca6).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/socket.c?h=v6.12.118 (__sys_listen_socket)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=19f92a030ca6 (net: increase SOMAXCONN to 4096)',
      'https://man7.org/linux/man-pages/man2/listen.2.html',
      'https://www.kernel.org/doc/html/v6.12/networking/snmp_counter.html',
    ],
  },
  {
    key: 'net.core.netdev_max_backlog',
    shape: 'integer',
    unit: 'packets',
    handler: 'proc_dointvec',
    accepts: INT,
    defaults: [literal('1000')],
    scope: 'global',
    added: '2.2',
    summary: 'Per-CPU input packet backlog; not a connection-state setting.',
    explanation:
      'Packets queue here when they arrive faster than the kernel processes them; drops show in the second column ' +
      "of /proc/net/softnet_stat. Host-wide; absent inside a container's network namespace.",
    misconceptions: ['It is not the listen backlog; that is net.core.somaxconn.'],
    history: [],
    references: [
      'https://www.kernel.org/doc/html/v6.12/admin-guide/sysctl/net.html',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/core/net-procfs.c?h=v6.12.118 (softnet_seq_show)',
    ],
  },
  {
    key: 'net.netfilter.nf_conntrack_max',
    shape: 'integer',
    unit: 'entries',
    handler: 'proc_dointvec_minmax',
    accepts: { min: 0, max: 2147483647 },
    defaults: [
      {
        since: '2.6',
        value: {
          kind: 'formula',
          formula: 'conntrack_max_pre_5_15',
          describe: '4 × buckets, buckets capped at 16384 (older sizing, unverified)',
        },
      },
      {
        since: '5.15',
        value: { kind: 'formula', formula: 'conntrack_max', describe: 'nf_conntrack_buckets: 262144 above 4 GiB RAM, 65536 above 1 GiB' },
        note: '"netfilter: conntrack: sanitize table size default settings" (2021; 5.15 inferred; max = buckets in the 6.1 source and on 6.1, 6.12, 6.18 in the kernel lab) (commit d532bcd0b269)',
      },
    ],
    scope: 'global-readonly-in-netns',
    added: '2.6.15',
    requires: 'nf_conntrack module',
    summary: 'Size limit of the connection-tracking table (NAT, stateful firewall).',
    explanation:
      'When the table is full new flows are dropped with "nf_conntrack: table full, dropping packet". One value for ' +
      "the host, read-only inside a container's namespace.",
    misconceptions: [],
    history: ['Default equals the bucket count since 5.15 (inferred; measured on 6.1, 6.12 and 6.18) (commit d532bcd0b269).'],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/netfilter/nf_conntrack_core.c?h=v6.12.118 (nf_conntrack_init_start)',
      'https://www.kernel.org/doc/html/v6.12/networking/nf_conntrack-sysctl.html',
    ],
  },
  {
    key: 'net.netfilter.nf_conntrack_count',
    shape: 'integer',
    unit: 'entries',
    handler: 'proc_dointvec',
    defaults: [],
    scope: 'netns',
    readOnly: true,
    added: '2.6.15',
    requires: 'nf_conntrack module',
    summary: 'Connection-tracking entries in use in this network namespace (read-only).',
    explanation: 'Compared with nf_conntrack_max: at the maximum, new flows are dropped ("nf_conntrack: table full, dropping packet").',
    misconceptions: [],
    history: [],
    references: ['https://www.kernel.org/doc/html/v6.12/networking/nf_conntrack-sysctl.html'],
  },
  {
    key: 'net.netfilter.nf_conntrack_tcp_timeout_time_wait',
    shape: 'integer',
    unit: 'seconds',
    handler: 'proc_dointvec_jiffies',
    defaults: [literal('120', '2.6.15')],
    scope: 'netns',
    added: '2.6.15',
    requires: 'nf_conntrack module',
    summary: 'How long conntrack keeps an entry that reached TIME_WAIT.',
    explanation:
      "Independent of the TCP stack's 60 s TIME-WAIT: on a NAT gateway each closed connection keeps its conntrack " +
      'entry (and its translated port) for this long.',
    misconceptions: [
      'It is not the TCP TIME-WAIT length and tcp_fin_timeout does not change it (docs/kernel/conntrack.md#nf_conntrack_tcp_timeout_time_wait).',
    ],
    history: [],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/netfilter/nf_conntrack_proto_tcp.c?h=v6.12.118 (tcp_timeouts)',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
    ],
  },
  {
    key: 'net.netfilter.nf_conntrack_tcp_timeout_established',
    shape: 'integer',
    unit: 'seconds',
    handler: 'proc_dointvec_jiffies',
    defaults: [literal('432000', '2.6.15')],
    scope: 'netns',
    added: '2.6.15',
    requires: 'nf_conntrack module',
    summary: 'Idle lifetime of an ESTABLISHED conntrack entry (5 days by default).',
    explanation:
      'An idle connection through a NAT gateway loses its translation after this long; keepalive below it keeps ' + 'the entry alive.',
    misconceptions: [],
    history: [],
    references: [
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/netfilter/nf_conntrack_proto_tcp.c?h=v6.12.118',
      'https://www.kernel.org/doc/html/v6.12/networking/nf_conntrack-sysctl.html',
    ],
  },
];
