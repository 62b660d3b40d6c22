/**
 * The running totals a socket-table scan feeds: state counts per family, per-local-port counts
 * per state and per-remote-endpoint counts per state. All of it lives in typed arrays of a
 * fixed size (the endpoint table is bounded, see EndpointCounter), so memory does not grow
 * with the number of rows. Listeners are few and keep one small object each (bounded too).
 */
import { EndpointCounter } from './endpoint-counter.js';
import { STATE_CODE, STATE_SLOTS } from './states.js';

export const IPV4 = 0;
export const IPV6 = 1;
export type FamilyIndex = typeof IPV4 | typeof IPV6;

const PORTS = 65536;
const LISTEN = STATE_CODE.LISTEN;
// Listeners kept for the report; a host with more is unusual, and the fullest are kept.
const LISTENER_CAP = 1024;

/** A listener as scanned: address words, not text (text is made for the few that are reported). */
export interface ListenerRecord {
  readonly family: FamilyIndex;
  readonly w0: number;
  readonly w1: number;
  readonly w2: number;
  readonly w3: number;
  readonly interface: string | undefined;
  readonly port: number;
  readonly queue: number;
  readonly backlog: number | null;
}

/** The port arrays of a released tally, zeroed, for the next one (SocketTally.release). */
const spareArrays: { readonly localPorts: Uint32Array; readonly localPortsSeen: Uint32Array }[] = [];

export class SocketTally {
  /** counts[family * STATE_SLOTS + code] */
  readonly stateCounts = new Float64Array(2 * STATE_SLOTS);
  /** localPorts[code * 65536 + port], both families. */
  readonly localPorts: Uint32Array;
  /**
   * Every localPorts index that is not zero, in the order first seen (localPortsSeen[0 ..
   * localPortsSeenCount)): the summary ranks these instead of sweeping all 720,896 slots, most
   * of them zero, in code that has not been optimised yet. One slot per index, so it cannot
   * overflow and its memory is as flat as localPorts'.
   */
  readonly localPortsSeen: Uint32Array;
  localPortsSeenCount = 0;
  readonly endpoints: EndpointCounter;
  /** 1 for every port a LISTEN row was seen on. */
  private readonly listeningPorts = new Uint8Array(PORTS);
  /** Sockets on a listening port, left out of the per-endpoint grouping. */
  inbound = 0;
  /**
   * Remote address words for the next count(): [0..2] zero and [3] the address for IPv4,
   * [0..3] for IPv6, network order. Scanners write here directly.
   */
  readonly remote = new Uint32Array(4);
  /** Local address words for the next listener(), same layout. */
  readonly local = new Uint32Array(4);
  private listeners: ListenerRecord[] = [];
  listenerCount = 0;
  orphanedFinWait2 = 0;
  /** Stays true while every source row said whether it is a timewait minisock. */
  minisocksKnown = true;
  /**
   * ESTABLISHED sockets whose pending timer is the keepalive timer ("tr" 2 in /proc/net/tcp,
   * timer:(keepalive,...) in ss -o): they set SO_KEEPALIVE. One with data in flight shows the
   * retransmit timer instead, so this is a lower bound (docs/kernel/observing.md#socket-table).
   */
  keepaliveEstablished = 0;
  /** False when the source shows no timers (ss without -o, netstat without -o). */
  timersKnown = true;
  skippedRows = 0;

  constructor(maxEndpoints?: number) {
    const spare = spareArrays.pop();
    this.localPorts = spare?.localPorts ?? new Uint32Array(STATE_SLOTS * PORTS);
    this.localPortsSeen = spare?.localPortsSeen ?? new Uint32Array(STATE_SLOTS * PORTS);
    this.endpoints = new EndpointCounter(maxEndpoints);
  }

  /**
   * Hands the two port arrays (5.8 MB) to the next tally, the counts this one made set back to 0:
   * a run over many hosts (fleet) allocates them once. The tally is not used after this.
   */
  release(): void {
    for (let i = 0; i < this.localPortsSeenCount; i++) this.localPorts[this.localPortsSeen[i]!] = 0;
    this.localPortsSeenCount = 0;
    if (spareArrays.length === 0) spareArrays.push({ localPorts: this.localPorts, localPortsSeen: this.localPortsSeen });
  }

  /**
   * One socket; the remote address is in `remote`. Only outbound sockets are grouped by remote
   * endpoint: a socket on a listening port was accepted from a client whose own port makes
   * every remote address:port distinct, and it holds no ephemeral port of ours. The kernel
   * lists listeners first (tcp_seq: listening hash, then established hash; ss the same), so
   * their ports are known by the time connections come.
   */
  count(family: FamilyIndex, code: number, localPort: number, remotePort: number): void {
    this.stateCounts[family * STATE_SLOTS + code]!++;
    this.countLocalPort(code, localPort);
    if (code === LISTEN) {
      this.listeningPorts[localPort] = 1;
      return; // a listener's remote is *:*
    }
    if (this.listeningPorts[localPort] !== 0) {
      this.inbound++;
      return;
    }
    const remote = this.remote;
    this.endpoints.incrementWords(remote[0]!, remote[1]!, remote[2]!, remote[3]!, remotePort | (code << 16) | (family << 24));
  }

  /**
   * count() for an IPv4 socket that is not a listener, its remote address given as a number:
   * the /proc/net/tcp fast path, with nothing passed through `remote`.
   */
  countIpv4(code: number, localPort: number, address: number, remotePort: number): void {
    this.stateCounts[IPV4 * STATE_SLOTS + code]!++;
    this.countLocalPort(code, localPort);
    if (this.listeningPorts[localPort] !== 0) {
      this.inbound++;
      return;
    }
    this.endpoints.incrementWords(0, 0, 0, address, remotePort | (code << 16) | (IPV4 << 24));
  }

  private countLocalPort(code: number, localPort: number): void {
    const index = code * PORTS + localPort;
    if (this.localPorts[index]!++ === 0) this.localPortsSeen[this.localPortsSeenCount++] = index;
  }

  /** A listener; its address is in `local`. backlog -1 = unknown. */
  listener(family: FamilyIndex, port: number, queue: number, backlog: number, iface?: string): void {
    this.listenerCount++;
    const local = this.local;
    this.listeners.push({
      family,
      w0: local[0]!,
      w1: local[1]!,
      w2: local[2]!,
      w3: local[3]!,
      interface: iface,
      port,
      queue,
      backlog: backlog < 0 ? null : backlog,
    });
    if (this.listeners.length >= 2 * LISTENER_CAP) this.listeners = fullestListeners(this.listeners, LISTENER_CAP);
  }

  listenerRecords(): readonly ListenerRecord[] {
    return this.listeners;
  }

  /** Every port a LISTEN row was seen on, ascending. */
  listeningPortList(): number[] {
    const ports: number[] = [];
    for (let port = 0; port < PORTS; port++) if (this.listeningPorts[port] !== 0) ports.push(port);
    return ports;
  }
}

/**
 * queue / backlog, or null when the backlog is unknown. The queue is full above the backlog
 * (listen(2) backlog 2 holds 3), so fill > 1 means full; a backlog of 0 counts as 1.
 */
export function listenerFill(listener: Pick<ListenerRecord, 'queue' | 'backlog'>): number | null {
  if (listener.backlog === null) return null;
  return listener.queue / Math.max(listener.backlog, 1);
}

export function fullestListeners<T extends ListenerRecord>(listeners: readonly T[], limit: number): T[] {
  return [...listeners]
    .sort(
      (a, b) =>
        (listenerFill(b) ?? -1) - (listenerFill(a) ?? -1) ||
        b.queue - a.queue ||
        a.port - b.port ||
        a.family - b.family ||
        a.w0 - b.w0 ||
        a.w1 - b.w1 ||
        a.w2 - b.w2 ||
        a.w3 - b.w3,
    )
    .slice(0, limit);
}
