/**
 * What the rules see: plain, read-only facts about one host (or one set of config files),
 * adapted from the readers' snapshot and the effective configuration. Anything not observed is
 * undefined — a rule that needs it is skipped with a reason, never run against a guess.
 */
import type { KernelVersion } from '../kernel/version.js';
import type { AppliedVia, Position } from '../readers/embedded/types.js';
import type { HostFacts } from '../params/types.js';
import type { AddressFamily, TcpStateName } from '../snapshot/types.js';
import type { AppFacts } from '../readers/apps/types.js';

/** One `key = value` line in a config file. */
export interface ConfigAssignment {
  readonly file: string;
  readonly line: number;
  /** 1-based column of the key and of the value, for anchored findings. */
  readonly keyColumn: number;
  readonly valueColumn: number;
  /** Canonical dotted key. */
  readonly key: string;
  /** The key as written in the file. */
  readonly keyAsWritten: string;
  /** Exactly what the tools pass to the kernel. */
  readonly value: string;
  /** The comment lines directly above it (the author's stated reason), without "#". */
  readonly commentAbove: readonly string[];
  /**
   * What applies it when it is not a line procps or systemd-sysctl read from a sysctl file: an
   * Ansible task, a pod's securityContext, a TuneD profile, a shell command (src/readers/embedded).
   * For those, `line` is the line of the value and `keyAt` where the key is written.
   */
  readonly via?: AppliedVia;
  readonly keyAt?: Position;
}

/** Something a reviewed file does to sysctl files other than setting a key (a script deleting /etc/sysctl.d/*). */
export interface FileOperationFact {
  readonly kind: 'delete';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The command as written. */
  readonly command: string;
  /** The sysctl paths it names. */
  readonly targets: readonly string[];
}

/** A config line procps calls "invalid syntax" (no "=" and no leading "-"), e.g. the line after a "\\". */
export interface InvalidConfigLine {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  /** Why it is invalid, in the parser's words. */
  readonly reason: string;
}

/** Everything known about one key. */
export interface KeyState {
  readonly key: string;
  /** The value in force now (/proc/sys), whitespace-normalised; undefined when not read or absent. */
  readonly live?: string;
  /** Where /proc/sys was read (file:line) when live is set. */
  readonly liveSource?: { readonly file: string; readonly line: number };
  /** The assignment that wins at boot, under the tool that applies config on this host. */
  readonly configured?: ConfigAssignment;
  /** Earlier assignments the winner overrides. */
  readonly shadowed: readonly ConfigAssignment[];
  /** procps `sysctl --system` and systemd-sysctl end with different values for this key. */
  readonly disagreement?: ToolDisagreement;
}

export interface ToolDisagreement {
  /** null: that tool leaves the key unset. */
  readonly procps: string | null;
  readonly systemd: string | null;
  /** Which value the host has after boot ("unknown" when the root does not tell). */
  readonly atBoot: 'procps' | 'systemd' | 'unknown';
  /** e.g. "/etc/sysctl.conf is applied last by procps but not read by systemd-sysctl". */
  readonly cause: string;
}

export type { TcpStateName } from '../snapshot/types.js';

/** An address and port as the socket table has them (address text as sockets/address.ts writes it). */
export interface Endpoint {
  readonly family: AddressFamily;
  readonly address: string;
  readonly port: number;
}

export interface EndpointCount {
  /** "10.0.0.5:443" or "[2001:db8::1]:443", as reports show it. */
  readonly endpoint: string;
  /** The same endpoint, structured: rules read its parts here, never by parsing `endpoint`. */
  readonly at: Endpoint;
  readonly count: number;
}

export interface PortCount {
  readonly port: number;
  readonly count: number;
}

export interface ListenerQueue {
  /** "0.0.0.0:80", as reports show it. */
  readonly local: string;
  /** The same endpoint, structured. */
  readonly at: Endpoint;
  /** Connections waiting in the accept queue. */
  readonly queued: number;
  /** The listener's backlog (min(listen() backlog, somaxconn)), when the source shows it. */
  readonly backlog?: number;
  /** The process listening ("nginx (pid 812)"), when ss -p showed it. */
  readonly process?: string;
}

/** A process holding sockets (from ss -p), with its busiest local ports. */
export interface SocketHolder {
  readonly process: string;
  readonly count: number;
  readonly localPorts: readonly PortCount[];
}

export interface SocketFacts {
  readonly total: number;
  readonly byState: Readonly<Record<TcpStateName, number>>;
  /** TIME_WAIT per remote endpoint, largest first (top N). */
  readonly timeWaitByRemote: readonly EndpointCount[];
  /** ESTABLISHED + TIME_WAIT per remote endpoint: the ports each destination holds (docs/kernel/ports.md#capacity). */
  readonly portsHeldByRemote: readonly EndpointCount[];
  /** CLOSE_WAIT per local port, largest first. */
  readonly closeWaitByLocalPort: readonly PortCount[];
  readonly listeners: readonly ListenerQueue[];
  /**
   * Where the listeners came from: 'ss' (netlink: queue, backlog and, for root, the process) or
   * 'proc' (/proc/net/tcp: the queue only; the kernel keeps the backlog out of it). Undefined: 'proc'.
   */
  readonly listenerSource?: 'ss' | 'proc';
  /** Why ss was not used, when listenerSource is 'proc' on a live host or bundle ("ss (iproute2) is not installed"). */
  readonly ssUnavailable?: string;
  /** Every local port a listener was seen on (server-side sockets sit on these). */
  readonly listeningPorts?: readonly number[];
  /** Busiest local ports per state (both directions). */
  readonly localPorts?: Readonly<Partial<Record<TcpStateName, readonly PortCount[]>>>;
  /** Busiest remote endpoints per state, outbound sockets only (not those on a listening port). */
  readonly remotes?: Readonly<Partial<Record<TcpStateName, readonly EndpointCount[]>>>;
  /** ESTABLISHED sockets whose keepalive timer is pending (SO_KEEPALIVE), when the source shows timers. */
  readonly keepaliveEstablished?: number;
  /** Processes holding CLOSE_WAIT sockets (ss -p), most first; undefined when ss did not run. */
  readonly closeWaitHolders?: readonly SocketHolder[];
  /** Whether ss -p showed any process at all (false as a user for other users' sockets). */
  readonly processesShown?: boolean;
}

/**
 * What the kernel counters count from: the network namespace's creation ('namespace': a
 * container's), boot ('boot': the host's initial namespace), or either ('unknown').
 */
export type CounterBaseline = 'boot' | 'namespace' | 'unknown';

/** Two readings of the counters SECONDS apart (advise --interval). */
export interface CounterWindow {
  readonly seconds: number;
  /** Growth per second over the window, by counter name (0 when it did not grow). */
  readonly rates: ReadonlyMap<string, number>;
  /** Growth over the window, by counter name. */
  readonly deltas: ReadonlyMap<string, number>;
  /** Ports held towards each top destination ("10.0.0.5:443") at the window's start, when sockets were read then. */
  readonly portsHeldBefore?: ReadonlyMap<string, number>;
}

export interface SockstatFacts {
  /** Timewait minisocks of this netns (TIME-WAIT + orphaned FIN-WAIT-2), compared with tcp_max_tw_buckets. */
  readonly tw?: number;
  /** Orphaned sockets, host-wide. */
  readonly orphan?: number;
}

export interface ContainerFacts {
  readonly isContainer: boolean;
  /** How it was detected, e.g. "tcp_max_orphans is absent (global keys are hidden in a child namespace)". */
  readonly evidence: string;
}

export interface Facts {
  readonly kernel: KernelVersion;
  /** Where the kernel version came from: "proc/sys/kernel/osrelease", "--kernel", "newest known". */
  readonly kernelSource: string;
  readonly host: HostFacts;
  /** State of every key seen anywhere (catalogue keys and any key a config file names). */
  readonly keys: ReadonlyMap<string, KeyState>;
  /** Whether config files were read (review, advise on a root) — rules about config lines need it. */
  readonly configRead: boolean;
  /** All assignments in the order the tools apply them (for duplicates, unknown keys, bad values). */
  readonly assignments: readonly ConfigAssignment[];
  /** Config lines that are not assignments and that the tools reject ("invalid syntax"), in file order. */
  readonly invalidLines: readonly InvalidConfigLine[];
  /** Whether /proc/sys was read. */
  readonly liveRead: boolean;
  readonly sockets?: SocketFacts;
  readonly sockstat?: SockstatFacts;
  /** TcpExt and Tcp counters by name (e.g. "ListenOverflows", "TCPTimeWaitOverflow"): totals. */
  readonly counters?: ReadonlyMap<string, number>;
  /** What the totals count from; undefined when counters were not read. */
  readonly countersSince?: CounterBaseline;
  /** Rates over a sampling window (advise --interval); undefined without one: totals alone. */
  readonly counterWindow?: CounterWindow;
  readonly container?: ContainerFacts;
  /** review --kubernetes X.Y (or the newest known): the release pod sysctls are checked against. */
  readonly kubernetes?: { readonly version: string; readonly source: string };
  /** File operations of the files under review (embedded formats only). */
  readonly fileOperations?: readonly FileOperationFact[];
  /**
   * What the reviewed sysctl files in /run/sysctl.d, /etc/sysctl.d and /etc/sysctl.conf set, per
   * key (the winning line): TuneD re-applies exactly these over its profile (reapply_sysctl).
   */
  readonly reappliedOverTuned?: ReadonlyMap<string, ConfigAssignment>;
  /**
   * The assignments the review knows in a sysctl file, by its absolute path on the host
   * (/etc/sysctl.conf): an Ansible task that rewrites that file keeps only the first of duplicates.
   */
  readonly fileContents?: ReadonlyMap<string, readonly ConfigAssignment[]>;
  /** Application keep-alive settings (nginx, Apache httpd, HAProxy, Envoy), when their configs were read. */
  readonly apps?: AppFacts;
}
