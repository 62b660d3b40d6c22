/**
 * The parameter catalogue's vocabulary. One ParamSpec per sysctl, as data;
 * behaviour that depends on it (parsing, validation, defaults) lives beside it.
 */

/** How the kernel parses a written value. */
export type ValueShape =
  | 'integer' // one integer (proc_dointvec / proc_dou8vec_minmax / proc_dointvec_jiffies ...)
  | 'port-range' // two integers "low high" (ipv4_local_port_range)
  | 'port-list'; // comma-separated ports and ranges (proc_do_large_bitmap)

/** The kernel write handler; it decides which values the kernel accepts. */
export type KernelHandler =
  | 'proc_dou8vec_minmax' // u8: 0..255, narrowed by extra1/extra2
  | 'proc_dointvec' // any int, no range check
  | 'proc_dointvec_minmax' // int within extra1..extra2
  | 'proc_douintvec_minmax' // unsigned int within extra1..extra2
  | 'proc_dointvec_jiffies' // seconds stored as jiffies: |v| <= INT_MAX/HZ
  | 'ipv4_local_port_range' // two ints 1..65535, low <= high, low >= ip_unprivileged_port_start
  | 'ipv4_privileged_ports' // 0..65535 and <= low end of ip_local_port_range
  | 'proc_do_large_bitmap'; // "8080,9000-9002", ports 0..65535

export type Unit = 'count' | 'seconds' | 'milliseconds' | 'mode' | 'boolean' | 'bitmap' | 'connections' | 'packets' | 'entries' | 'ports';

export type Scope =
  | 'netns' // each network namespace has its own value, reset to the default in a new one
  | 'global' // one value for the host; absent inside a child namespace
  | 'global-readonly-in-netns'; // one value, visible read-only (0444) in a child namespace

/** Host facts a default or a bound may depend on. */
export interface HostFacts {
  /** Entries of the TCP established hash (ehash); derives several defaults. */
  readonly ehashEntries?: number;
  /** MemTotal in bytes, used to estimate ehashEntries and conntrack sizing. */
  readonly memTotalBytes?: number;
  /** Kernel tick rate; bounds jiffies-backed seconds values. */
  readonly hz?: number | undefined;
}

export type FormulaId =
  | 'max_syn_backlog_pre_5_4' // max(128, ehash/256)
  | 'max_syn_backlog' // max(128, ehash/128)
  | 'half_ehash' // ehash/2 (tcp_max_tw_buckets, tcp_max_orphans)
  | 'conntrack_max' // nf_conntrack_buckets (>= 5.15 sizing)
  | 'conntrack_max_pre_5_15'; // 4 x buckets capped at 16384 (older sizing)

export type DefaultValue =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'formula'; readonly formula: FormulaId; readonly describe: string };

/** A default that applies from kernel `since` until the next entry's `since`. */
export interface VersionedDefault {
  readonly since: string;
  readonly value: DefaultValue;
  /** Why the value changed then, with the source. */
  readonly note?: string;
}

export interface IntegerBounds {
  readonly min: number;
  readonly max: number;
}

export interface ParamSpec {
  /** Dotted name, e.g. net.ipv4.tcp_fin_timeout. */
  readonly key: string;
  readonly shape: ValueShape;
  readonly unit: Unit;
  readonly handler: KernelHandler;
  /** What the write handler accepts, for integer shapes (not HZ-dependent ones: see integerBounds in defaults.ts). */
  readonly accepts?: IntegerBounds;
  /** Values that mean something, where narrower than what the kernel accepts. */
  readonly meaningful?: { readonly values: readonly number[]; readonly note: string };
  readonly defaults: readonly VersionedDefault[];
  readonly scope: Scope;
  /** First kernel with the key ("2.2" where it is older than anything that matters). */
  readonly added: string;
  /** First kernel without it. */
  readonly removed?: string;
  /** Observed only (0444 even in the initial namespace): never a target, no default. */
  readonly readOnly?: boolean;
  /** The key exists only when this is true of the kernel (config option or module). */
  readonly requires?: string;
  /** One line: what the value is. */
  readonly summary: string;
  /** What it really does, in our words. */
  readonly explanation: string;
  readonly misconceptions: readonly string[];
  /** Version facts worth telling (per-netns since, default changes, removals). */
  readonly history: readonly string[];
  /** Where the facts come from: docs/kernel/ page anchors and https URLs (kernel source and documentation at a release, commits, RFCs, man pages). */
  readonly references: readonly string[];
  /** Kubernetes lists it as a safe sysctl since this release (docs/kernel/namespaces.md#kubernetes). */
  readonly k8sSafeSince?: string;
}
