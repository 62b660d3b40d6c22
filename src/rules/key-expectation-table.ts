/**
 * Per-key expectations, as data (kernel-hardening-checker's model: one row per check, each with its
 * reason, severity and source). The key-expectation rule reads this table; a check that needs logic
 * across keys and this host (conntrack vs keepalive, buffer default vs maximum) is a rule module instead.
 * docs/rules/key-expectation.md lists every row (test/rules/key-expectation.test.ts keeps them in step).
 */
import type { Severity } from '../engine/types.js';

/** What makes the value in force wrong. */
export type Expectation =
  /** The number at `field` (default 0) is below `min`: the harmful direction. */
  | { readonly kind: 'below'; readonly min: number; readonly field?: number }
  /** The number at `field` (default 0) is at least `max`: a value in the wrong unit. */
  | { readonly kind: 'above'; readonly max: number; readonly field?: number }
  /** The value (a name) is not one of these. */
  | { readonly kind: 'one-of'; readonly values: readonly string[] }
  /** The value is one of these (placeholders). */
  | { readonly kind: 'none-of'; readonly values: readonly string[] }
  /** The comment on the line (above it or after the value) calls the unit something else. */
  | { readonly kind: 'unit'; readonly unit: string; readonly wrong: RegExp; readonly wrongName: string }
  /** The value is `value` while the companion key is set to `companionValue` (a combination that does harm). */
  | { readonly kind: 'with'; readonly value: string; readonly companion: string; readonly companionValue: string }
  /** Writing `counterpart` zeroes this key (and the reverse): only the one applied last is in force. */
  | { readonly kind: 'counterpart'; readonly counterpart: string };

export interface KeyExpectation {
  /** Stable id, kebab-case: the finding's evidence names it and the doc page has a section per row. */
  readonly id: string;
  readonly key: string;
  readonly expect: Expectation;
  readonly severity: Severity;
  /** Headline: what is wrong and what to do, with {value}, {key} (and {min}, {counterpart}) filled in. */
  readonly headline: string;
  /** Why, with the kernel facts. */
  readonly why: string;
  /** A shipped docs/ page anchor or an https URL. */
  readonly source: string;
}

/** Congestion controls of mainline Linux (net/ipv4/tcp_*.c registering a tcp_congestion_ops, 6.18). */
export const MAINLINE_CONGESTION_CONTROLS = [
  'bbr',
  'bic',
  'cdg',
  'cubic',
  'dctcp',
  'highspeed',
  'htcp',
  'hybla',
  'illinois',
  'lp',
  'nv',
  'reno',
  'scalable',
  'vegas',
  'veno',
  'westwood',
  'yeah',
] as const;

export const KEY_EXPECTATIONS: readonly KeyExpectation[] = [
  {
    id: 'retries2-below-rfc1122',
    key: 'net.ipv4.tcp_retries2',
    expect: { kind: 'below', min: 8 },
    severity: 'warning',
    headline: "tcp_retries2 = {value} gives up on a stalled connection before RFC 1122's 100 s: use 8 or more",
    why: 'RFC 1122 4.2.3.5 asks that R2 correspond to at least 100 seconds; with the 200 ms minimum RTO, 8 retransmissions are about 100 s, fewer kill established connections during a short outage (the default 15 is about 924.6 s).',
    source: 'docs/kernel/retransmission-timing.md#tcp_retries2',
  },
  {
    id: 'congestion-control-not-mainline',
    key: 'net.ipv4.tcp_congestion_control',
    expect: { kind: 'one-of', values: MAINLINE_CONGESTION_CONTROLS },
    severity: 'error',
    headline: 'tcp_congestion_control = {value} is not a congestion control of mainline Linux: the write fails',
    why: 'The kernel accepts only a registered congestion control (it tries to load tcp_<name> first); no mainline module has this name, so the write is rejected with ENOENT and the previous algorithm stays (mainline: bbr, bic, cdg, cubic, dctcp, highspeed, htcp, hybla, illinois, lp, nv, reno, scalable, vegas, veno, westwood, yeah).',
    source: 'https://www.kernel.org/doc/html/v6.18/networking/ip-sysctl.html#tcp-variables',
  },
  {
    id: 'file-max-lowered',
    key: 'fs.file-max',
    expect: { kind: 'below', min: 262144 },
    severity: 'warning',
    headline: 'fs.file-max = {value} lowers the system-wide open-file limit: remove the line',
    why: 'The kernel sizes file-max at boot to about 10% of memory in KiB, and systemd 240 and later raise it to LONG_MAX; a fixed value below 262,144 caps all processes together, and a busy server then fails open() and accept() with ENFILE ("VFS: file-max limit reached").',
    source: 'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/fs.html#file-max-file-nr',
  },
  {
    id: 'dirty-centisecs-unit',
    key: 'vm.dirty_expire_centisecs',
    expect: { kind: 'unit', unit: 'centiseconds', wrong: /\bms\b|milli|\uBC00\uB9AC/i, wrongName: 'milliseconds' },
    severity: 'warning',
    headline: '{key} = {value} is in centiseconds, but its comment says milliseconds: the age is 10 times longer',
    why: 'dirty_expire_centisecs is in hundredths of a second: 30000 is 300 s, not 30 s.',
    source: 'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/vm.html#dirty-expire-centisecs',
  },
  {
    id: 'dirty-writeback-centisecs-unit',
    key: 'vm.dirty_writeback_centisecs',
    expect: { kind: 'unit', unit: 'centiseconds', wrong: /\bms\b|milli|\uBC00\uB9AC/i, wrongName: 'milliseconds' },
    severity: 'warning',
    headline: '{key} = {value} is in centiseconds, but its comment says milliseconds: the interval is 10 times longer',
    why: 'dirty_writeback_centisecs is in hundredths of a second: 500 is 5 s, not 0.5 s.',
    source: 'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/vm.html#dirty-writeback-centisecs',
  },
  {
    id: 'dirty-bytes-cancelled',
    key: 'vm.dirty_bytes',
    expect: { kind: 'counterpart', counterpart: 'vm.dirty_ratio' },
    severity: 'warning',
    headline: '{key} = {value} is cancelled by {counterpart}, written later: keep only one of the two',
    why: 'dirty_bytes and dirty_ratio are counterparts: writing one sets the other to 0, so only the one written last is in force.',
    source: 'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/vm.html#dirty-bytes',
  },
  {
    id: 'dirty-ratio-cancelled',
    key: 'vm.dirty_ratio',
    expect: { kind: 'counterpart', counterpart: 'vm.dirty_bytes' },
    severity: 'warning',
    headline: '{key} = {value} is cancelled by {counterpart}, written later: keep only one of the two',
    why: 'dirty_bytes and dirty_ratio are counterparts: writing one sets the other to 0, so only the one written last is in force.',
    source: 'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/vm.html#dirty-ratio',
  },
  {
    id: 'dirty-background-bytes-cancelled',
    key: 'vm.dirty_background_bytes',
    expect: { kind: 'counterpart', counterpart: 'vm.dirty_background_ratio' },
    severity: 'warning',
    headline: '{key} = {value} is cancelled by {counterpart}, written later: keep only one of the two',
    why: 'dirty_background_bytes and dirty_background_ratio are counterparts: writing one sets the other to 0, so only the one written last is in force.',
    source: 'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/vm.html#dirty-background-bytes',
  },
  {
    id: 'dirty-background-ratio-cancelled',
    key: 'vm.dirty_background_ratio',
    expect: { kind: 'counterpart', counterpart: 'vm.dirty_background_bytes' },
    severity: 'warning',
    headline: '{key} = {value} is cancelled by {counterpart}, written later: keep only one of the two',
    why: 'dirty_background_bytes and dirty_background_ratio are counterparts: writing one sets the other to 0, so only the one written last is in force.',
    source: 'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/vm.html#dirty-background-ratio',
  },
  {
    id: 'aslr-weakened',
    key: 'kernel.randomize_va_space',
    expect: { kind: 'below', min: 2 },
    severity: 'warning',
    headline: 'kernel.randomize_va_space = {value} weakens address-space randomisation (ASLR): use 2, the default',
    why: '0 turns ASLR off and 1 leaves the heap (brk) unrandomised; 2, the default, randomises stack, mmap, VDSO and heap, which memory-corruption exploits must otherwise guess.',
    source: 'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/kernel.html#randomize-va-space',
  },
  {
    id: 'mmap-min-addr-lowered',
    key: 'vm.mmap_min_addr',
    expect: { kind: 'below', min: 4096 },
    severity: 'warning',
    headline: 'vm.mmap_min_addr = {value} lets processes map page zero: keep 65536 (or at least 4096)',
    why: 'mmap_min_addr keeps user space from mapping the lowest pages, which turns kernel NULL-pointer dereferences into exploitable bugs when lowered.',
    source: 'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/vm.html#mmap-min-addr',
  },
  {
    id: 'hostname-placeholder',
    key: 'kernel.hostname',
    expect: {
      kind: 'none-of',
      values: [
        'localhost',
        'localhost.localdomain',
        'hostname',
        'changeme',
        'example',
        'example.com',
        'your-hostname',
        'yourhostname',
        'myhostname',
      ],
    },
    severity: 'warning',
    headline: 'kernel.hostname = {value} is a placeholder: every host this file reaches gets that name',
    why: 'kernel.hostname sets the UTS node name at every boot; a template value left in place gives every machine the same name (logs, certificates, cluster membership).',
    source: 'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/kernel.html#hostname-and-domainname',
  },
  {
    id: 'route-localnet-forwarding',
    key: 'net.ipv4.conf.all.route_localnet',
    expect: { kind: 'with', value: '1', companion: 'net.ipv4.ip_forward', companionValue: '1' },
    severity: 'warning',
    headline: 'route_localnet = 1 on a forwarding host lets neighbours reach services bound to 127.0.0.1: set it to 0',
    why: 'route_localnet stops treating 127/8 as martian while routing; with ip_forward = 1 a host on the same link can send packets to 127.0.0.1 through this one and reach loopback-only services (CVE-2020-8558, kube-proxy).',
    source: 'https://github.com/kubernetes/kubernetes/issues/90259',
  },
  {
    id: 'tcp-mem-fixed-small',
    key: 'net.ipv4.tcp_mem',
    expect: { kind: 'below', min: 393216, field: 2 },
    severity: 'warning',
    headline: 'tcp_mem = {value} caps TCP memory at a fixed {pages} pages, below the default of hosts over 16 GiB: remove it',
    why: 'tcp_mem is in pages, not bytes, and its default scales with memory (the maximum is about 3/32 of RAM: 393216 pages, 1.5 GiB, on a 16 GiB host); a fixed small maximum puts TCP under memory pressure early on a larger host, which shrinks windows and then drops data.',
    source: 'https://www.kernel.org/doc/html/v6.18/networking/ip-sysctl.html#tcp-variables',
  },
  {
    id: 'tcp-mem-in-bytes',
    key: 'net.ipv4.tcp_mem',
    expect: { kind: 'above', max: 16777216, field: 2 },
    severity: 'warning',
    headline: 'tcp_mem = {value} looks written in bytes: it is in pages (4 KiB), so this allows {pages} pages: remove it',
    why: 'tcp_mem is in pages; a maximum of 16777216 or more is 64 GiB or more of TCP buffers, no limit at all on most hosts, so TCP can take memory the rest of the system needs before pressure starts.',
    source: 'https://www.kernel.org/doc/html/v6.18/networking/ip-sysctl.html#tcp-variables',
  },
];
