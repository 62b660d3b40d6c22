/**
 * `netstat -nat` output (net-tools, docs/kernel/observing.md#netstat) scanned as bytes, including -p
 * (PID/Program name), -o (Timer), -e (User, Inode) and -W. Rows are "tcp" (IPv4) and "tcp6";
 * udp/raw rows and everything after a non-Internet "Active ..." section (UNIX sockets) are
 * ignored. netstat reads /proc/net/tcp, so a LISTEN row's Recv-Q is the accept queue and the
 * backlog is not shown. A FIN_WAIT2 row whose timer is "timewait (...)" is an orphaned minisock.
 */
import { STATE_CODE, stateCodeOfWord } from '../sockets/states.js';
import type { SocketTally } from '../sockets/tally.js';
import { InputError } from '../util/errors.js';
import { contains, decimalIn, excerpt, isBlank, startsWithBytes } from '../util/bytes.js';
import { EndpointText } from './endpoint-text.js';
import { ipv4Endpoint, ipv4EndpointAt } from './ipv4-text.js';
import { scanLines, sourceName, type ByteSource } from './line-scanner.js';
import { WordSplitter } from './words.js';

const TIMEWAIT = Buffer.from('timewait (');
const TIMER_WORDS = ['off (', 'on (', 'keepalive (', 'timewait ('].map((w) => Buffer.from(w));
const ACTIVE = Buffer.from('Active ');
const ACTIVE_INTERNET = Buffer.from('Active Internet');
const PROTO = Buffer.from('Proto ');

/**
 * netstat prints rows with "%-5s %6ld %6ld %-23s %-23s %-12s": while addresses fit in 23
 * characters, the local address starts at column 20, the foreign one at 44 and the state at 68.
 */
const LOCAL_COLUMN = 20;
const FOREIGN_COLUMN = 44;
const STATE_COLUMN = 68;

export function scanNetstat(source: ByteSource, tally: SocketTally): number {
  const scanner = new NetstatScanner(sourceName(source), tally);
  scanLines(source, (buf, start, end, lineNumber) => {
    if (start === end) return;
    if (!scanner.columns(buf, start, end)) scanner.general(buf, start, end, lineNumber);
  });
  if (scanner.finWait2WithoutTimer) tally.minisocksKnown = false;
  // Keepalive timers are not counted from netstat's Timer column.
  tally.timersKnown = false;
  return scanner.rows;
}

class NetstatScanner {
  rows = 0;
  /** A FIN_WAIT2 row without a Timer column (no -o): orphaned minisocks cannot be told. */
  finWait2WithoutTimer = false;
  private inInternetSection = true;
  private readonly endpoint = new EndpointText();
  private readonly splitter = new WordSplitter(7);

  constructor(
    private readonly file: string,
    private readonly tally: SocketTally,
  ) {}

  /** Fast path for an IPv4 "tcp" row at the standard columns; false sends the line to general(). */
  columns(buf: Buffer, start: number, end: number): boolean {
    const local = start + LOCAL_COLUMN;
    const foreign = start + FOREIGN_COLUMN;
    const state = start + STATE_COLUMN;
    if (
      !this.inInternetSection ||
      state >= end ||
      buf[start] !== 0x74 || // "tcp "
      buf[start + 1] !== 0x63 ||
      buf[start + 2] !== 0x70 ||
      buf[start + 3] !== 0x20 ||
      buf[local - 1] !== 0x20 ||
      buf[foreign - 1] !== 0x20 ||
      buf[state - 1] !== 0x20
    ) {
      return false;
    }
    if (!ipv4EndpointAt(buf, foreign, state - 1)) return false;
    const remote = this.tally.remote;
    remote[0] = 0;
    remote[1] = 0;
    remote[2] = 0;
    remote[3] = ipv4Endpoint.address;
    const remotePort = ipv4Endpoint.port;
    if (!ipv4EndpointAt(buf, local, foreign - 1)) return false;
    let stateEnd = state;
    while (stateEnd < end && !isBlank(buf[stateEnd])) stateEnd++;
    const code = stateCodeOfWord(buf, state, stateEnd);
    if (code <= 0 || code === STATE_CODE.LISTEN) return false;
    this.record(buf, code, 0, ipv4Endpoint.port, remotePort, stateEnd, end);
    return true;
  }

  general(buf: Buffer, start: number, end: number, lineNumber: number): void {
    const first = buf[start];
    if (first === 0x41 && startsWithBytes(buf, start, end, ACTIVE)) {
      this.inInternetSection = startsWithBytes(buf, start, end, ACTIVE_INTERNET);
      return;
    }
    if (!this.inInternetSection || (first === 0x50 && startsWithBytes(buf, start, end, PROTO))) return;
    const count = this.splitter.split(buf, start, end);
    const words = this.splitter.words;
    const protoLength = words[1]! - words[0]!;
    const isTcp = protoLength >= 3 && buf[start] === 0x74 && buf[start + 1] === 0x63 && buf[start + 2] === 0x70; // "tcp"
    if (!isTcp || (protoLength !== 3 && !(protoLength === 4 && buf[start + 3] === 0x36))) {
      if (isBlank(buf[start]) || /^(udp|raw|udpl)/.test(buf.toString('latin1', start, Math.min(end, start + 5)))) return;
      throw this.rowError(buf, start, end, lineNumber, 'rows start with tcp, tcp6, udp or raw');
    }
    if (count < 6) throw this.rowError(buf, start, end, lineNumber, 'expected Recv-Q, Send-Q, local and foreign address, state');
    const family = protoLength === 4 ? 1 : 0;
    const recvQ = decimalIn(buf, words[2]!, words[3]!);
    if (recvQ < 0 || decimalIn(buf, words[4]!, words[5]!) < 0)
      throw this.rowError(buf, start, end, lineNumber, 'Recv-Q and Send-Q must be numbers');
    const code = stateCodeOfWord(buf, words[10]!, words[11]!);
    if (code === 0) throw this.rowError(buf, start, end, lineNumber, `"${excerpt(buf, words[10]!, words[11]!)}" is not a TCP state`);
    if (code < 0) {
      this.tally.skippedRows++;
      return;
    }
    const endpoint = this.endpoint;
    if (!endpoint.parse(buf, words[8]!, words[9]!, this.tally.remote))
      throw this.addressError(buf, start, end, lineNumber, words[8]!, words[9]!);
    const remotePort = endpoint.port;
    if (!endpoint.parse(buf, words[6]!, words[7]!, this.tally.local))
      throw this.addressError(buf, start, end, lineNumber, words[6]!, words[7]!);
    if (code === STATE_CODE.LISTEN) {
      this.tally.count(family, code, endpoint.port, remotePort);
      this.tally.listener(family, endpoint.port, recvQ, -1);
      this.rows++;
      return;
    }
    this.record(buf, code, family, endpoint.port, remotePort, words[11]!, end);
  }

  /** Counts a non-listening socket; the Timer column (-o) of a FIN_WAIT2 row tells an orphaned minisock. */
  private record(buf: Buffer, code: number, family: 0 | 1, localPort: number, remotePort: number, extrasStart: number, end: number): void {
    this.tally.count(family, code, localPort, remotePort);
    if (code === STATE_CODE.FIN_WAIT2) {
      if (contains(buf, extrasStart, end, TIMEWAIT)) this.tally.orphanedFinWait2++;
      else if (!TIMER_WORDS.some((word) => contains(buf, extrasStart, end, word))) this.finWait2WithoutTimer = true;
    }
    this.rows++;
  }

  private addressError(buf: Buffer, start: number, end: number, line: number, from: number, to: number): InputError {
    return this.rowError(
      buf,
      start,
      end,
      line,
      `"${excerpt(buf, from, to)}" is not a numeric address:port (run netstat with -n, and -W if addresses are cut)`,
    );
  }

  private rowError(buf: Buffer, start: number, end: number, line: number, why: string): InputError {
    return new InputError(`not a netstat -nat row (${why}): "${excerpt(buf, start, end)}"`, { file: this.file, line });
  }
}
