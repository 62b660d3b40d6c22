/**
 * The Snapshot: what the readers observed on a host (or in a bundle or a dump), as plain,
 * frozen data with the file and line every value came from. Readers fill it and never judge;
 * the rules engine reads it. A value the input did not have is `missing`, never a default.
 */

/** State names as netstat prints them; also the names used in JSON and in thresholds. */
export type TcpStateName =
  | 'ESTABLISHED'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'FIN_WAIT1'
  | 'FIN_WAIT2'
  | 'TIME_WAIT'
  | 'CLOSE'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'LISTEN'
  | 'CLOSING';

export type AddressFamily = 'ipv4' | 'ipv6';

/** Where a value was read: the file as the user can find it (root joined in) and a 1-based line. */
export interface Provenance {
  readonly file: string;
  readonly line: number;
}

/** Something read from one file: present with its provenance, missing, or there but unreadable. */
export type Observed<T> =
  | {
      readonly status: 'present';
      readonly value: T;
      /** Where the value came from (for multi-file values: the first file, see the value's own sources). */
      readonly provenance: Provenance;
    }
  | {
      readonly status: 'missing';
      /** The file that does not exist (under the root), or the dump that lacks the value. */
      readonly file: string;
    }
  | {
      readonly status: 'unreadable';
      readonly file: string;
      /** "permission denied", or what the dump said about the key. */
      readonly reason: string;
      /** The dump line that reported the failure (sysctl -a "permission denied on key" lines). */
      readonly provenance?: Provenance;
    };

/** One sysctl as read: the value the kernel printed (vectors space-separated) and the exact text. */
export interface SysctlValue {
  /** Whitespace runs collapsed to one space and trimmed: "32768 60999"; "" for an empty list. */
  readonly value: string;
  /** Exactly as read, without the final newline: "32768\t60999". */
  readonly raw: string;
}

/** A catalogue key's reading; `Observed` keyed by the dotted key name. */
export type SysctlReading = Observed<SysctlValue>;

/** Counts split by address family. `total` = ipv4 + ipv6. */
export interface FamilyCounts {
  readonly ipv4: number;
  readonly ipv6: number;
  readonly total: number;
}

/** A remote address:port and how many sockets of one state point at it. */
export interface RemoteEndpointCount {
  /** Family of the sockets (an IPv4-mapped peer of an IPv6 socket is ipv6). */
  readonly family: AddressFamily;
  /** Canonical text: "10.0.0.5", "2001:db8::1", "::ffff:10.0.0.5". */
  readonly address: string;
  readonly port: number;
  readonly count: number;
}

/** A local port and how many sockets of one state use it (both families). */
export interface LocalPortCount {
  readonly port: number;
  readonly count: number;
}

/**
 * One remote endpoint (address:port) and the local ports held towards it: every socket to one
 * destination uses its own local port, so this is the port-exhaustion figure of docs/kernel/ports.md#capacity.
 */
export interface DestinationUse {
  readonly family: AddressFamily;
  readonly address: string;
  readonly port: number;
  /** Sockets towards it in any state but LISTEN (each holds a distinct local port per source address). */
  readonly sockets: number;
  /** The same, by state (states with no socket left out). */
  readonly byState: Readonly<Partial<Record<TcpStateName, number>>>;
  /** sockets / usable ephemeral ports (0..1+; above 1 only with several source addresses). */
  readonly shareOfUsablePorts: number;
}

/** A listening socket and its accept queue. */
export interface Listener {
  readonly family: AddressFamily;
  /** Local address text ("0.0.0.0", "::", "127.0.0.1"). */
  readonly address: string;
  /** Interface the socket is bound to ("lo" for ss's 127.0.0.1%lo:7070), when the source shows it. */
  readonly interface?: string;
  readonly port: number;
  /** The listening process ("nginx (pid 812)"), when ss -p showed it. */
  readonly process?: string;
  /** Connections waiting for accept() (rx_queue in /proc/net/tcp, Recv-Q in ss and netstat). */
  readonly queue: number;
  /**
   * min(listen() backlog, somaxconn) — ss's Send-Q for LISTEN rows. null when the source does not
   * show it: /proc/net/tcp and netstat do not (the kernel keeps it out of those files).
   */
  readonly backlog: number | null;
  /** queue / backlog (the queue is full above the backlog: 3 queued with backlog 2 is full), or null. */
  readonly fill: number | null;
}

/** Usable ephemeral ports per (source address, destination address:port), docs/kernel/ports.md#capacity. */
export interface PortRangeFacts {
  readonly low: number;
  readonly high: number;
  /** Ports of ip_local_reserved_ports inside [low, high]. */
  readonly reservedInside: number;
  /** high − low + 1 − reservedInside. */
  readonly usable: number;
  /** 'sysctl' when read from the same root; 'kernel-default' (32768–60999, none reserved) otherwise. */
  readonly source: 'sysctl' | 'kernel-default';
  /** The ip_local_port_range reading used, when source = 'sysctl'. */
  readonly provenance?: Provenance;
}

/** One input the socket summary was built from. */
export interface SocketSource {
  /** Path as given ("-" for stdin). */
  readonly file: string;
  readonly format: SocketDumpFormat;
  /** 'missing' for a root file that does not exist (e.g. /proc/net/tcp6 with IPv6 disabled). */
  readonly status: 'read' | 'missing';
  /** Socket rows counted from it. */
  readonly rows: number;
}

/** The socket-table formats the dump readers understand. */
export type SocketDumpFormat = 'proc-net-tcp' | 'ss' | 'netstat';

/**
 * What the per-remote-endpoint grouping (byRemote, destinations) covers and how exact it is.
 * It counts outbound sockets only: a socket whose local port is a listening port was accepted
 * from a client (its remote address:port is unique and it holds none of our ephemeral ports),
 * so it is grouped by local port only. Memory is bounded (see EndpointCounter).
 */
export interface GroupingAccuracy {
  /** True when every per-endpoint count is exact; state and local-port counts are always exact. */
  readonly exact: boolean;
  /** How far below the truth any per-endpoint count can be (0 when exact). */
  readonly maxUndercount: number;
  /** Sockets on a listening port (accepted connections), not grouped by remote endpoint. */
  readonly inboundExcluded: number;
}

/** The socket table summarised: state counts, groupings and listeners. */
export interface SocketSummary {
  readonly sources: readonly SocketSource[];
  /** Sockets counted (all eleven states). */
  readonly total: FamilyCounts;
  /** Every one of the eleven states, zeros included; NEW_SYN_RECV is counted as SYN_RECV. */
  readonly byState: Readonly<Record<TcpStateName, FamilyCounts>>;
  /**
   * TIME_WAIT plus orphaned FIN_WAIT2 minisocks: the number sockstat's `tw` shows and
   * tcp_max_tw_buckets limits (docs/kernel/observing.md#sockstat). null when the source cannot tell a minisock
   * from a full FIN_WAIT2 socket (ss without -o, netstat without -o).
   */
  readonly timewaitMinisocks: number | null;
  /** Orphaned FIN_WAIT2 sockets living as minisocks (timer "timewait"), or null as above. */
  readonly orphanedFinWait2: number | null;
  /**
   * ESTABLISHED sockets with the keepalive timer pending (SO_KEEPALIVE set; one with data in
   * flight shows the retransmit timer, so a lower bound). null when the source shows no timers.
   */
  readonly keepaliveEstablished: number | null;
  /** Rows the source printed for states outside the eleven (ss "UNKNOWN"), not counted anywhere. */
  readonly skippedRows: number;
  /** Top remote endpoints per state, outbound sockets only (see grouping); states with none left out. */
  readonly byRemote: Readonly<Partial<Record<TcpStateName, readonly RemoteEndpointCount[]>>>;
  /** Top local ports per state (only states with sockets). */
  readonly byLocalPort: Readonly<Partial<Record<TcpStateName, readonly LocalPortCount[]>>>;
  /** Top destinations of outbound sockets by local ports held, with their share of the usable range. */
  readonly destinations: readonly DestinationUse[];
  /** The range the shares are computed against. */
  readonly portRange: PortRangeFacts;
  /** Listeners, fullest first (by fill, then queue); at most the top N. */
  readonly listeners: readonly Listener[];
  /** Listeners in the table, including those not in `listeners`. */
  readonly listenerCount: number;
  /** Every local port a listener was seen on, ascending (server-side sockets sit on these). */
  readonly listeningPorts: readonly number[];
  /** Where `listeners` came from: the socket table itself, or ss over netlink (backlogs, processes). */
  readonly listenerSource: 'table' | 'ss';
  /** How many entries each top list holds at most. */
  readonly topN: number;
  readonly grouping: GroupingAccuracy;
}

/** A listener as ss shows it over netlink: its queue, its backlog and (for root) its process. */
export interface SsListener {
  readonly family: AddressFamily;
  readonly address: string;
  readonly interface?: string;
  readonly port: number;
  /** Recv-Q: connections waiting for accept(). */
  readonly queue: number;
  /** Send-Q: min(listen() backlog, somaxconn) at listen() time (net/ipv4/tcp_diag.c, v6.12). */
  readonly backlog: number;
  /** "nginx (pid 812)", when ss -p shows it (root sees every process; a user only their own). */
  readonly process?: string;
}

/** A process holding sockets of one state, with its busiest local ports. */
export interface SsSocketHolder {
  readonly process: string;
  readonly count: number;
  readonly localPorts: readonly LocalPortCount[];
}

/** `ss -tanpo state listening state close-wait`, parsed (readers/ss-capture.ts). */
export interface SsCapture {
  readonly listeners: readonly SsListener[];
  /** CLOSE-WAIT rows. */
  readonly closeWait: number;
  /** CLOSE-WAIT rows with no process (not yet accept()ed, or a process ss -p may not show). */
  readonly closeWaitWithoutProcess: number;
  /** Processes holding CLOSE-WAIT sockets, most first (at most 10). */
  readonly closeWaitHolders: readonly SsSocketHolder[];
  /** Whether any row showed a process (-p as root shows all; as a user only their own, often none). */
  readonly processesShown: boolean;
}

/** /proc/net/sockstat and sockstat6 (docs/kernel/observing.md#sockstat). */
export interface Sockstat {
  /** "sockets: used": sockets of all families in this netns. */
  readonly socketsUsed: number | null;
  readonly tcp: {
    /** Hashed IPv4 TCP sockets of this netns (TIME_WAIT minisocks excluded). */
    readonly inuse: number;
    /** Orphaned sockets, host-wide. */
    readonly orphan: number;
    /** TIME_WAIT + orphaned FIN_WAIT2 minisocks of this netns (IPv4 and IPv6). */
    readonly tw: number;
    /** Allocated TCP sockets, host-wide. */
    readonly alloc: number;
    /** TCP memory in pages, host-wide (compare with tcp_mem). */
    readonly mem: number;
  };
  /** "TCP6: inuse" from sockstat6, or null when sockstat6 is missing (IPv6 disabled). */
  readonly tcp6Inuse: number | null;
}

/**
 * A kernel counter: a number while it is a safe integer (< 2^53), a bigint beyond (the kernel
 * prints unsigned 64-bit values). Tcp MaxConn is -1.
 */
export type CounterValue = number | bigint;

/** One counter line pair of /proc/net/netstat or /proc/net/snmp, by name. */
export type CounterGroup = Readonly<Record<string, CounterValue>>;

/** Kernel TCP counters (docs/kernel/observing.md#counters). */
export interface TcpCounters {
  /** /proc/net/netstat "TcpExt:" (ListenOverflows, TCPTimeWaitOverflow, TW, ...); provenance = the value line. */
  readonly tcpExt: Observed<CounterGroup>;
  /** /proc/net/snmp "Tcp:" (ActiveOpens, CurrEstab, RetransSegs, ...). */
  readonly tcp: Observed<CounterGroup>;
}

/** One piece of evidence about the network namespace. */
export type NetnsCheck =
  | {
      readonly check: 'namespace-links';
      /** readlink of ROOT/proc/self/ns/net, e.g. "net:[4026531833]", or null when unreadable/missing. */
      readonly self: string | null;
      /** readlink of ROOT/proc/1/ns/net, or null (often unreadable without CAP_SYS_PTRACE). */
      readonly pid1: string | null;
      /** true/false when both were read; null otherwise. */
      readonly differ: boolean | null;
    }
  | {
      readonly check: 'global-key';
      /** A key registered for the initial namespace only (docs/kernel/namespaces.md#host-wide-keys): absent inside a child netns. */
      readonly key: 'net.ipv4.tcp_max_orphans';
      /** null when proc/sys/net/ipv4 itself is missing (nothing to compare with). */
      readonly present: boolean | null;
    };

/** Whether the root is a container's (child) network namespace, with the evidence. */
export interface ContainerEvidence {
  /**
   * 'child-netns': a container or `unshare --net` namespace — per-netns keys start at kernel
   * defaults there and global keys are the host's business; 'initial-netns': the host's own;
   * 'unknown': the root does not say.
   */
  readonly verdict: 'initial-netns' | 'child-netns' | 'unknown';
  readonly checks: readonly NetnsCheck[];
}

/** Everything read under one root (the live host is "/"). */
export interface HostSnapshot {
  /** The root as given, made absolute. */
  readonly root: string;
  /** proc/sys/kernel/osrelease, e.g. "6.18.44-fc-v657". */
  readonly kernelRelease: Observed<string>;
  /** proc/meminfo MemTotal in bytes (used by the catalogue's memory-dependent defaults). */
  readonly memTotalBytes: Observed<number>;
  /** Every catalogue key, by dotted name, read from proc/sys (provenance line 1). */
  readonly sysctls: Readonly<Record<string, SysctlReading>>;
  /** The socket table from proc/net/tcp and tcp6; missing only when both are. */
  readonly sockets: Observed<SocketSummary>;
  /** Listeners with backlogs and processes from ss: run on the live host, read from a bundle. */
  readonly ss: Observed<SsCapture>;
  readonly sockstat: Observed<Sockstat>;
  readonly counters: TcpCounters;
  readonly container: ContainerEvidence;
}

/** A sysctl -a dump: every key it printed (not only the catalogue's) and the keys it could not read. */
export interface SysctlDump {
  readonly file: string;
  /** Every key printed, dotted, with value and provenance (dump file:line). */
  readonly values: Readonly<Record<string, Extract<SysctlReading, { status: 'present' }>>>;
  /** Keys sysctl reported an error for ("permission denied on key ..."), with the line saying so. */
  readonly unreadable: Readonly<Record<string, Extract<SysctlReading, { status: 'unreadable' }>>>;
}
