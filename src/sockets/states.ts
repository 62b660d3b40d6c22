/**
 * The eleven TCP states a user can see, indexed by the kernel's state code
 * (include/net/tcp_states.h, v6.12), and every spelling the tools print or people type for them.
 */
import type { TcpStateName } from '../snapshot/types.js';

/** Display order: the kernel's code order, which is also netstat's and ss's. */
export const TCP_STATES: readonly TcpStateName[] = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
];

/** Kernel state codes as numbers, for the byte scanners' typed-array indices. */
export const STATE_CODE = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECV: 3,
  FIN_WAIT1: 4,
  FIN_WAIT2: 5,
  TIME_WAIT: 6,
  CLOSE: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
} as const satisfies Record<TcpStateName, number>;

/** Codes 1..11 index state arrays; slot 0 is unused so a code needs no subtraction. */
export const STATE_SLOTS = 12;

/** NEW_SYN_RECV (0x0C) is the request-socket state; /proc prints it as 03 and ss as SYN-RECV. */
export const NEW_SYN_RECV_CODE = 12;

export function stateName(code: number): TcpStateName {
  const name = TCP_STATES[code - 1];
  if (name === undefined) throw new RangeError(`no user-visible TCP state has code ${code}`);
  return name;
}

/**
 * Every spelling, compacted (upper case, "-", "_" and blanks removed) → state code:
 * netstat (TIME_WAIT), ss (TIME-WAIT, ESTAB, UNCONN), ss filters (time-wait, listening,
 * unconnected) and what people write (established, timewait, CLOSED).
 */
const ALIASES: Readonly<Record<string, number>> = {
  ESTABLISHED: 1,
  ESTAB: 1,
  SYNSENT: 2,
  SYNRECV: 3,
  SYNRECEIVED: 3,
  NEWSYNRECV: 3,
  FINWAIT1: 4,
  FINWAIT2: 5,
  TIMEWAIT: 6,
  CLOSE: 7,
  CLOSED: 7,
  UNCONN: 7,
  UNCONNECTED: 7,
  CLOSEWAIT: 8,
  LASTACK: 9,
  LISTEN: 10,
  LISTENING: 10,
  CLOSING: 11,
};

function compact(text: string): string {
  return text.toUpperCase().replace(/[-_\s]/g, '');
}

/** The state a spelling names ("ESTAB", "time-wait", "FIN_WAIT1"), or undefined. */
export function parseStateName(text: string): TcpStateName | undefined {
  const code = ALIASES[compact(text)];
  return code === undefined ? undefined : stateName(code);
}

/** The spellings parseStateName accepts, for error messages. */
export function stateSpellingsHint(): string {
  return 'ESTABLISHED/ESTAB, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT/time-wait, CLOSE/UNCONN, CLOSE_WAIT, LAST_ACK, LISTEN/listening, CLOSING';
}

/**
 * Byte-level state-word recogniser for the dump scanners: a row's state needs no string. The
 * word is compacted on the fly (upper-cased, "-" and "_" skipped) into a 32-bit FNV-1a hash,
 * looked up, and the candidate is then compared byte by byte, so a hash collision can never
 * turn garbage into a state.
 */
interface WordEntry {
  readonly compacted: string;
  readonly code: number;
}
const WORDS = new Map<number, WordEntry[]>();

function upper(byte: number): number {
  return byte >= 0x61 && byte <= 0x7a ? byte - 0x20 : byte;
}

function addWord(compacted: string, code: number): void {
  let hash = 0x811c9dc5;
  for (let i = 0; i < compacted.length; i++) hash = Math.imul(hash ^ compacted.charCodeAt(i), 0x01000193);
  const list = WORDS.get(hash >>> 0) ?? [];
  list.push({ compacted, code });
  WORDS.set(hash >>> 0, list);
}

for (const [alias, code] of Object.entries(ALIASES)) addWord(alias, code);
// ss prints these for sockets outside the eleven states (e.g. 6.x's BOUND_INACTIVE): -1 = "a row we skip".
addWord('UNKNOWN', -1);
addWord('BOUNDINACTIVE', -1);

/** The state code of the word buf[start, end): 1..11, -1 for a row to skip, 0 when it is no state name. */
export function stateCodeOfWord(buf: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    if (byte === 0x2d || byte === 0x5f) continue; // "-" "_"
    hash = Math.imul(hash ^ upper(byte), 0x01000193);
  }
  const candidates = WORDS.get(hash >>> 0);
  if (candidates === undefined) return 0;
  for (const candidate of candidates) if (sameCompacted(buf, start, end, candidate.compacted)) return candidate.code;
  return 0;
}

function sameCompacted(buf: Uint8Array, start: number, end: number, compacted: string): boolean {
  let j = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    if (byte === 0x2d || byte === 0x5f) continue;
    if (j >= compacted.length || upper(byte) !== compacted.charCodeAt(j)) return false;
    j++;
  }
  return j === compacted.length;
}
