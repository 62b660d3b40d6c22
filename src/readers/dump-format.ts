/**
 * Which tool printed a pasted dump, from its first lines. Each format has a signature line
 * (a header, or the shape of a row when headers were left out); the first non-blank line
 * decides, except that the ss "state filter" layout needs a second look (no State column).
 */
import type { SocketDumpFormat } from '../snapshot/types.js';
import { parseStateName } from '../sockets/states.js';
import type { SsLayout } from './ss.js';

/** Every dump kind the readers know. */
export type DumpKind = SocketDumpFormat | 'sysctl' | 'proc-net-netstat';

export type DetectedFormat =
  | { readonly kind: 'proc-net-tcp' }
  | { readonly kind: 'ss'; readonly layout: SsLayout }
  | { readonly kind: 'netstat' }
  | { readonly kind: 'sysctl' }
  | { readonly kind: 'proc-net-netstat' };

export interface Undetected {
  readonly kind: 'unknown';
  /** 1-based line number of the line that fit no format (0 for empty input). */
  readonly line: number;
  readonly text: string;
}

const PROC_HEADER = /^\s*sl\s+local_address\s/;
const PROC_ROW = /^\s*\d+: [0-9A-Fa-f]{8}(?:[0-9A-Fa-f]{24})?:[0-9A-Fa-f]{4} /;
const SS_HEADER = /^(Netid\s+)?State\s+Recv-Q\s+Send-Q\s/;
const SS_FILTERED_HEADER = /^Recv-Q\s+Send-Q\s+Local Address:Port\b/;
const NETSTAT_HEADER = /^(Active (Internet|UNIX|Bluetooth) |Proto\s+Recv-Q\s)/;
const NETSTAT_ROW = /^(tcp6?|udp6?|udpl6?|raw6?)\s+\d+\s+\d+\s+\S+\s+\S+/;
const SS_NETID_ROW = /^(tcp|udp|raw|u_str|u_dgr|u_seq|p_raw|p_dgr|nl|mptcp|sctp|tipc|v_str|v_dgr|xdp)\s+(\S+)\s+\d+\s+\d+\s+\S+\s+\S+/;
const SS_STATE_ROW = /^(\S+)\s+\d+\s+\d+\s+\S+:\S+\s+\S+:\S+/;
const SS_FILTERED_ROW = /^\d+\s+\d+\s+\S+:\S+\s+\S+:\S+/;
const SYSCTL_LINE = /^([A-Za-z0-9_][A-Za-z0-9_./:@%+-]*\s=(\s|$)|sysctl: )/;
const PROC_NETSTAT = /^(TcpExt|IpExt|MPTcpExt):\s/;

/** Detects the format of `head` (the first KB of the input). */
export function detectDumpFormat(head: string): DetectedFormat | Undetected {
  const lines = head.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (PROC_HEADER.test(line) || PROC_ROW.test(line)) return { kind: 'proc-net-tcp' };
    const ssHeader = SS_HEADER.exec(line);
    if (ssHeader) return { kind: 'ss', layout: { netid: ssHeader[1] !== undefined, state: true } };
    if (SS_FILTERED_HEADER.test(line)) return { kind: 'ss', layout: { netid: false, state: false } };
    if (NETSTAT_HEADER.test(line)) return { kind: 'netstat' };
    const netid = SS_NETID_ROW.exec(line);
    if (netid && parseStateName(netid[2]!) !== undefined) return { kind: 'ss', layout: { netid: true, state: true } };
    if (NETSTAT_ROW.test(line)) return { kind: 'netstat' };
    const ssRow = SS_STATE_ROW.exec(line);
    if (ssRow && (parseStateName(ssRow[1]!) !== undefined || ssRow[1] === 'UNKNOWN'))
      return { kind: 'ss', layout: { netid: false, state: true } };
    if (SS_FILTERED_ROW.test(line)) return { kind: 'ss', layout: { netid: false, state: false } };
    if (PROC_NETSTAT.test(line)) return { kind: 'proc-net-netstat' };
    if (SYSCTL_LINE.test(line)) return { kind: 'sysctl' };
    return { kind: 'unknown', line: i + 1, text: line.length > 80 ? `${line.slice(0, 77)}...` : line };
  }
  return { kind: 'unknown', line: 0, text: '' };
}

/** Human names, for "tried ..." messages. */
export const FORMAT_NAMES: Readonly<Record<DumpKind, string>> = {
  ss: 'ss -tan',
  netstat: 'netstat -nat',
  'proc-net-tcp': '/proc/net/tcp',
  sysctl: 'sysctl -a',
  'proc-net-netstat': '/proc/net/netstat',
};
