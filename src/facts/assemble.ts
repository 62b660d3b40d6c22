/**
 * Assembles the engine's Facts from what the readers saw under a root (snapshot) and what the
 * config layer resolved (effective configuration). Anything the inputs lack stays undefined.
 */
import type {
  ContainerFacts,
  CounterBaseline,
  CounterWindow,
  Endpoint,
  EndpointCount,
  Facts,
  KeyState,
  PortCount,
  SocketFacts,
  TcpStateName,
} from './types.js';
import { NEWEST_KNOWN_KERNEL, parseKernelVersion } from '../kernel/version.js';
import { targetKernel } from '../kernel/target.js';
import { formatEndpoint } from '../sockets/address.js';
import { TCP_STATES } from '../sockets/states.js';
import { withSsListeners } from '../sockets/ss-listeners.js';
import type {
  AddressFamily,
  HostSnapshot,
  NetnsCheck,
  RemoteEndpointCount,
  SocketSummary,
  SysctlReading,
  TcpCounters,
} from '../snapshot/types.js';
import type { ConfigFacts } from './from-effective-config.js';
import type { AppFacts } from '../readers/apps/types.js';

export interface FactsInput {
  readonly snapshot?: HostSnapshot;
  readonly config?: ConfigFacts;
  /** --kernel: the target kernel when given. */
  readonly kernelFlag?: string;
  /** --container: treat the root as a container's network namespace. */
  readonly containerFlag?: boolean;
  /** An earlier reading of the counters, `seconds` before the snapshot (advise --interval). */
  readonly earlier?: { readonly counters: TcpCounters; readonly seconds: number; readonly sockets?: SocketSummary };
  /** Application configs read under the root or given for review (readers/apps). */
  readonly apps?: AppFacts;
}

/** The display text and the parts of one endpoint, made once here so no rule parses text. */
function endpointOf(e: { readonly family: AddressFamily; readonly address: string; readonly port: number }): {
  endpoint: string;
  at: Endpoint;
} {
  return { endpoint: formatEndpoint(e.family, e.address, e.port), at: { family: e.family, address: e.address, port: e.port } };
}

function socketFacts(snapshot: HostSnapshot, table: SocketSummary): SocketFacts {
  const ss = snapshot.ss;
  const summary = ss.status === 'present' ? withSsListeners(table, ss.value) : table;
  const byState = Object.fromEntries(TCP_STATES.map((state) => [state, summary.byState[state].total])) as Record<TcpStateName, number>;
  const toEndpoints = (list: readonly RemoteEndpointCount[] | undefined): EndpointCount[] =>
    (list ?? []).map((e) => ({ ...endpointOf(e), count: e.count }));
  const remotes: Partial<Record<TcpStateName, EndpointCount[]>> = {};
  const localPorts: Partial<Record<TcpStateName, PortCount[]>> = {};
  for (const state of TCP_STATES) {
    if (summary.byRemote[state]) remotes[state] = toEndpoints(summary.byRemote[state]);
    if (summary.byLocalPort[state]) localPorts[state] = [...summary.byLocalPort[state]];
  }
  return {
    total: summary.total.total,
    byState,
    timeWaitByRemote: toEndpoints(summary.byRemote.TIME_WAIT),
    portsHeldByRemote: summary.destinations.map((d) => ({ ...endpointOf(d), count: d.sockets })),
    closeWaitByLocalPort: [...(summary.byLocalPort.CLOSE_WAIT ?? [])],
    listeners: summary.listeners.map((l) => {
      const { endpoint, at } = endpointOf(l);
      return {
        local: endpoint,
        at,
        queued: l.queue,
        ...(l.backlog !== null ? { backlog: l.backlog } : {}),
        ...(l.process ? { process: l.process } : {}),
      };
    }),
    listenerSource: summary.listenerSource === 'ss' ? 'ss' : 'proc',
    ...(ss.status === 'unreadable' ? { ssUnavailable: ss.reason } : {}),
    listeningPorts: summary.listeningPorts,
    localPorts,
    remotes,
    ...(summary.keepaliveEstablished !== null ? { keepaliveEstablished: summary.keepaliveEstablished } : {}),
    ...(ss.status === 'present' ? { closeWaitHolders: ss.value.closeWaitHolders, processesShown: ss.value.processesShown } : {}),
  };
}

function describeCheck(check: NetnsCheck): string {
  if (check.check === 'namespace-links') return `proc/self/ns/net ${check.self ?? '?'} vs proc/1/ns/net ${check.pid1 ?? '?'}`;
  const seen = check.present === null ? 'not checked (proc/sys/net/ipv4 missing)' : check.present ? 'present' : 'absent';
  return `${check.key} ${seen} (host-wide keys are absent inside a child namespace)`;
}

function containerFacts(snapshot: HostSnapshot | undefined, flag: boolean | undefined): ContainerFacts | undefined {
  if (flag) return { isContainer: true, evidence: '--container' };
  if (!snapshot || snapshot.container.verdict === 'unknown') return undefined;
  return { isContainer: snapshot.container.verdict === 'child-netns', evidence: snapshot.container.checks.map(describeCheck).join('; ') };
}

function counters(snapshot: { counters: TcpCounters }): Map<string, number> | undefined {
  const { tcpExt, tcp } = snapshot.counters;
  if (tcpExt.status !== 'present' && tcp.status !== 'present') return undefined;
  const result = new Map<string, number>();
  // Tcp first so that TcpExt wins a name clash (there is none today).
  for (const group of [tcp, tcpExt])
    if (group.status === 'present') for (const [name, value] of Object.entries(group.value)) result.set(name, Number(value));
  return result;
}

/** Counters are per network namespace, set to zero when it is created (net/ipv4/proc.c, v6.12): a container's count from then. */
function counterBaseline(snapshot: HostSnapshot, container: ContainerFacts | undefined): CounterBaseline {
  if (container?.isContainer) return 'namespace';
  return snapshot.container.verdict === 'initial-netns' ? 'boot' : 'unknown';
}

function counterWindow(now: ReadonlyMap<string, number>, earlier: FactsInput['earlier']): CounterWindow | undefined {
  if (!earlier) return undefined;
  const before = counters(earlier);
  if (!before) return undefined;
  const rates = new Map<string, number>();
  const deltas = new Map<string, number>();
  for (const [name, value] of now) {
    const previous = before.get(name);
    if (previous === undefined) continue;
    // Gauges (CurrEstab, MaxConn) can fall; a counter never does, except when it wraps.
    const delta = Math.max(0, value - previous);
    deltas.set(name, delta);
    rates.set(name, delta / earlier.seconds);
  }
  const portsHeldBefore = earlier.sockets
    ? new Map(earlier.sockets.destinations.map((d) => [endpointOf(d).endpoint, d.sockets]))
    : undefined;
  return { seconds: earlier.seconds, rates, deltas, ...(portsHeldBefore ? { portsHeldBefore } : {}) };
}

/** Per key: the config line that wins (and what it shadows) joined with the live value read. */
export function keyStates(
  config: ConfigFacts | undefined,
  sysctls: Readonly<Record<string, SysctlReading>>,
): { keys: Map<string, KeyState>; liveRead: boolean } {
  const keys = new Map<string, KeyState>();
  for (const [key, state] of config?.keys ?? []) keys.set(key, { ...state });
  let liveRead = false;
  for (const [key, reading] of Object.entries(sysctls)) {
    if (reading.status !== 'present') continue;
    liveRead = true;
    const previous = keys.get(key);
    keys.set(key, { key, shadowed: [], ...previous, live: reading.value.value, liveSource: reading.provenance });
  }
  return { keys, liveRead };
}

export function assembleFacts(input: FactsInput): Facts {
  const { snapshot, config } = input;
  const release = snapshot?.kernelRelease.status === 'present' ? parseKernelVersion(snapshot.kernelRelease.value) : undefined;
  const kernel = input.kernelFlag !== undefined ? targetKernel(input.kernelFlag) : (release ?? parseKernelVersion(NEWEST_KNOWN_KERNEL)!);
  const kernelSource =
    input.kernelFlag !== undefined
      ? '--kernel'
      : release && snapshot?.kernelRelease.status === 'present'
        ? snapshot.kernelRelease.provenance.file
        : `newest known (${NEWEST_KNOWN_KERNEL})`;
  const { keys, liveRead } = keyStates(config, snapshot?.sysctls ?? {});
  const container = containerFacts(snapshot, input.containerFlag);
  const counterMap = snapshot ? counters(snapshot) : undefined;
  const window = counterMap ? counterWindow(counterMap, input.earlier) : undefined;
  return {
    kernel,
    kernelSource,
    host: snapshot?.memTotalBytes.status === 'present' ? { memTotalBytes: snapshot.memTotalBytes.value } : {},
    keys,
    configRead: config !== undefined,
    assignments: config?.assignments ?? [],
    invalidLines: config?.invalidLines ?? [],
    liveRead,
    ...(snapshot?.sockets.status === 'present' ? { sockets: socketFacts(snapshot, snapshot.sockets.value) } : {}),
    ...(snapshot?.sockstat.status === 'present'
      ? { sockstat: { tw: snapshot.sockstat.value.tcp.tw, orphan: snapshot.sockstat.value.tcp.orphan } }
      : {}),
    ...(counterMap && snapshot ? { counters: counterMap, countersSince: counterBaseline(snapshot, container) } : {}),
    ...(window ? { counterWindow: window } : {}),
    ...(container ? { container } : {}),
    ...(input.apps ? { apps: input.apps } : {}),
  };
}
