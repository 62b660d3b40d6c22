/**
 * What a value means in seconds or connections (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout; docs/kernel/retransmission-timing.md#tcp_syn_retries). Pure functions,
 * shared by explain, generate comments and the rules, so every place quotes the same numbers.
 */

const TCP_RTO_MAX = 120; // s, include/net/tcp.h
const TCP_TIMEWAIT_LEN = 60; // s, compile-time constant

export interface Timeline {
  /** Seconds after the first (SYN / SYN-ACK) transmission at which each retransmission is sent. */
  readonly retransmissionsAt: readonly number[];
  /** Seconds after the first transmission at which the attempt is abandoned. */
  readonly givesUpAt: number;
}

/**
 * tcp_model_timeout(): the elapsed-time bound for `boundary` retries with a 1 s initial RTO,
 * 2^(N+1)-1 s up to N=6, then +120 s per step.
 */
function modelTimeout(boundary: number): number {
  const linearBackoffThreshold = Math.floor(Math.log2(TCP_RTO_MAX / 1)); // 6
  if (boundary <= linearBackoffThreshold) return 2 ** (boundary + 1) - 1;
  return 2 ** (linearBackoffThreshold + 1) - 1 + (boundary - linearBackoffThreshold) * TCP_RTO_MAX;
}

/**
 * connect(): N = tcp_syn_retries, L = tcp_syn_linear_timeouts (0 before 6.5). The first L+1 timer
 * expiries use a 1 s RTO, then it doubles up to 120 s. The attempt fails at the first expiry where
 * retransmissions >= N+L or elapsed >= modelTimeout(N) (net/ipv4/tcp_timer.c, v6.12; docs/kernel/retransmission-timing.md#tcp_syn_retries).
 */
export function synTimeline(synRetries: number, linearTimeouts: number): Timeline {
  const bound = modelTimeout(synRetries);
  const retransmissionsAt: number[] = [];
  let elapsed = 0;
  for (let expiry = 1; ; expiry++) {
    const rto = expiry <= linearTimeouts + 1 ? 1 : Math.min(2 ** (expiry - linearTimeouts - 1), TCP_RTO_MAX);
    elapsed += rto;
    if (retransmissionsAt.length >= synRetries + linearTimeouts || elapsed >= bound) return { retransmissionsAt, givesUpAt: elapsed };
    retransmissionsAt.push(elapsed);
  }
}

/**
 * A listener's half-open connection: SYN-ACK retransmissions at 2^k-1 s (k = 1..M), request dropped
 * at 2^(M+1)-1 s; not affected by tcp_syn_linear_timeouts (net/ipv4/inet_connection_sock.c, v6.12; docs/kernel/retransmission-timing.md#tcp_synack_retries).
 */
export function synackTimeline(synackRetries: number): Timeline {
  const retransmissionsAt: number[] = [];
  let elapsed = 0;
  for (let k = 1; k <= synackRetries; k++) {
    elapsed += Math.min(2 ** (k - 1), TCP_RTO_MAX);
    retransmissionsAt.push(elapsed);
  }
  return { retransmissionsAt, givesUpAt: elapsed + Math.min(2 ** synackRetries, TCP_RTO_MAX) };
}

/** Seconds from the last segment received until keepalive resets the connection (docs/kernel/keepalive.md#detection-time). */
export function keepaliveDetectionSeconds(time: number, interval: number, probes: number): number {
  return time + probes * interval;
}

/**
 * Lifetime of an orphaned FIN-WAIT-2 socket for a tcp_fin_timeout value (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout): the value
 * itself up to 60; above 60, (v-60) s on the keepalive timer plus (v-60) s as a minisock.
 */
export function orphanFinWait2Seconds(finTimeout: number): number {
  return finTimeout <= TCP_TIMEWAIT_LEN ? Math.max(0, finTimeout) : 2 * (finTimeout - TCP_TIMEWAIT_LEN);
}

/** tcp_retries2 as a time bound: Σ_{i=0..N} min(0.2 s·2^i, 120 s) (924.6 s for 15) (ip-sysctl.rst, v6.12). */
export function retries2Seconds(retries: number): number {
  let total = 0;
  for (let i = 0; i <= retries; i++) total += Math.min(0.2 * 2 ** i, TCP_RTO_MAX);
  return Math.round(total * 10) / 10;
}

export interface PortCapacity {
  readonly usablePorts: number;
  /** New connections per second to one destination IP:port when the client closes first (TIME-WAIT 60 s). */
  readonly ratePerDestination: number;
}

/** docs/kernel/ports.md#capacity: usable = high-low+1 minus reserved ports inside; rate ≈ usable / 60 s. */
export function portCapacity(low: number, high: number, reservedInside = 0): PortCapacity {
  const usablePorts = Math.max(0, high - low + 1 - reservedInside);
  return { usablePorts, ratePerDestination: Math.floor(usablePorts / TCP_TIMEWAIT_LEN) };
}

export const TIME_WAIT_SECONDS = TCP_TIMEWAIT_LEN;

/** "7875 s (2 h 11 min 15 s)". */
export function humanSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  const parts = [d ? `${d} d` : '', h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean);
  return `${seconds} s (${parts.join(' ')})`;
}
