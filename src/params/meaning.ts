/**
 * "What does this value mean here?" in numbers: seconds until connect() gives up, dead-peer
 * detection time, ports per destination. Used in generated comments, explain and rule messages.
 */
import { atLeast, type KernelVersion } from '../kernel/version.js';
import { defaultFor } from './defaults.js';
import { findParam } from './lookup.js';
import {
  keepaliveDetectionSeconds,
  humanSeconds,
  orphanFinWait2Seconds,
  portCapacity,
  retries2Seconds,
  synackTimeline,
  synTimeline,
} from './timing.js';
import type { HostFacts } from './types.js';

/** Values of other keys, as the kernel prints them, for meanings that combine several keys. */
export type ValueLookup = (key: string) => string | undefined;

function numberOf(lookup: ValueLookup, key: string, kernel: KernelVersion, host: HostFacts): number | undefined {
  const text = lookup(key) ?? (findParam(key) ? defaultFor(findParam(key)!, kernel, host).value : undefined);
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(n) ? n : undefined;
}

function list(values: readonly number[]): string {
  return values.length === 0 ? 'none' : `${values.join(', ')} s`;
}

/** One or more sentences explaining `value` of `key` on `kernel`; empty when there is nothing numeric to say. */
export function valueMeaning(
  key: string,
  value: string,
  kernel: KernelVersion,
  lookup: ValueLookup = () => undefined,
  host: HostFacts = {},
): string[] {
  const n = Number(value.trim().split(/\s+/)[0]);
  switch (key) {
    case 'net.ipv4.tcp_syn_retries': {
      const linear = atLeast(kernel, '6.5') ? (numberOf(lookup, 'net.ipv4.tcp_syn_linear_timeouts', kernel, host) ?? 4) : 0;
      const timeline = synTimeline(n, linear);
      return [
        `connect() to a host that never answers sends SYN retransmissions at ${list(timeline.retransmissionsAt)} and fails at ${timeline.givesUpAt} s` +
          (atLeast(kernel, '6.5') ? ` (6.5+: first ${linear} retransmissions 1 s apart, tcp_syn_linear_timeouts=${linear}).` : '.'),
      ];
    }
    case 'net.ipv4.tcp_synack_retries': {
      const timeline = synackTimeline(n);
      return [
        `A half-open connection gets SYN-ACK retransmissions at ${list(timeline.retransmissionsAt)} and is dropped at ${timeline.givesUpAt} s.`,
      ];
    }
    case 'net.ipv4.tcp_keepalive_time':
    case 'net.ipv4.tcp_keepalive_intvl':
    case 'net.ipv4.tcp_keepalive_probes': {
      const get = (k: string) => (k === key ? n : numberOf(lookup, k, kernel, host));
      const time = get('net.ipv4.tcp_keepalive_time');
      const intvl = get('net.ipv4.tcp_keepalive_intvl');
      const probes = get('net.ipv4.tcp_keepalive_probes');
      if (time === undefined || intvl === undefined || probes === undefined) return [];
      return [
        `A dead peer on an idle SO_KEEPALIVE socket is detected ${humanSeconds(keepaliveDetectionSeconds(time, intvl, probes))} after the last segment ` +
          `(${time} + ${probes} × ${intvl}).`,
      ];
    }
    case 'net.ipv4.tcp_fin_timeout':
      return [
        `An orphaned FIN-WAIT-2 socket lives ~${orphanFinWait2Seconds(n)} s` +
          (n > 60 ? ` (above 60 the lifetime is 2×(${n}−60))` : '') +
          '; TIME-WAIT stays 60 s whatever this is.',
      ];
    case 'net.ipv4.tcp_retries2':
      return [`An established connection with unacknowledged data to a silent peer is given up after ~${retries2Seconds(n)} s.`];
    case 'net.ipv4.ip_local_port_range': {
      const parts = value.trim().split(/\s+/).map(Number);
      if (parts.length < 2) return [];
      const capacity = portCapacity(parts[0]!, parts[1]!);
      const parity = parts[0]! % 2 === parts[1]! % 2 ? ' Low and high have the same parity; connect() prefers different parity.' : '';
      return [
        `${capacity.usablePorts} ports per destination IP:port (before reserved ports): ~${capacity.ratePerDestination} new connections/s per destination ` +
          `when this host closes first (60 s TIME-WAIT).${parity}`,
      ];
    }
    case 'net.ipv4.tcp_tw_reuse':
      return [
        n === 0
          ? 'connect() never takes over TIME-WAIT 4-tuples.'
          : `connect() may take over a TIME-WAIT 4-tuple ~1 s old when timestamps were negotiated${n === 2 ? ', for loopback traffic only' : ''}.`,
      ];
    case 'net.core.somaxconn':
      return [`listen() backlogs are capped at ${n}: an accept queue holds at most ${n + 1} connections.`];
    default:
      return [];
  }
}
