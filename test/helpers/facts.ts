/**
 * Builds Facts for rule tests from a compact description, so each table row says only what
 * matters to the rule: live values, config lines, socket counts, counters, context.
 */
import type {
  ConfigAssignment,
  CounterBaseline,
  Endpoint,
  EndpointCount,
  Facts,
  FileOperationFact,
  ListenerQueue,
  PortCount,
  SocketFacts,
  SocketHolder,
  TcpStateName,
} from '../../src/facts/types.js';
import type { AppliedVia } from '../../src/readers/embedded/types.js';
import type { AppFacts } from '../../src/readers/apps/types.js';
import { parseKernelVersion } from '../../src/kernel/version.js';
import { canonicalKey } from '../../src/params/keys.js';
import { keyStates } from '../../src/facts/assemble.js';
import { configFactsInOrder } from '../../src/facts/from-assignments.js';
import { TCP_STATES } from '../../src/sockets/states.js';
import type { SysctlReading } from '../../src/snapshot/types.js';

export interface FactsSpec {
  kernel?: string;
  /** Live values by dotted key; present means /proc/sys was read. */
  live?: Record<string, string | number>;
  /** Config lines "key = value" with optional file (default /etc/sysctl.d/50-test.conf) and comment above. */
  config?: { key: string; value: string | number; file?: string; comment?: string; via?: AppliedVia }[];
  sockets?: {
    states?: Partial<Record<TcpStateName, number>>;
    timeWaitByRemote?: EndpointSpec[];
    portsHeldByRemote?: EndpointSpec[];
    closeWaitByLocalPort?: PortCount[];
    listeners?: ListenerSpec[];
    /** 'ss' when the listeners' backlogs come from ss (default: 'proc'). */
    listenerSource?: 'ss' | 'proc';
    listeningPorts?: number[];
    localPorts?: Partial<Record<TcpStateName, PortCount[]>>;
    remotes?: Partial<Record<TcpStateName, EndpointSpec[]>>;
    keepaliveEstablished?: number;
    closeWaitHolders?: SocketHolder[];
    processesShown?: boolean;
  };
  sockstat?: { tw?: number; orphan?: number };
  counters?: Record<string, number>;
  /** What the counter totals count from (default: undefined, worded as boot or namespace). */
  countersSince?: CounterBaseline;
  /** A sampling window: its length and each counter's growth over it (others grew by 0). */
  window?: { seconds: number; deltas: Record<string, number>; portsHeldBefore?: Record<string, number> };
  /** null: memory unknown (no /proc/meminfo). */
  memTotalBytes?: number | null;
  invalidLines?: { file?: string; line: number; text: string; reason?: string }[];
  container?: boolean;
  /** review --kubernetes. */
  kubernetes?: string;
  fileOperations?: Omit<FileOperationFact, 'kind'>[];
  /** Lines of reviewed sysctl.d files TuneD re-applies, by key. */
  reappliedOverTuned?: { key: string; value: string; file: string; line: number }[];
  /** Known contents of sysctl files by host path, in file order. */
  fileContents?: Record<string, { key: string; value: string; file: string }[]>;
  /** Application configs as the readers saw them (test/helpers/apps.ts builds them from config texts). */
  apps?: AppFacts;
}

/** Endpoints are written as reports show them ("10.0.0.5:443", "[::1]:443"); the helper adds their parts. */
export type EndpointSpec = Omit<EndpointCount, 'at'>;
export type ListenerSpec = Omit<ListenerQueue, 'at'>;

/** The parts of an endpoint written as text, as facts/assemble.ts makes them from the socket table. */
function endpointAt(text: string): Endpoint {
  const ipv6 = text.startsWith('[');
  const address = ipv6 ? text.slice(1, text.indexOf(']')) : text.slice(0, text.lastIndexOf(':'));
  return { family: ipv6 ? 'ipv6' : 'ipv4', address, port: Number(text.slice(text.lastIndexOf(':') + 1)) };
}
const withAt = (list: readonly EndpointSpec[]): EndpointCount[] => list.map((e) => ({ ...e, at: endpointAt(e.endpoint) }));

/** A config line for tests that only need its key, value and place. */
function lineAssignment(key: string, value: string, file: string, line: number): ConfigAssignment {
  return { file, line, keyColumn: 1, valueColumn: key.length + 4, key: canonicalKey(key), keyAsWritten: key, value, commentAbove: [] };
}

/** Facts built the way the product builds them (src/facts/): config lines in order, then live values. */
export function makeFacts(spec: FactsSpec = {}): Facts {
  const assignments: ConfigAssignment[] = [];
  const lineOf = new Map<string, number>();
  for (const entry of spec.config ?? []) {
    const file = entry.file ?? '/etc/sysctl.d/50-test.conf';
    const line = (lineOf.get(file) ?? 0) + (entry.comment ? 2 : 1);
    lineOf.set(file, line);
    assignments.push({
      file,
      line,
      keyColumn: 1,
      valueColumn: entry.key.length + 4,
      key: canonicalKey(entry.key),
      keyAsWritten: entry.key,
      value: String(entry.value),
      commentAbove: entry.comment ? [entry.comment] : [],
      ...(entry.via ? { via: entry.via } : {}),
    });
  }
  const sysctls: Record<string, SysctlReading> = {};
  for (const [key, value] of Object.entries(spec.live ?? {})) {
    sysctls[key] = {
      status: 'present',
      value: { value: String(value), raw: String(value) },
      provenance: { file: `/proc/sys/${key.replace(/\./g, '/')}`, line: 1 },
    };
  }
  const { keys } = keyStates(configFactsInOrder('procps', assignments), sysctls);
  let sockets: SocketFacts | undefined;
  if (spec.sockets) {
    const byState = Object.fromEntries(TCP_STATES.map((s) => [s, spec.sockets!.states?.[s] ?? 0])) as Record<TcpStateName, number>;
    sockets = {
      total: Object.values(byState).reduce((a, b) => a + b, 0),
      byState,
      timeWaitByRemote: withAt(spec.sockets.timeWaitByRemote ?? []),
      portsHeldByRemote: withAt(spec.sockets.portsHeldByRemote ?? spec.sockets.timeWaitByRemote ?? []),
      closeWaitByLocalPort: spec.sockets.closeWaitByLocalPort ?? [],
      listeners: (spec.sockets.listeners ?? []).map((l) => ({ ...l, at: endpointAt(l.local) })),
      ...(spec.sockets.listenerSource ? { listenerSource: spec.sockets.listenerSource } : {}),
      ...(spec.sockets.listeningPorts ? { listeningPorts: spec.sockets.listeningPorts } : {}),
      ...(spec.sockets.localPorts ? { localPorts: spec.sockets.localPorts } : {}),
      ...(spec.sockets.remotes
        ? { remotes: Object.fromEntries(Object.entries(spec.sockets.remotes).map(([state, list]) => [state, withAt(list)])) }
        : {}),
      ...(spec.sockets.keepaliveEstablished !== undefined ? { keepaliveEstablished: spec.sockets.keepaliveEstablished } : {}),
      ...(spec.sockets.closeWaitHolders ? { closeWaitHolders: spec.sockets.closeWaitHolders } : {}),
      ...(spec.sockets.processesShown !== undefined ? { processesShown: spec.sockets.processesShown } : {}),
    };
  }
  return {
    kernel: parseKernelVersion(spec.kernel ?? '6.8')!,
    kernelSource: '--kernel',
    host: spec.memTotalBytes === null ? {} : { memTotalBytes: spec.memTotalBytes ?? 24 * 1024 ** 3 },
    keys,
    configRead: spec.config !== undefined,
    assignments,
    invalidLines: (spec.invalidLines ?? []).map((l) => ({
      file: l.file ?? '/etc/sysctl.d/50-test.conf',
      line: l.line,
      text: l.text,
      reason: l.reason ?? 'no "=" in the line',
    })),
    liveRead: spec.live !== undefined,
    ...(sockets ? { sockets } : {}),
    ...(spec.sockstat ? { sockstat: spec.sockstat } : {}),
    ...(spec.counters ? { counters: new Map(Object.entries(spec.counters)) } : {}),
    ...(spec.countersSince ? { countersSince: spec.countersSince } : {}),
    ...(spec.window ? { counterWindow: windowOf(spec.window, spec.counters ?? {}) } : {}),
    ...(spec.container !== undefined ? { container: { isContainer: spec.container, evidence: 'test' } } : {}),
    ...(spec.kubernetes !== undefined ? { kubernetes: { version: spec.kubernetes, source: '--kubernetes' } } : {}),
    ...(spec.fileOperations ? { fileOperations: spec.fileOperations.map((o) => ({ kind: 'delete' as const, ...o })) } : {}),
    ...(spec.reappliedOverTuned
      ? {
          reappliedOverTuned: new Map(
            spec.reappliedOverTuned.map((l) => [canonicalKey(l.key), lineAssignment(l.key, l.value, l.file, l.line)]),
          ),
        }
      : {}),
    ...(spec.apps ? { apps: spec.apps } : {}),
    ...(spec.fileContents
      ? {
          fileContents: new Map(
            Object.entries(spec.fileContents).map(([path, lines]) => [
              path,
              lines.map((l, i) => lineAssignment(l.key, l.value, l.file, i + 1)),
            ]),
          ),
        }
      : {}),
  };
}

function windowOf(window: NonNullable<FactsSpec['window']>, counters: Record<string, number>): NonNullable<Facts['counterWindow']> {
  const deltas = new Map(Object.keys(counters).map((name) => [name, window.deltas[name] ?? 0]));
  for (const [name, delta] of Object.entries(window.deltas)) deltas.set(name, delta);
  return {
    seconds: window.seconds,
    deltas,
    rates: new Map([...deltas].map(([name, delta]) => [name, delta / window.seconds])),
    ...(window.portsHeldBefore ? { portsHeldBefore: new Map(Object.entries(window.portsHeldBefore)) } : {}),
  };
}
