/**
 * A finished scan (SocketTally) → SocketSummary: state counts, top-N groupings, destinations
 * with their share of the usable port range, and the fullest listeners. Runs once per scan
 * over the bounded tables, never per row.
 */
import type {
  DestinationUse,
  FamilyCounts,
  Listener,
  LocalPortCount,
  PortRangeFacts,
  RemoteEndpointCount,
  SocketSource,
  SocketSummary,
  TcpStateName,
} from '../snapshot/types.js';
import type { AddressFamily } from '../snapshot/types.js';
import { formatAddress } from './address.js';
import { STATE_CODE, STATE_SLOTS, TCP_STATES, stateName } from './states.js';
import { fullestListeners, IPV4, IPV6, listenerFill, type ListenerRecord, type SocketTally } from './tally.js';

export const DEFAULT_TOP_N = 10;

export interface SummaryOptions {
  readonly topN?: number;
  readonly portRange: PortRangeFacts;
  readonly sources: readonly SocketSource[];
}

export function summariseTally(tally: SocketTally, options: SummaryOptions): SocketSummary {
  const topN = options.topN ?? DEFAULT_TOP_N;
  const byState = {} as Record<TcpStateName, FamilyCounts>;
  let ipv4 = 0;
  let ipv6 = 0;
  for (const name of TCP_STATES) {
    const code = STATE_CODE[name];
    const v4 = tally.stateCounts[IPV4 * STATE_SLOTS + code]!;
    const v6 = tally.stateCounts[IPV6 * STATE_SLOTS + code]!;
    byState[name] = { ipv4: v4, ipv6: v6, total: v4 + v6 };
    ipv4 += v4;
    ipv6 += v6;
  }
  const timeWait = byState.TIME_WAIT.total;
  const remote = groupEndpoints(tally, topN, options.portRange);
  return {
    sources: options.sources,
    total: { ipv4, ipv6, total: ipv4 + ipv6 },
    byState,
    timewaitMinisocks: tally.minisocksKnown ? timeWait + tally.orphanedFinWait2 : null,
    orphanedFinWait2: tally.minisocksKnown ? tally.orphanedFinWait2 : null,
    keepaliveEstablished: tally.timersKnown ? tally.keepaliveEstablished : null,
    skippedRows: tally.skippedRows,
    byRemote: remote.byRemote,
    byLocalPort: topLocalPorts(tally, topN),
    destinations: remote.destinations,
    portRange: options.portRange,
    listeners: fullestListeners(tally.listenerRecords(), topN).map(toListener),
    listenerCount: tally.listenerCount,
    listeningPorts: tally.listeningPortList(),
    listenerSource: 'table',
    topN,
    grouping: { exact: tally.endpoints.exact, maxUndercount: tally.endpoints.maxUndercount, inboundExcluded: tally.inbound },
  };
}

function toListener(record: ListenerRecord): Listener {
  const family: AddressFamily = record.family === IPV4 ? 'ipv4' : 'ipv6';
  return {
    family,
    address: formatAddress(family, [record.w0, record.w1, record.w2, record.w3]),
    ...(record.interface ? { interface: record.interface } : {}),
    port: record.port,
    queue: record.queue,
    backlog: record.backlog,
    fill: listenerFill(record),
  };
}

interface DestinationTotal {
  readonly family: AddressFamily;
  readonly words: readonly number[];
  readonly port: number;
  sockets: number;
  readonly byState: Partial<Record<TcpStateName, number>>;
}

interface EndpointRef {
  readonly family: AddressFamily;
  readonly words: readonly number[];
  readonly port: number;
  readonly count: number;
}

/** Orders endpoints without making their text: family, then address words, then port. */
function compareEndpoints(a: Omit<EndpointRef, 'count'>, b: Omit<EndpointRef, 'count'>): number {
  if (a.family !== b.family) return a.family === 'ipv4' ? -1 : 1;
  for (let w = 0; w < 4; w++) if (a.words[w] !== b.words[w]) return a.words[w]! - b.words[w]!;
  return a.port - b.port;
}

function groupEndpoints(tally: SocketTally, topN: number, portRange: PortRangeFacts) {
  const perState = new Map<TcpStateName, TopList<EndpointRef>>();
  const byCount = (a: EndpointRef, b: EndpointRef) => b.count - a.count || compareEndpoints(a, b);
  // Keyed by family + address + port; the endpoint table is bounded, so this map is too.
  const destinations = new Map<number | string, DestinationTotal>();
  tally.endpoints.forEach((keys, offset, count) => {
    const tail = keys[offset + 4]!;
    const family: AddressFamily = tail >>> 24 === IPV4 ? 'ipv4' : 'ipv6';
    const state = stateName((tail >>> 16) & 0xff);
    const port = tail & 0xffff;
    const words = [keys[offset]!, keys[offset + 1]!, keys[offset + 2]!, keys[offset + 3]!];
    let top = perState.get(state);
    if (!top) perState.set(state, (top = new TopList<EndpointRef>(topN, byCount)));
    if (top.admits(count)) top.add({ family, words, port, count }, count);
    const id = family === 'ipv4' ? words[3]! * 65536 + port : `${words.join(' ')} ${port}`;
    let total = destinations.get(id);
    if (!total) destinations.set(id, (total = { family, words, port, sockets: 0, byState: {} }));
    total.sockets += count;
    total.byState[state] = (total.byState[state] ?? 0) + count;
  });
  const byRemote: Partial<Record<TcpStateName, readonly RemoteEndpointCount[]>> = {};
  for (const name of TCP_STATES) {
    const top = perState.get(name);
    if (top)
      byRemote[name] = top.items.map((e) => ({
        family: e.family,
        address: formatAddress(e.family, e.words),
        port: e.port,
        count: e.count,
      }));
  }
  const topDestinations = new TopList<DestinationTotal>(topN, (a, b) => b.sockets - a.sockets || compareEndpoints(a, b));
  for (const total of destinations.values()) if (topDestinations.admits(total.sockets)) topDestinations.add(total, total.sockets);
  const top: DestinationUse[] = topDestinations.items.map((d) => ({
    family: d.family,
    address: formatAddress(d.family, d.words),
    port: d.port,
    sockets: d.sockets,
    byState: orderedStates(d.byState),
    shareOfUsablePorts: portRange.usable > 0 ? d.sockets / portRange.usable : 0,
  }));
  return { byRemote, destinations: top };
}

function orderedStates(byState: Partial<Record<TcpStateName, number>>): Partial<Record<TcpStateName, number>> {
  const ordered: Partial<Record<TcpStateName, number>> = {};
  for (const name of TCP_STATES) if (byState[name] !== undefined) ordered[name] = byState[name];
  return ordered;
}

/**
 * The busiest local ports per state, from the (state, port) slots that were counted, in no
 * particular order (TopList breaks ties by port). This runs once, in code not yet optimised,
 * over ~10⁵ slots for a large table: a slot below its state's current floor costs three
 * typed-array loads and no call.
 */
function topLocalPorts(tally: SocketTally, topN: number): Partial<Record<TcpStateName, readonly LocalPortCount[]>> {
  const byCode: (TopList<LocalPortCount> | undefined)[] = [];
  // The lowest count in a state's full list; 0 while it has room.
  const floors = new Uint32Array(STATE_SLOTS);
  const order = (a: LocalPortCount, b: LocalPortCount) => b.count - a.count || a.port - b.port;
  const counts = tally.localPorts;
  const seen = tally.localPortsSeen;
  for (let i = 0; i < tally.localPortsSeenCount; i++) {
    const index = seen[i]!; // code × 65536 + port
    const count = counts[index]!;
    const code = index >>> 16;
    if (count < floors[code]!) continue;
    let top = byCode[code];
    if (top === undefined) byCode[code] = top = new TopList<LocalPortCount>(topN, order);
    top.add({ port: index & 0xffff, count }, count);
    if (top.full) floors[code] = top.lowestCount;
  }
  const result: Partial<Record<TcpStateName, readonly LocalPortCount[]>> = {};
  for (const name of TCP_STATES) {
    const top = byCode[STATE_CODE[name]];
    if (top !== undefined && top.items.length > 0) result[name] = top.items;
  }
  return result;
}

/** The best `limit` items by a count, kept sorted by insertion: O(limit) per admitted item, no full sort. */
class TopList<T> {
  readonly items: T[] = [];
  private readonly counts: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly order: (a: T, b: T) => number,
  ) {}

  get full(): boolean {
    return this.items.length >= this.limit;
  }

  get lowestCount(): number {
    return this.counts[this.counts.length - 1] ?? 0;
  }

  /** Cheap pre-check: could an item with this count enter the list? */
  admits(count: number): boolean {
    return this.items.length < this.limit || count >= this.counts[this.counts.length - 1]!;
  }

  add(item: T, count: number): void {
    let at = this.items.length;
    while (at > 0 && this.order(item, this.items[at - 1]!) < 0) at--;
    if (at >= this.limit) return;
    this.items.splice(at, 0, item);
    this.counts.splice(at, 0, count);
    if (this.items.length > this.limit) {
      this.items.pop();
      this.counts.pop();
    }
  }
}
