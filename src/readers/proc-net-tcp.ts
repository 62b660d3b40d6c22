/**
 * /proc/net/tcp and /proc/net/tcp6 (or copies of them) scanned as bytes. Every field we need
 * sits at a fixed offset from the "sl:" colon (docs/kernel/observing.md#socket-table):
 *
 *   "  12: 0100007F:1F90 0100007F:88DC 01 00000000:00000000 00:00000000 ..."
 *          local         remote        st tx_queue rx_queue tr tm->when
 *
 * IPv6 rows have 32-digit addresses. The state is two hex digits, the remote address:port is
 * read into words for the endpoint table, LISTEN rows give the accept queue (rx_queue), and a
 * FIN_WAIT2 row with timer 3 is an orphaned minisock (counted by sockstat tw).
 */
import type { SocketTally } from '../sockets/tally.js';
import { IPV4, IPV6 } from '../sockets/tally.js';
import { NEW_SYN_RECV_CODE, STATE_CODE } from '../sockets/states.js';
import { InputError } from '../util/errors.js';
import { COLON, excerpt, HEX_PAIR, hex2At, hex4At, hexAt, isBlank, NEWLINE, procAddressWordAt, SPACE } from '../util/bytes.js';
import { forEachChunk, sourceName, trimCr, type ByteSource } from './line-scanner.js';

const TIMER_TIME_WAIT = 3; // "tr" 03: a timewait minisock (net/ipv4/tcp_ipv4.c get_timewait4_sock(), v6.12)
const TIMER_KEEPALIVE = 2; // "tr" 02: the keepalive timer (SO_KEEPALIVE) of a full socket (net/ipv4/tcp_ipv4.c get_tcp4_sock(), v6.12)

/**
 * The kernel pads every IPv4 line, header included, to 149 characters + "\n" (seq_setwidth /
 * seq_pad with TMPSZ 150 in tcp4_seq_show). When the header has that width the file is the
 * kernel's own text, so the next newline is first looked for 150 bytes on; any other file
 * (tcp6, edited copies) is split with indexOf.
 */
const KERNEL_IPV4_LINE = 150;

/**
 * Counts every row of one table into `tally`; returns the number of socket rows.
 * `generalOnly` turns the fast path off (tests compare the two paths with it).
 */
export function scanProcNetTcp(source: ByteSource, tally: SocketTally, options: { generalOnly?: boolean } = {}): number {
  const file = sourceName(source);
  const scanner = new RowScanner(file, tally);
  let lineNumber = 0;
  let stride = 0;
  let fastRows = 0;
  // Where the previous IPv4 row had its "N:" colon: "%4d:" keeps it in place for thousands of rows.
  let colonOffset = -1;
  let view: DataView | undefined;
  forEachChunk(source, (buf, end) => {
    if (view === undefined || view.buffer !== buf.buffer || view.byteOffset !== buf.byteOffset || view.byteLength !== buf.length) {
      view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    const data = view;
    const lines = buf.subarray(0, end);
    let start = 0;
    while (start < end) {
      if (stride !== 0 && colonOffset > 0) {
        // The kernel's own file: nearly every row is taken here, 150 bytes at a time.
        const stop = scanKernelRows(buf, data, start, end, colonOffset, tally);
        const rows = (stop - start) / KERNEL_IPV4_LINE;
        lineNumber += rows;
        fastRows += rows;
        start = stop;
        if (start >= end) break;
      }
      // A padded kernel line ends in spaces; an unpadded one (an edited copy) ends in a digit,
      // so a newline 150 bytes on that belongs to some later line is not taken for this one's.
      let newline = start + stride - 1;
      if (stride === 0 || newline >= end || buf[newline] !== NEWLINE || buf[newline - 1] !== SPACE) {
        newline = lines.indexOf(NEWLINE, start);
        if (newline === -1) newline = end;
      }
      lineNumber++;
      // An IPv4 row of an unpadded copy can still take the fast path.
      if (colonOffset > 0 && start + colonOffset + 62 <= newline && countKernelIpv4Row(buf, data, start + colonOffset, tally)) {
        fastRows++;
        start = newline + 1;
        continue;
      }
      // Anything else (headers, IPv6, a wider row number, a listener, a malformed row) goes to
      // the general scanner, which also produces the error messages.
      const lineEnd = trimCr(buf, start, newline);
      if (lineNumber === 1 && lineEnd - start === KERNEL_IPV4_LINE - 1 && isHeader(buf, start, lineEnd)) stride = KERNEL_IPV4_LINE;
      const colonAt = scanner.row(buf, start, lineEnd, lineNumber);
      colonOffset = options.generalOnly ? -1 : colonAt;
      start = newline + 1;
    }
    return end;
  });
  return scanner.rows + fastRows;
}

/**
 * Counts the rows from `start` on while each is a 150-byte kernel line that
 * countKernelIpv4Row takes; returns where the first other row begins. Kept small and on its
 * own: it is the loop a cold run needs optimised first.
 */
function scanKernelRows(buf: Buffer, data: DataView, start: number, end: number, colonOffset: number, tally: SocketTally): number {
  // The row's fields end 62 bytes after its colon (see countKernelIpv4Row): they must lie in the line.
  if (colonOffset + 62 > KERNEL_IPV4_LINE - 1) return start;
  let row = start;
  while (
    row + KERNEL_IPV4_LINE <= end &&
    buf[row + KERNEL_IPV4_LINE - 1] === NEWLINE &&
    buf[row + KERNEL_IPV4_LINE - 2] === SPACE &&
    countKernelIpv4Row(buf, data, row + colonOffset, tally)
  ) {
    row += KERNEL_IPV4_LINE;
  }
  return row;
}

/**
 * Fast path: an IPv4 row laid out exactly as tcp4_seq_show prints it, its "N:" colon at
 * `colon` and at least 62 bytes of line after it, read with 16/32-bit loads and the hex-pair
 * table. Counts it and returns true; returns false, counting nothing, for any row the general
 * scanner must look at (it takes listeners too, for their queue and address).
 */
function countKernelIpv4Row(buf: Buffer, data: DataView, colon: number, tally: SocketTally): boolean {
  const at = colon + 2;
  if (
    buf[colon] !== COLON ||
    buf[colon + 1] !== SPACE ||
    buf[colon - 1]! < 0x30 ||
    buf[colon - 1]! > 0x39 ||
    buf[at + 8] !== COLON ||
    buf[at + 13] !== SPACE ||
    buf[at + 22] !== COLON ||
    buf[at + 27] !== SPACE ||
    buf[at + 30] !== SPACE ||
    buf[at + 39] !== COLON ||
    buf[at + 51] !== COLON
  ) {
    return false;
  }
  const localRaw = data.getUint32(at + 9);
  const addressHigh = data.getUint32(at + 14);
  const addressLow = data.getUint32(at + 18);
  const portRaw = data.getUint32(at + 23);
  // "%08X" of a little-endian word: the last digit pair is the first address byte.
  const b0 = HEX_PAIR[addressLow & 0xffff]!;
  const b1 = HEX_PAIR[addressLow >>> 16]!;
  const b2 = HEX_PAIR[addressHigh & 0xffff]!;
  const b3 = HEX_PAIR[addressHigh >>> 16]!;
  const localPort = (HEX_PAIR[localRaw >>> 16]! << 8) | HEX_PAIR[localRaw & 0xffff]!;
  const remotePort = (HEX_PAIR[portRaw >>> 16]! << 8) | HEX_PAIR[portRaw & 0xffff]!;
  let code = HEX_PAIR[data.getUint16(at + 28)]!;
  if (code === NEW_SYN_RECV_CODE) code = STATE_CODE.SYN_RECV;
  if ((b0 | b1 | b2 | b3 | localPort | remotePort) < 0 || code < 1 || code > 11 || code === STATE_CODE.LISTEN) return false;
  tally.countIpv4(code, localPort, ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0, remotePort);
  if (code === STATE_CODE.FIN_WAIT2 && HEX_PAIR[data.getUint16(at + 49)] === TIMER_TIME_WAIT) tally.orphanedFinWait2++;
  else if (code === STATE_CODE.ESTABLISHED && HEX_PAIR[data.getUint16(at + 49)] === TIMER_KEEPALIVE) tally.keepaliveEstablished++;
  return true;
}

function isHeader(buf: Buffer, start: number, end: number): boolean {
  let i = start;
  while (i < end && buf[i] === SPACE) i++;
  return i + 2 < end && buf[i] === 0x73 && buf[i + 1] === 0x6c && isBlank(buf[i + 2]); // "sl"
}

class RowScanner {
  rows = 0;
  private readonly remote: Uint32Array;
  private readonly local: Uint32Array;

  constructor(
    private readonly file: string,
    private readonly tally: SocketTally,
  ) {
    this.remote = tally.remote;
    this.local = tally.local;
  }

  /** Scans one line; returns the offset of its "N:" colon when it is an IPv4 row (the fast path's hint), else -1. */
  row(buf: Buffer, start: number, end: number, lineNumber: number): number {
    // "%4d: ": the colon follows the row number, right-aligned in 4 columns, wider past 9999.
    // Every look stays before `end`: past it lie the next line, or, in a file's chunk buffer,
    // stale bytes of an earlier chunk that must never be read as this row's fields.
    let i = start;
    while (i < end && buf[i] === SPACE) i++;
    const digitsStart = i;
    while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
    if (i >= end || buf[i] !== COLON || i === digitsStart) {
      if (i >= end && i === digitsStart) return -1; // blank line
      // A header (a copy may concatenate tcp and tcp6, so one can appear anywhere).
      if (i === digitsStart && i + 2 < end && buf[i] === 0x73 && buf[i + 1] === 0x6c && isBlank(buf[i + 2])) return -1;
      throw this.notARow(buf, start, end, lineNumber, 'no "N:" row number');
    }
    const at = i + 2;
    let addressDigits: number;
    if (at + 13 < end && buf[at + 8] === COLON && buf[at + 13] === SPACE) addressDigits = 8;
    else if (at + 37 < end && buf[at + 32] === COLON && buf[at + 37] === SPACE) addressDigits = 32;
    else throw this.notARow(buf, start, end, lineNumber, 'the local address is not HEX:PORT');
    const fieldWidth = addressDigits + 5;
    const remoteAt = at + fieldWidth + 1;
    const stateAt = remoteAt + fieldWidth + 1;
    if (
      stateAt + 32 > end ||
      buf[i + 1] !== SPACE ||
      buf[remoteAt + addressDigits] !== COLON ||
      buf[stateAt - 1] !== SPACE ||
      buf[stateAt + 2] !== SPACE ||
      buf[stateAt + 11] !== COLON ||
      buf[stateAt + 23] !== COLON
    ) {
      throw this.notARow(buf, start, end, lineNumber, 'fields are not at the columns the kernel prints');
    }
    let code = hex2At(buf, stateAt);
    if (code === NEW_SYN_RECV_CODE) code = STATE_CODE.SYN_RECV;
    if (code < 1 || code > 11) {
      throw this.notARow(buf, start, end, lineNumber, `state ${excerpt(buf, stateAt, stateAt + 2)} is not a TCP state code (01..0B)`);
    }
    const localPort = hex4At(buf, at + addressDigits + 1);
    const remotePort = hex4At(buf, remoteAt + addressDigits + 1);
    const family = addressDigits === 8 ? IPV4 : IPV6;
    if (!readAddress(buf, remoteAt, addressDigits, this.remote) || localPort < 0 || remotePort < 0) {
      throw this.notARow(buf, start, end, lineNumber, 'an address or port is not hexadecimal');
    }
    this.tally.count(family, code, localPort, remotePort);
    if (code === STATE_CODE.LISTEN) {
      const queue = hexAt(buf, stateAt + 12, 8);
      if (queue < 0 || !readAddress(buf, at, addressDigits, this.local)) {
        throw this.notARow(buf, start, end, lineNumber, 'rx_queue is not hexadecimal');
      }
      this.tally.listener(family, localPort, queue, -1);
    } else if (code === STATE_CODE.FIN_WAIT2 && hex2At(buf, stateAt + 21) === TIMER_TIME_WAIT) {
      this.tally.orphanedFinWait2++;
    } else if (code === STATE_CODE.ESTABLISHED && hex2At(buf, stateAt + 21) === TIMER_KEEPALIVE) {
      this.tally.keepaliveEstablished++;
    }
    this.rows++;
    return addressDigits === 8 ? i - start : -1;
  }

  private notARow(buf: Buffer, start: number, end: number, line: number, why: string): InputError {
    return new InputError(`not a /proc/net/tcp row (${why}): "${excerpt(buf, start, end)}"`, { file: this.file, line });
  }
}

/** Address words (network order, IPv4 in the last word) into out[0..3]; false on a bad digit. */
function readAddress(buf: Buffer, at: number, digits: number, out: Uint32Array): boolean {
  if (digits === 8) {
    const word = procAddressWordAt(buf, at);
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = word;
    return word >= 0;
  }
  for (let w = 0; w < 4; w++) {
    const word = procAddressWordAt(buf, at + 8 * w);
    if (word < 0) return false;
    out[w] = word;
  }
  return true;
}
