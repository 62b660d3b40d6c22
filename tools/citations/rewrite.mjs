#!/usr/bin/env node
/**
 * Rewrites the old citations ("REFERENCE §2.8", "[BERNAT]", "[C-RECYCLE]", "[K:net/ipv4/...]",
 * "[OBS twreuse_test.txt]") into sources a user can open: the knowledge pages under docs/kernel/
 * (cited as "docs/kernel/PAGE.md#anchor"), kernel commits ("commit 4396e46187ca"), kernel source and
 * documentation at a named release, RFCs and man pages. REFERENCE.md and its evidence folder never
 * shipped with the package; docs/kernel/ does.
 *
 * Rerunnable: text already rewritten is left alone, so running it again after merging branches that
 * still wrote old citations converts just those.
 *
 *   node tools/citations/rewrite.mjs            rewrite the tree in place, then list what is left
 *   node tools/citations/rewrite.mjs --check    change nothing; exit 1 if any old citation is left
 *   --skip PATH (repeatable)                    leave a file alone (e.g. one another branch rewrites)
 *
 * Three kinds of text are handled:
 * - `references: [...]` arrays in src/ (rule metadata, SARIF help, explain): every entry becomes a
 *   docs/kernel page anchor or an https URL (REFERENCE_ENTRIES, then the generic conversion);
 * - docs/rules/<id>.md "## References" sections: regenerated from the rule's references array;
 * - everything else (messages, change reasons, comments, docs, profiles, tests): "REFERENCE §X"
 *   becomes the page anchor of that section (SECTIONS; §1 and §2.9 by the key they are about), and
 *   bracket tags become short primary-source forms (TAG_TEXT, kernelTag, observationTag).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCOPE = ['src', 'docs', 'profiles', 'schemas', 'test', 'test-corpus', 'bench', 'README.md'];
const TEXT_FILE = /\.(ts|mts|cts|js|mjs|json|ya?ml|md|py|sh|txt)$/;
/** Never rewritten: the evidence is raw program output; this tool and its tests hold the old forms on purpose. */
const NEVER = [/^docs\/kernel\/evidence\//, /^tools\/citations\//, /^test\/citations\//];

const K = 'docs/kernel';
const SRC612 = (path) => `https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/${path}?h=v6.12.118`;
const COMMIT = (id) => `https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=${id}`;
const DOC612 = (page) => `https://www.kernel.org/doc/html/v6.12/${page}.html`;
const IP_SYSCTL = DOC612('networking/ip-sysctl');

/** Page anchor of each key the catalogue knows (short name: the last part of the key). */
const KEY_ANCHORS = {
  tcp_syn_retries: `${K}/retransmission-timing.md#tcp_syn_retries`,
  tcp_syn_linear_timeouts: `${K}/retransmission-timing.md#tcp_syn_linear_timeouts`,
  tcp_synack_retries: `${K}/retransmission-timing.md#tcp_synack_retries`,
  tcp_retries2: `${K}/retransmission-timing.md#tcp_retries2`,
  tcp_max_syn_backlog: `${K}/syn-queue-and-cookies.md#tcp_max_syn_backlog`,
  tcp_syncookies: `${K}/syn-queue-and-cookies.md#tcp_syncookies`,
  tcp_fastopen: `${K}/syn-queue-and-cookies.md#tcp_fastopen`,
  tcp_fin_timeout: `${K}/fin-timeout-and-orphans.md#tcp_fin_timeout`,
  tcp_max_orphans: `${K}/fin-timeout-and-orphans.md#tcp_max_orphans`,
  tcp_orphan_retries: `${K}/fin-timeout-and-orphans.md#tcp_orphan_retries`,
  tcp_tw_reuse_delay: `${K}/time-wait.md#tcp_tw_reuse_delay`,
  tcp_tw_reuse: `${K}/time-wait.md#tcp_tw_reuse`,
  tcp_tw_recycle: `${K}/time-wait.md#tcp_tw_recycle`,
  tcp_max_tw_buckets: `${K}/time-wait.md#tcp_max_tw_buckets`,
  tcp_rfc1337: `${K}/time-wait.md#tcp_rfc1337`,
  tcp_timestamps: `${K}/timestamps.md#tcp_timestamps`,
  tcp_keepalive_time: `${K}/keepalive.md#tcp_keepalive_time`,
  tcp_keepalive_intvl: `${K}/keepalive.md#tcp_keepalive_time`,
  tcp_keepalive_probes: `${K}/keepalive.md#tcp_keepalive_time`,
  ip_local_port_range: `${K}/ports.md#ip_local_port_range`,
  ip_local_reserved_ports: `${K}/ports.md#ip_local_reserved_ports`,
  ip_unprivileged_port_start: `${K}/ports.md#ip_unprivileged_port_start`,
  tcp_abort_on_overflow: `${K}/accept-queue.md#tcp_abort_on_overflow`,
  somaxconn: `${K}/accept-queue.md#somaxconn`,
  netdev_max_backlog: `${K}/accept-queue.md#netdev_max_backlog`,
  tcp_child_ehash_entries: `${K}/namespaces.md#tcp_child_ehash_entries`,
  ip_forward: `${K}/conntrack.md#ip_forward`,
  nf_conntrack_max: `${K}/conntrack.md#nf_conntrack_max`,
  nf_conntrack_count: `${K}/conntrack.md#nf_conntrack_max`,
  nf_conntrack_buckets: `${K}/conntrack.md#nf_conntrack_max`,
  nf_conntrack_tcp_timeout_time_wait: `${K}/conntrack.md#nf_conntrack_tcp_timeout_time_wait`,
  nf_conntrack_tcp_timeout_established: `${K}/conntrack.md#nf_conntrack_tcp_timeout_established`,
};
const KEY_NAMES = Object.keys(KEY_ANCHORS).sort((a, b) => b.length - a.length);
const KEY_IN_TEXT = new RegExp(`\\b(${KEY_NAMES.join('|')})\\b`);

/** REFERENCE.md sections. §1 (the parameter table) and §2.9 (assorted errors) depend on the key. */
const SECTIONS = {
  2: `${K}/README.md#pages`,
  2.1: `${K}/fin-timeout-and-orphans.md#tcp_fin_timeout`,
  2.2: `${K}/time-wait.md#tcp_tw_reuse`,
  2.3: `${K}/time-wait.md#tcp_tw_recycle`,
  2.4: `${K}/time-wait.md#tcp_max_tw_buckets`,
  2.5: `${K}/syn-queue-and-cookies.md#tcp_syncookies`,
  2.6: `${K}/retransmission-timing.md#tcp_syn_retries`,
  2.7: `${K}/keepalive.md#detection-time`,
  2.8: `${K}/ports.md#capacity`,
  3: `${K}/observing.md#socket-table`,
  3.1: `${K}/observing.md#socket-table`,
  3.2: `${K}/observing.md#sockstat`,
  3.3: `${K}/observing.md#counters`,
  3.4: `${K}/observing.md#ss`,
  3.5: `${K}/observing.md#netstat`,
  4: `${K}/config-files-and-precedence.md#line-syntax`,
  4.1: `${K}/config-files-and-precedence.md#line-syntax`,
  4.2: `${K}/config-files-and-precedence.md#errors-and-exit-codes`,
  4.3: `${K}/config-files-and-precedence.md#directory-order-and-masking`,
  4.4: `${K}/config-files-and-precedence.md#errors-and-exit-codes`,
  5: `${K}/namespaces.md#kubernetes`,
  5.1: `${K}/namespaces.md#kubernetes`,
  5.2: `${K}/namespaces.md#kubernetes`,
  6: `${K}/README.md`,
};

/** §2.9 is "other frequent errors": which one, when the text names no key. Keyed by file stem. */
const SECTION_2_9_BY_FILE = {
  'container-namespace': `${K}/namespaces.md#new-namespace-defaults`,
  drift: `${K}/namespaces.md#new-namespace-defaults`,
  'keepalive-idle-timeout': `${K}/namespaces.md#new-namespace-defaults`,
  'abort-on-overflow': `${K}/accept-queue.md#tcp_abort_on_overflow`,
  'listen-overflow': `${K}/accept-queue.md#somaxconn`,
  'syn-backlog-ignored': `${K}/syn-queue-and-cookies.md#tcp_max_syn_backlog`,
  orphans: `${K}/fin-timeout-and-orphans.md#tcp_orphan_retries`,
  'nat-gateway-conntrack': `${K}/conntrack.md#nf_conntrack_tcp_timeout_time_wait`,
  plan: `${K}/conntrack.md#nf_conntrack_tcp_timeout_time_wait`,
  detect: `${K}/accept-queue.md#listen-overflows`,
  profiles: `${K}/syn-queue-and-cookies.md#tcp_max_syn_backlog`,
  'build-roots': `${K}/accept-queue.md#somaxconn`,
  expected: `${K}/accept-queue.md#somaxconn`,
};
const SECTION_2_9_DEFAULT = `${K}/namespaces.md#new-namespace-defaults`;
const SECTION_1_DEFAULT = `${K}/README.md#keys`;
/** §1 without a key in the text: the key the file is about. Keyed by file stem. */
const SECTION_1_BY_FILE = {
  'port-exhaustion': KEY_ANCHORS.ip_local_port_range,
  orphans: KEY_ANCHORS.tcp_max_orphans,
  'tw-buckets-lowered': KEY_ANCHORS.tcp_max_tw_buckets,
  'nat-gateway-conntrack': KEY_ANCHORS.nf_conntrack_max,
  'invalid-value': `${K}/sysctl-values.md#handlers`,
  'inline-comment': `${K}/sysctl-values.md#parsing`,
  'hold-sockets': `${K}/namespaces.md#host-wide-keys`,
  'states-live': `${K}/namespaces.md#host-wide-keys`,
  types: `${K}/namespaces.md#host-wide-keys`,
  'timestamps-off': KEY_ANCHORS.tcp_timestamps,
  'tw-reuse-without-timestamps': KEY_ANCHORS.tcp_tw_reuse,
  'syncookies-disabled': KEY_ANCHORS.tcp_syncookies,
  'abort-on-overflow': KEY_ANCHORS.tcp_abort_on_overflow,
  'listen-overflow': KEY_ANCHORS.somaxconn,
  'syn-backlog-ignored': KEY_ANCHORS.tcp_max_syn_backlog,
  'syn-retries-timeline': KEY_ANCHORS.tcp_syn_retries,
  'fin-timeout-misconception': KEY_ANCHORS.tcp_fin_timeout,
};
/** §1 followed by a column name rather than a key. */
const SECTION_1_TOPICS = [
  [/^\(?["`]?Kernel accepts/i, `${K}/sysctl-values.md#handlers`],
  [/^\(integer parsing/i, `${K}/sysctl-values.md#parsing`],
  [/^\(History/i, `${K}/README.md#keys`],
];

/** Whole `references` entries: the old string → what replaces it (page anchors or URLs). */
const REFERENCE_ENTRIES = {
  'REFERENCE §2.1 ("tcp_fin_timeout sets the TIME-WAIT length" — false)': [
    `${K}/fin-timeout-and-orphans.md#tcp_fin_timeout`,
    `${K}/time-wait.md#time-wait-length`,
  ],
  'REFERENCE §2.9 (acceptq test)': [`${K}/accept-queue.md#tcp_abort_on_overflow`],
  'REFERENCE §2.9 (a new network namespace starts from kernel defaults)': [`${K}/namespaces.md#new-namespace-defaults`],
  'REFERENCE §4.4 (a.conf transcript)': [`${K}/config-files-and-precedence.md#errors-and-exit-codes`],
  'procps-ng 4.0.2 and systemd 252 on this machine (exit codes)': [`${K}/config-files-and-precedence.md#errors-and-exit-codes`],
  'src/params/known-keys.ts (names of Linux 6.18)': [`${K}/README.md#keys`],
  'RFC 9293 §3.3.2 (CLOSE-WAIT: waiting for a close from the local user)': [
    'https://www.rfc-editor.org/rfc/rfc9293#section-3.3.2 (CLOSE-WAIT: waiting for a close from the local user)',
  ],
  '[MAN-LISTEN2] listen(2)': ['https://man7.org/linux/man-pages/man2/listen.2.html'],
  'REFERENCE §1 nf_conntrack_max, nf_conntrack_tcp_timeout_time_wait, nf_conntrack_tcp_timeout_established': [
    `${K}/conntrack.md#nf_conntrack_max`,
    `${K}/conntrack.md#nf_conntrack_tcp_timeout_time_wait`,
    `${K}/conntrack.md#nf_conntrack_tcp_timeout_established`,
  ],
  'REFERENCE §1 tcp_max_orphans, tcp_orphan_retries': [
    `${K}/fin-timeout-and-orphans.md#tcp_max_orphans`,
    `${K}/fin-timeout-and-orphans.md#tcp_orphan_retries`,
  ],
  'REFERENCE §1 (tcp_syn_retries, tcp_synack_retries)': [
    `${K}/retransmission-timing.md#tcp_syn_retries`,
    `${K}/retransmission-timing.md#tcp_synack_retries`,
  ],
  'REFERENCE §1 (tcp_max_syn_backlog, net.core.somaxconn)': [
    `${K}/syn-queue-and-cookies.md#tcp_max_syn_backlog`,
    `${K}/accept-queue.md#somaxconn`,
  ],
};

/** Bracket tags as a reference entry (URL) and as short text in prose. */
const TAG_SOURCES = {
  BERNAT: {
    url: 'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
    text: null,
  },
  'MAN-TCP7': { url: 'https://man7.org/linux/man-pages/man7/tcp.7.html', text: 'tcp(7)' },
  'MAN-IP7': { url: 'https://man7.org/linux/man-pages/man7/ip.7.html', text: 'ip(7)' },
  'MAN-LISTEN2': { url: 'https://man7.org/linux/man-pages/man2/listen.2.html', text: 'listen(2)' },
  'C-RECYCLE': { url: `${COMMIT('4396e46187ca')} (tcp: remove tcp_tw_recycle)`, text: 'commit 4396e46187ca' },
  'C-TSRAND': { url: `${COMMIT('95a22caee396')} (tcp: randomize tcp timestamp offsets for each connection)`, text: 'commit 95a22caee396' },
  'C-TWREUSE2': { url: `${COMMIT('79e9fed46038')} (tcp_tw_reuse value 2, loopback only)`, text: 'commit 79e9fed46038' },
  'C-TWDELAY': { url: `${COMMIT('ca6a6f93867a')} (tcp: Add sysctl to configure TIME-WAIT reuse delay)`, text: 'commit ca6a6f93867a' },
  'C-SOMAXCONN': { url: `${COMMIT('19f92a030ca6')} (net: increase SOMAXCONN to 4096)`, text: 'commit 19f92a030ca6' },
  'C-LINEAR': { url: `${COMMIT('ccce324dabfe')} (tcp: make the first N SYN RTO backoffs linear)`, text: 'commit ccce324dabfe' },
  'C-UNPRIV': { url: `${COMMIT('4548b683b781')} (ip_unprivileged_port_start)`, text: 'commit 4548b683b781' },
  'C-CTSIZE': {
    url: `${COMMIT('d532bcd0b269')} (netfilter: conntrack: sanitize table size default settings)`,
    text: 'commit d532bcd0b269',
  },
  'C-NS-TW': {
    url: `${COMMIT('56ab6b93007e')} (ipv4: Namespaceify tcp_tw_reuse knob, one of a December 2016 series)`,
    text: 'commit 56ab6b93007e and its series',
  },
  'C-SYNBACKLOG': {
    url: 'https://lore.kernel.org/netdev/20191030170546.146784-1-edumazet@google.com/ (tcp: increase tcp_max_syn_backlog max value)',
    text: `${K}/syn-queue-and-cookies.md#tcp_max_syn_backlog`,
  },
  'C-PAWSTW': { url: `${K}/time-wait.md#server-side-time-wait-and-paws`, text: `${K}/time-wait.md#server-side-time-wait-and-paws` },
  'K8S-CONST': { url: 'https://github.com/kubernetes/kubernetes/blob/7ed318129ff5/pkg/util/kernel/constants.go', text: null },
  'K8S-KVER': {
    url: 'https://kubernetes.io/docs/reference/node/kernel-version-requirements/',
    text: 'Kubernetes kernel version requirements',
  },
  'K8S-SAFE': {
    url: 'https://github.com/kubernetes/kubernetes/blob/b0cb9cc1e0a8/pkg/kubelet/sysctl/safe_sysctls.go',
    text: 'kubelet safe_sysctls.go',
  },
  'K8S-DOC': { url: 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/', text: 'Kubernetes "Using sysctls"' },
  'IDX-2.6': {
    url: 'https://github.com/torvalds/linux/blob/0147fc058d11/net/ipv4/sysctl_net_ipv4.c (a 2.6.3x-era snapshot)',
    text: 'net/ipv4/sysctl_net_ipv4.c at commit 0147fc058d11',
  },
  'IDX-4.6': {
    url: 'https://github.com/torvalds/linux/blob/4a7126a25b4d/net/ipv4/sysctl_net_ipv4.c (a snapshot between 4.6 and 4.10)',
    text: 'net/ipv4/sysctl_net_ipv4.c at commit 4a7126a25b4d',
  },
  'PROCPS src': { url: 'https://gitlab.com/procps-ng/procps/-/blob/v4.0.2/src/sysctl.c', text: 'procps-ng 4.0.2 src/sysctl.c' },
};

/** Kernel documentation named by "[K:DOC ...]". */
const KERNEL_DOCS = {
  '': ['ip-sysctl.rst', IP_SYSCTL],
  'ip-sysctl.rst': ['ip-sysctl.rst', IP_SYSCTL],
  'snmp_counter.rst': ['snmp_counter.rst', DOC612('networking/snmp_counter')],
  'nf_conntrack-sysctl.rst': ['nf_conntrack-sysctl.rst', DOC612('networking/nf_conntrack-sysctl')],
  'admin-guide/sysctl/net.rst': ['admin-guide/sysctl/net.rst', DOC612('admin-guide/sysctl/net')],
};
/** Short kernel paths some tags use. */
const KERNEL_PATHS = {
  'tcp_ipv4.c': 'net/ipv4/tcp_ipv4.c',
  'tcp_diag.c': 'net/ipv4/tcp_diag.c',
  'sysctl_net_ipv4.c': 'net/ipv4/sysctl_net_ipv4.c',
  'inet_connection_sock.c': 'net/ipv4/inet_connection_sock.c',
  'tcp.h': 'include/net/tcp.h',
};
/** Measurement files → the page that states the measurement. */
const EVIDENCE_PAGES = {
  'twreuse_test.txt': `${K}/time-wait.md#tcp_tw_reuse`,
  'tw_buckets_overflow.txt': `${K}/time-wait.md#tcp_max_tw_buckets`,
  'syn_retry_timing.jsonl': `${K}/retransmission-timing.md#tcp_syn_retries`,
  'synack_timing.txt': `${K}/retransmission-timing.md#tcp_synack_retries`,
  'syncookie_test.txt': `${K}/syn-queue-and-cookies.md#tcp_syncookies`,
  'acceptq_test.txt': `${K}/accept-queue.md#tcp_abort_on_overflow`,
  'fin_timeout_orphan_lifetime.jsonl': `${K}/fin-timeout-and-orphans.md#tcp_fin_timeout`,
  'range_tests_6.18.txt': `${K}/sysctl-values.md#handlers`,
  'child_netns_defaults.txt': `${K}/namespaces.md#new-namespace-defaults`,
  'host_values.txt': `${K}/namespaces.md#new-namespace-defaults`,
  'precedence_test.txt': `${K}/config-files-and-precedence.md#directory-order-and-masking`,
  'sysctl_realrun_netns.txt': `${K}/config-files-and-precedence.md#errors-and-exit-codes`,
  'sysctl_realrun_netns2.txt': `${K}/config-files-and-precedence.md#errors-and-exit-codes`,
  'system_unknown_key.txt': `${K}/config-files-and-precedence.md#errors-and-exit-codes`,
  'sysctl_glob_netns.txt': `${K}/config-files-and-precedence.md#line-syntax`,
  'states_sample.txt': `${K}/observing.md#socket-table`,
  'tcp6_sample.txt': `${K}/observing.md#socket-table`,
};

/** Whole phrases whose generic rewrite would read badly. Applied first, literally. */
const PHRASES = [
  [
    'Facts come from ../shared/REFERENCE.md (§1 table, §2 misconceptions, §5 Kubernetes);',
    'Each fact is stated, with its sources, on a page of docs/kernel/;',
  ],
  [
    'Facts: `../shared/REFERENCE.md` §4.',
    'Facts and their sources: [docs/kernel/config-files-and-precedence.md](kernel/config-files-and-precedence.md).',
  ],
  ['Code comments cite these as `[OBS probe <name>]`.', 'Code comments cite these as `(probe <name>, docs/config-files.md)`.'],
  [
    'Where the fact comes from (REFERENCE tag, kernel doc, commit).',
    'Where the fact comes from: a docs/kernel/ page anchor, kernel documentation or source at a release, a commit, an RFC.',
  ],
  ['(REFERENCE.md was measured on 6.18)', '(the measurements in docs/kernel/evidence/ were taken on 6.18)'],
  [
    '/** Source tags from REFERENCE.md §6, kernel paths, commits. */',
    '/** Where the facts come from: docs/kernel/ page anchors and https URLs (kernel source and documentation at a release, commits, RFCs, man pages). */',
  ],
  ['each built from REFERENCE facts.', 'each built from the facts in docs/kernel/.'],
  ['the REFERENCE a.conf lines:', 'the a.conf lines of the procps/systemd runs:'],
  ['the REFERENCE a.conf case:', 'the a.conf case of the procps/systemd runs:'],
  ['(REFERENCE §2.2, measured)', `(${K}/time-wait.md#tcp_tw_reuse)`],
  ['(REFERENCE §2.1, measured)', `(${K}/fin-timeout-and-orphans.md#tcp_fin_timeout)`],
  ['(REFERENCE §2.6, measured)', `(${K}/retransmission-timing.md#tcp_syn_retries)`],
  ['(REFERENCE §2.9, measured)', `(${K}/accept-queue.md#tcp_abort_on_overflow)`],
  ['(REFERENCE §1, §2.9; measured in acceptq_test)', `(${K}/accept-queue.md#tcp_abort_on_overflow)`],
  ['REFERENCE §2.6 passive side', `${K}/retransmission-timing.md#tcp_synack_retries`],
  ['(REFERENCE §2.6, §1 tcp_synack_retries)', `(${K}/retransmission-timing.md#tcp_synack_retries)`],
  ['(REFERENCE §1 tcp_synack_retries, §2.6)', `(${K}/retransmission-timing.md#tcp_synack_retries)`],
  [
    'REFERENCE §2.6 (synack_timing: M=5 dropped at 64.4 s; 2^(M+1)-1 s)',
    `${K}/retransmission-timing.md#tcp_synack_retries (measured: M=5 dropped at 64.4 s; 2^(M+1)-1 s)`,
  ],
  [
    'REFERENCE §2.6 (syn_retry_timing: N=3 failed at 19.44 s with L=4, 15.37 s with L=0)',
    `${K}/retransmission-timing.md#tcp_syn_retries (measured: N=3 failed at 19.44 s with L=4, 15.37 s with L=0)`,
  ],
  [
    'REFERENCE §2.1 (fin_timeout_orphan_lifetime: 10 → 10.3 s), kernel ip-sysctl.rst tcp_fin_timeout',
    `${K}/fin-timeout-and-orphans.md#tcp_fin_timeout (measured: 10 → 10.3 s); ip-sysctl.rst, v6.12`,
  ],
  [
    'REFERENCE §2.5 (syncookie_test: 0 dropped 15 of 20 SYNs, 1 answered them)',
    `${K}/syn-queue-and-cookies.md#tcp_syncookies (measured: 0 dropped 15 of 20 SYNs, 1 answered them)`,
  ],
  [
    'REFERENCE §2.2 (twreuse_test: reuse after 1.35 s, never with timestamps off), [BERNAT]',
    `${K}/time-wait.md#tcp_tw_reuse (measured: reuse after 1.35 s, never with timestamps off)`,
  ],
  [
    'REFERENCE §2.8 (P/60 s), §1 ip_local_port_range (parity, low >= ip_unprivileged_port_start)',
    `${K}/ports.md#capacity (P/60 s); ${K}/ports.md#ip_local_port_range (parity, low >= ip_unprivileged_port_start)`,
  ],
  ['REFERENCE §2.8, §1 ip_local_port_range', `${K}/ports.md#capacity; ${K}/ports.md#ip_local_port_range`],
  ['REFERENCE §2.2, §2.8, [BERNAT]', `${K}/time-wait.md#tcp_tw_reuse; ${K}/ports.md#capacity`],
  ['[C-SOMAXCONN] commit 19f92a030ca6; REFERENCE §1 net.core.somaxconn, §2.9', `commit 19f92a030ca6; ${K}/accept-queue.md#somaxconn`],
  ['REFERENCE §1 tcp_timestamps, §2.3', `${K}/timestamps.md#tcp_timestamps; ${K}/time-wait.md#tcp_tw_recycle`],
  ['REFERENCE §2.7 (detection = time + probes x intvl)', `${K}/keepalive.md#detection-time`],
  ['REFERENCE §2.7; --idle-timeout', `${K}/keepalive.md#middlebox-idle-timeouts; --idle-timeout`],
  ['our LB configuration; REFERENCE §2.7', `our LB configuration; ${K}/keepalive.md#middlebox-idle-timeouts`],
  ['(REFERENCE §2.3, [C-RECYCLE])', `(${K}/time-wait.md#tcp_tw_recycle; commit 4396e46187ca)`],
  ['[C-RECYCLE] commit 4396e46187ca', 'commit 4396e46187ca'],
  ['[C-TSRAND] commit 95a22caee396', 'commit 95a22caee396'],
  ['[C-LINEAR] commit ccce324dabfe', 'commit ccce324dabfe'],
  ['[C-SOMAXCONN] commit 19f92a030ca6', 'commit 19f92a030ca6'],
  ['\\[C-SOMAXCONN\\] commit 19f92a030ca6', 'commit 19f92a030ca6'],
  ['(5.4+ default 4096, [C-SOMAXCONN])', '(5.4+ default 4096, commit 19f92a030ca6)'],
  ['[MAN-LISTEN2] listen(2)', 'listen(2)'],
  ['(commit ccce324dabfe) [C-LINEAR]', '(commit ccce324dabfe)'],
  ['(commit 1e579caa18b9) [K8S-CONST]', '(commit 1e579caa18b9)'],
  ['(commit 13b287e8d1ca) [K8S-CONST]', '(commit 13b287e8d1ca)'],
  ['(commit b840d15d3912) [K8S-CONST]', '(commit b840d15d3912)'],
  ['(commit 9bd6861bd432) [K8S-CONST]', '(commit 9bd6861bd432)'],
  ['(commit 122ff243f5f1) [K8S-CONST]', '(commit 122ff243f5f1)'],
  ['(commit 4548b683b781) [C-UNPRIV]', '(commit 4548b683b781)'],
  [
    'fin_timeout=30 does not shorten TIME_WAIT (§2.1).',
    `fin_timeout=30 does not shorten TIME_WAIT (${K}/fin-timeout-and-orphans.md#tcp_fin_timeout).`,
  ],
  ['tcp_orphan_retries=0 means 8 (§2.9).', `tcp_orphan_retries=0 means 8 (${K}/fin-timeout-and-orphans.md#tcp_orphan_retries).`],
  [
    'the integer parser stops at the first blank after the number, REFERENCE §1)',
    `the integer parser stops at the first blank after the number, ${K}/sysctl-values.md#parsing)`,
  ],
  [
    "connect() tries ports of the low end\\'s parity first (REFERENCE §1, §2.8)",
    `connect() tries ports of the low end\\'s parity first (${K}/ports.md#ip_local_port_range)`,
  ],
  [
    "/** TCP_TIMEWAIT_LEN: a server's TIME-WAIT for a 4-tuple lasts this long (REFERENCE §2.1). */",
    `/** TCP_TIMEWAIT_LEN: a server's TIME-WAIT for a 4-tuple lasts this long (${K}/time-wait.md#time-wait-length). */`,
  ],
  ['by commit 4396e46187ca, with the PAWSPassive counter [C-RECYCLE]', 'by commit 4396e46187ca, with the PAWSPassive counter'],
];

function read(path) {
  return readFileSync(join(ROOT, path), 'utf8');
}

function walk(path, out) {
  const full = join(ROOT, path);
  if (!existsSync(full)) return out;
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full).sort()) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      walk(join(path, name), out);
    }
  } else if (TEXT_FILE.test(path) && !NEVER.some((re) => re.test(path))) {
    out.push(path);
  }
  return out;
}

function fileStem(path) {
  return path
    .split('/')
    .pop()
    .replace(/\.test\.ts$|\.(ts|json|md|ya?ml|py)$/, '');
}

/** The key a §1 or §2.9 citation is about: named after it, else the first key in the text before it. */
function keyOf(after, before) {
  const named = /^\s*\(?["`]?(?:net\.(?:ipv4|core|netfilter)\.)?([a-z0-9_]+)/.exec(after);
  if (named && KEY_ANCHORS[named[1]]) return named[1];
  const earlier = KEY_IN_TEXT.exec(before);
  return earlier ? earlier[1] : undefined;
}

function anchorOfSection(section, keySpec, before, path, precedingKey) {
  keySpec = keySpec.trim();
  if (section === '1') {
    for (const [re, anchor] of SECTION_1_TOPICS) if (re.test(keySpec)) return anchor;
    const key = keyOf(keySpec, before) ?? precedingKey;
    return key ? KEY_ANCHORS[key] : (SECTION_1_BY_FILE[fileStem(path)] ?? SECTION_1_DEFAULT);
  }
  if (section === '2.3' && /PAWS|older timestamp/.test(before)) return `${K}/time-wait.md#server-side-time-wait-and-paws`;
  if (section === '2.6' && /SYN-ACK|synack|half-open|passive side/i.test(before)) return `${K}/retransmission-timing.md#tcp_synack_retries`;
  if (section === '2.9') {
    // Keepalive and fin_timeout are named in §2.9 texts only as what the error is not about.
    const key = [keyOf(keySpec, before), precedingKey].find((k) => k && KEY_ANCHORS[k] && !/^tcp_keepalive|^tcp_fin_timeout$/.test(k));
    if (key) return KEY_ANCHORS[key];
    return SECTION_2_9_BY_FILE[fileStem(path)] ?? SECTION_2_9_DEFAULT;
  }
  const range = /^(\d+(?:\.\d+)?)[–-]/.exec(section);
  return SECTIONS[range ? range[1] : section] ?? `${K}/README.md`;
}

/** Keeps the first anchor of each page: one citation per page is enough in a message. */
function joinAnchors(anchors) {
  const seen = new Set();
  const kept = [];
  for (const anchor of anchors) {
    const page = anchor.split('#')[0];
    if (seen.has(page)) continue;
    seen.add(page);
    kept.push(anchor);
  }
  return kept.join('; ');
}

const SEC = String.raw`\d+(?:\\?\.\d+)?(?:[–-]\d+(?:\\?\.\d+)?)?`;
/** What may name the key or column after "§1": a key, a quoted column name, or a parenthesised key. */
const KEY_ALTERNATIVES = String.raw`(?:net\\?\.(?:ipv4|core|netfilter)\\?\.)?(?:${KEY_NAMES.join('|')})`;
const KEYSPEC = String.raw`(?:\s+(?:\(${KEY_ALTERNATIVES}\)|[\x60"]?${KEY_ALTERNATIVES}[\x60"]?|"Kernel accepts"|\((?:Kernel accepts|integer parsing|History)[^)]*\)))?`;
const CITATION = new RegExp(String.raw`REFERENCE(?:\\?\.md)?\s+§(${SEC})(${KEYSPEC})((?:(?:,\s*|\s+and\s+)§${SEC}${KEYSPEC})*)`, 'g');
const MORE = new RegExp(String.raw`(?:,\s*|\s+and\s+)§(${SEC})(${KEYSPEC})`, 'g');

const BARE_SECTION = /(^|[\s(])§(\d+(?:\.\d+)?)(?=[\s),;.])/g;

/** In a regular-expression literal (a test), the replacement must match itself literally. */
function escapeForRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function rewriteSections(text, path) {
  const lines = text.split('\n');
  let precedingKey;
  return lines
    .map((line) => {
      // In the catalogue each entry's text follows its `key:` line; elsewhere a key line says nothing about later text.
      const declared = path === 'src/params/catalogue.ts' && /key:\s*'(?:net\.(?:ipv4|core|netfilter)\.)?([a-z0-9_]+)'/.exec(line);
      if (declared && KEY_ANCHORS[declared[1]]) precedingKey = declared[1];
      return line
        .replace(CITATION, (match, first, firstKey, rest, offset) => {
          const before = line.slice(0, offset);
          const inRegex = /\\\./.test(match) || /\\\(/.test(line.slice(Math.max(0, offset - 3), offset));
          const plain = (s) => s.replace(/\\/g, '');
          const anchors = [anchorOfSection(plain(first), plain(firstKey), before, path, precedingKey)];
          for (const more of rest.matchAll(MORE)) anchors.push(anchorOfSection(plain(more[1]), plain(more[2]), before, path, precedingKey));
          const joined = joinAnchors(anchors);
          return inRegex ? escapeForRegex(joined) : joined;
        })
        .replace(BARE_SECTION, (match, lead, section, offset, whole) => {
          // A section number continuing a citation from the previous line ("REFERENCE §1,\n * §2.9").
          if (/RFC\s*\d+\s*$/.test(whole.slice(0, offset + lead.length))) return match;
          return `${lead}${anchorOfSection(section, '', whole.slice(0, offset), path, precedingKey)}`;
        });
    })
    .join('\n');
}

function kernelTag(body) {
  const doc = /^DOC\s*(.*)$/.exec(body);
  if (doc) {
    const [name] = KERNEL_DOCS[doc[1].trim()] ?? KERNEL_DOCS[''];
    return `${name}, v6.12`;
  }
  const [rawPath, ...fns] = body.split(/\s+/);
  const path = KERNEL_PATHS[rawPath] ?? rawPath;
  const functions = fns
    .join(' ')
    .split(/,\s*/)
    .filter(Boolean)
    .map((f) => (/^[A-Z_]+$/.test(f) ? f : `${f}()`));
  return `${path}${functions.length ? ` ${functions.join(', ')}` : ''}, v6.12`;
}

function kernelTagUrl(body) {
  const doc = /^DOC\s*(.*)$/.exec(body);
  if (doc) return (KERNEL_DOCS[doc[1].trim()] ?? KERNEL_DOCS[''])[1];
  const [rawPath, ...fns] = body.split(/\s+/);
  const path = KERNEL_PATHS[rawPath] ?? rawPath;
  return `${SRC612(path)}${fns.length ? ` (${fns.join(' ')})` : ''}`;
}

/** "[OBS twreuse_test.txt]" → the page stating it; "[OBS probe vtff]" → the probe table of docs/config-files.md. */
function observationTag(body) {
  const file = /^([\w.-]+\.(?:txt|jsonl))$/.exec(body.trim());
  if (file) return EVIDENCE_PAGES[file[1]] ?? `${K}/evidence/README.md`;
  const detail = body.replace(/^:?\s*/, '');
  return detail ? `${detail}, docs/config-files.md` : 'docs/config-files.md';
}

const OPEN = '\u0001';
const SHUT = '\u0002';

function rewriteTags(text) {
  // Each tag becomes a marked piece of text first, so that only tags are ever re-punctuated.
  let out = text;
  out = out.replace(/\[OBS(?:\s|:)([^\]]*)\]|\[OBS\]/g, (m, body) => `${OPEN}${observationTag(body ?? '')}${SHUT}`);
  out = out.replace(/\\?\[K:([^\]\\]+)\\?\]/g, (m, body) => `${OPEN}${kernelTag(body)}${SHUT}`);
  out = out.replace(/(,\s*|\s)?\\?\[([A-Z][A-Z0-9.-]*(?: src)?)\\?\]/g, (m, lead, tag, offset, whole) => {
    const source = TAG_SOURCES[tag];
    if (!source) return m;
    // A tag repeating what its line already says ("commit 95a22caee396 ... [C-TSRAND]") adds nothing.
    const lineSoFar = whole.slice(whole.lastIndexOf('\n', offset) + 1, offset);
    if (source.text === null || lineSoFar.includes(source.text)) return '';
    return `${lead ?? ''}${OPEN}${source.text}${SHUT}`;
  });
  if (!out.includes(OPEN)) return out;
  const piece = `${OPEN}([^${SHUT}]*)${SHUT}`;
  // Adjacent tags ("[K:...], [OBS ...]") become one list.
  const adjacent = new RegExp(`${piece}(?:,\\s*|\\s+)${piece}`);
  while (adjacent.test(out)) out = out.replace(adjacent, `${OPEN}$1; $2${SHUT}`);
  // Inside an existing parenthesis ("(REFERENCE §2.3, [C-RECYCLE])"): a list item, no new parentheses.
  out = out.replace(new RegExp(`,\\s*${piece}(?=[);\\]])`, 'g'), '; $1');
  out = out.replace(new RegExp(`\\(${piece}`, 'g'), '($1');
  return out.replace(new RegExp(piece, 'g'), '($1)');
}

function rewriteReferenceEntry(entry, path) {
  if (REFERENCE_ENTRIES[entry]) return REFERENCE_ENTRIES[entry];
  if (/^(https:\/\/|docs\/)/.test(entry)) return [entry];
  const commit = /^commit ([0-9a-f]{12})$/.exec(entry);
  if (commit) {
    const known = Object.values(TAG_SOURCES).find((s) => s.text === entry);
    return [known ? known.url : COMMIT(commit[1])];
  }
  const man = Object.values(TAG_SOURCES).find((s) => s.text === entry && /^https:\/\/man7/.test(s.url));
  if (man) return [man.url];
  const tag = /^\[([^\]]+)\](.*)$/.exec(entry);
  if (tag) {
    const [, body] = tag;
    if (body.startsWith('K:')) return [kernelTagUrl(body.slice(2))];
    if (body.startsWith('OBS')) {
      const file = /^OBS\s+([\w.-]+\.(?:txt|jsonl))$/.exec(body);
      return file ? [`${K}/evidence/${file[1]}`] : [`${K}/evidence/README.md`];
    }
    const source = TAG_SOURCES[body];
    if (source) return [source.url];
  }
  if (/^REFERENCE/.test(entry)) {
    const anchors = [];
    const head = new RegExp(String.raw`^REFERENCE(?:\.md)?\s+§(${SEC})(.*)$`).exec(entry);
    if (head) {
      anchors.push(anchorOfSection(head[1], head[2], '', path, undefined));
      for (const more of head[2].matchAll(MORE)) anchors.push(anchorOfSection(more[1], more[2], '', path, undefined));
      return [...new Set(anchors)];
    }
  }
  return [entry];
}

function rewriteReferenceArrays(text, path) {
  return text.replace(/(references:\s*\[)([\s\S]*?)(\])(?=\s*,?\s*(?:\n|\}|messages|$))/g, (match, open, body, close) => {
    if (!/'/.test(body)) return match;
    const entries = [...body.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\'/g, "'"));
    const rewritten = [...new Set(entries.flatMap((entry) => rewriteReferenceEntry(entry, path)))];
    if (rewritten.join('\u0000') === entries.join('\u0000')) return match;
    const multiline = body.includes('\n');
    const quoted = rewritten.map((r) => `'${r.replace(/'/g, "\\'")}'`);
    if (!multiline) return `${open}${quoted.join(', ')}${close}`;
    const indent = /\n(\s*)'/.exec(body)?.[1] ?? '      ';
    const closingIndent = /\n(\s*)$/.exec(body)?.[1] ?? '';
    return `${open}\n${quoted.map((q) => `${indent}${q},`).join('\n')}\n${closingIndent}${close}`;
  });
}

/** The strings of a rule's `references` array, read from its source file. */
function ruleReferences(ruleSource) {
  const block = /references:\s*\[([\s\S]*?)\]\s*,/.exec(ruleSource);
  if (!block) return undefined;
  return [...block[1].matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\'/g, "'"));
}

/** Markdown for one reference: a link to a page in the repository, or a URL with its label. */
export function referenceMarkdown(reference, fromDir = 'docs/rules') {
  const url = /^(https:\/\/\S+)(?:\s+\((.*)\))?$/.exec(reference);
  if (url) {
    const tree = /\/tree\/(\S+)\?h=(v[\d.]+)$/.exec(url[1]);
    const label = tree ? `Linux ${tree[2]} ${tree[1]}${url[2] ? ` (${url[2]})` : ''}` : (url[2] ?? url[1]);
    return `[${label}](${url[1]})`;
  }
  const page = /^(docs\/[^#\s]+)(#\S+)?$/.exec(reference);
  if (page) return `[${reference}](${relative(fromDir, page[1])}${page[2] ?? ''})`;
  return reference;
}

/** docs/rules/<id>.md: the "## References" section is the rule's references array, as links. */
function rewriteRuleDoc(text, path, sources) {
  const id = fileStem(path);
  const ruleFile = `src/rules/${id}.ts`;
  if (!existsSync(join(ROOT, ruleFile))) return text;
  const references = ruleReferences(sources.get(ruleFile) ?? read(ruleFile));
  if (!references || references.some((r) => !/^(https:\/\/|docs\/)/.test(r))) return text;
  const section = /\n## References\n[\s\S]*?(?=\n## |\s*$)/;
  if (!section.test(text)) return text;
  const list = references.map((r) => `- ${referenceMarkdown(r)}`).join('\n');
  // The section's trailing blank lines stay where they are, so rerunning leaves the page as it is.
  return text.replace(section, `\n## References\n\n${list}`).replace(/\n+$/, '\n');
}

const OLD_CITATION = /REFERENCE|\[(?:OBS|BERNAT|C-|K:|K8S|MAN-|IDX|PROCPS)|(?<!RFC\s?\d+\s)§\d/;

function main(argv) {
  const check = argv.includes('--check');
  const skip = new Set(argv.flatMap((arg, i) => (argv[i - 1] === '--skip' ? [arg] : [])));
  const files = SCOPE.flatMap((p) => walk(p, [])).filter((p) => !skip.has(p));
  const rewritten = new Map();
  // Sources first, so rule docs are rendered from rewritten references.
  const ordered = [...files.filter((p) => p.startsWith('src/')), ...files.filter((p) => !p.startsWith('src/'))];
  for (const path of ordered) {
    const before = read(path);
    let text = before;
    for (const [from, to] of PHRASES) text = text.split(from).join(to);
    if (path.startsWith('src/')) text = rewriteReferenceArrays(text, path);
    text = rewriteSections(text, path);
    text = rewriteTags(text);
    if (/^docs\/rules\/[a-z0-9-]+\.md$/.test(path)) text = rewriteRuleDoc(text, path, rewritten);
    if (text !== before) rewritten.set(path, text);
  }
  if (!check) for (const [path, text] of rewritten) writeFileSync(join(ROOT, path), text);
  const left = [];
  for (const path of files) {
    const text = check ? (rewritten.get(path) ?? read(path)) : read(path);
    text.split('\n').forEach((line, i) => {
      if (OLD_CITATION.test(line)) left.push(`${path}:${i + 1}: ${line.trim().slice(0, 160)}`);
    });
  }
  if (check) {
    const stale = [...rewritten.keys()];
    if (stale.length) console.log(`${stale.length} file(s) still hold old citations the table rewrites:\n  ${stale.join('\n  ')}`);
    if (left.length) console.log(`old citations the table does not handle:\n  ${left.join('\n  ')}`);
    process.exitCode = stale.length || left.length ? 1 : 0;
    return;
  }
  console.log(`rewrote ${rewritten.size} file(s)`);
  if (left.length) {
    console.log(`old citations left (add a row to the tables in tools/citations/rewrite.mjs):\n  ${left.join('\n  ')}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
