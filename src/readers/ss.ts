/**
 * `ss -tan` output (iproute2, docs/kernel/observing.md#ss) scanned as bytes. Understood variants:
 * - with or without the header (-H), with a leading Netid column (ss -an / -tuan: non-tcp rows
 *   are ignored), and without the State column (`ss -tan state time-wait`: the caller says
 *   which state with `state`);
 * - extras after the peer (-p users:(...), -o timer:(...), -e uid/ino/sk, -i/-m continuation
 *   lines, which start with a tab);
 * - addresses as in endpoint-text.ts.
 * LISTEN rows carry the accept queue in Recv-Q and the backlog in Send-Q (net/ipv4/tcp_diag.c, v6.12).
 * A FIN-WAIT-2 row with timer:(timewait,...) is an orphaned minisock (needs -o to be visible).
 */
import type { TcpStateName } from '../snapshot/types.js';
import { STATE_CODE } from '../sockets/states.js';
import { stateCodeOfWord } from '../sockets/states.js';
import type { SocketTally } from '../sockets/tally.js';
import { InputError } from '../util/errors.js';
import { COLON, contains, decimalIn, excerpt, isBlank, startsWithBytes } from '../util/bytes.js';
import { EndpointText } from './endpoint-text.js';
import { scanLines, sourceName, type ByteSource } from './line-scanner.js';
import { ipv4Before, portAfter } from './ipv4-text.js';
import { WordSplitter } from './words.js';

export interface SsLayout {
  /** A leading Netid column ("tcp", "udp", ...). */
  readonly netid: boolean;
  /** A State column; false for `ss ... state X` output. */
  readonly state: boolean;
}

const TIMER_TIMEWAIT = Buffer.from('timer:(timewait');
const TIMER_ANY = Buffer.from('timer:(');
const TIMER_KEEPALIVE = Buffer.from('timer:(keepalive');
const TCP = Buffer.from('tcp');

/**
 * Counts the rows of an ss dump into `tally`. `fixedState` is the state of every row when the
 * dump has no State column. Returns the number of socket rows counted.
 */
export function scanSs(source: ByteSource, tally: SocketTally, layout: SsLayout, fixedState?: TcpStateName): number {
  const file = sourceName(source);
  if (!layout.state && fixedState === undefined) {
    throw new InputError('ss output without a State column (from "ss ... state X"): say which state its rows are in with --state X', {
      file,
    });
  }
  const scanner = new SsScanner(file, tally, layout, fixedState === undefined ? 0 : STATE_CODE[fixedState]);
  scanLines(source, (buf, start, end, lineNumber) => {
    if (start === end || isBlank(buf[start])) return; // blank, or a -i/-m continuation line
    if (!scanner.aligned(buf, start, end)) scanner.general(buf, start, end, lineNumber);
  });
  // Without -o nothing tells an orphaned FIN-WAIT-2 minisock from a full socket.
  if (scanner.finWait2Rows > 0 && !scanner.sawTimer) tally.minisocksKnown = false;
  // Without -o no row shows a timer, and an idle socket without SO_KEEPALIVE shows none either.
  if (!scanner.sawTimer) tally.timersKnown = false;
  return scanner.rows;
}

class SsScanner {
  rows = 0;
  finWait2Rows = 0;
  sawTimer = false;
  private readonly endpoint = new EndpointText();
  private readonly splitter = new WordSplitter(6);
  /**
   * Offsets (from the line start) of the colons before the local and peer ports. iproute2
   * >= 4.x aligns every column over the whole output (addresses right-aligned, ports left), so
   * once one row has shown them, later rows are read around them without splitting the line.
   */
  private localColon = -1;
  private peerColon = -1;

  constructor(
    private readonly file: string,
    private readonly tally: SocketTally,
    private readonly layout: SsLayout,
    private readonly fixedCode: number,
  ) {}

  /** The fast path; false sends the line to general() (headers, listeners, anything unaligned). */
  aligned(buf: Buffer, start: number, end: number): boolean {
    if (this.localColon < 0) return false;
    const localColon = start + this.localColon;
    const peerColon = start + this.peerColon;
    if (peerColon >= end || buf[localColon] !== COLON || buf[peerColon] !== COLON) return false;
    let i = start;
    if (this.layout.netid) {
      if (buf[i] !== 0x74 || buf[i + 1] !== 0x63 || buf[i + 2] !== 0x70 || !isBlank(buf[i + 3])) return false; // "tcp "
      i += 3;
      while (isBlank(buf[i])) i++;
    }
    let code = this.fixedCode;
    if (this.layout.state) {
      const stateStart = i;
      while (i < localColon && !isBlank(buf[i])) i++;
      code = stateCodeOfWord(buf, stateStart, i);
      if (code <= 0 || code === STATE_CODE.LISTEN) return false;
    }
    const tally = this.tally;
    // Plain IPv4 endpoints (the bulk of any dump) are read in one pass each: the port forward
    // from the colon, the address backward from it. Anything else ([v6], %iface, *) goes through
    // EndpointText.
    const localPort = portAfter(buf, localColon, peerColon);
    const remotePort = portAfter(buf, peerColon, end);
    const localAddress = localPort < 0 ? -1 : ipv4Before(buf, localColon, i);
    const remoteAddress = remotePort < 0 ? -1 : ipv4Before(buf, peerColon, localColon + 1);
    if (localAddress >= 0 && remoteAddress >= 0) {
      const remote = tally.remote;
      remote[0] = 0;
      remote[1] = 0;
      remote[2] = 0;
      remote[3] = remoteAddress;
      this.record(buf, code, 0, localPort, remotePort, peerColon, end);
      return true;
    }
    let localStart = localColon - 1;
    while (localStart > i && !isBlank(buf[localStart])) localStart--;
    let localEnd = localColon + 1;
    while (localEnd < peerColon && !isBlank(buf[localEnd])) localEnd++;
    let peerStart = peerColon - 1;
    while (peerStart > localEnd && !isBlank(buf[peerStart])) peerStart--;
    let peerEnd = peerColon + 1;
    while (peerEnd < end && !isBlank(buf[peerEnd])) peerEnd++;
    if (localStart <= i || peerStart <= localEnd) return false;
    const endpoint = this.endpoint;
    if (!endpoint.parse(buf, peerStart + 1, peerEnd, tally.remote)) return false;
    const peerPort = endpoint.port;
    if (!endpoint.parse(buf, localStart + 1, localEnd, tally.local)) return false;
    this.record(buf, code, endpoint.family === 1 ? 1 : 0, endpoint.port, peerPort, peerEnd, end);
    return true;
  }

  general(buf: Buffer, start: number, end: number, lineNumber: number): void {
    if (isHeader(buf, start, end)) return;
    const count = this.splitter.split(buf, start, end);
    const words = this.splitter.words;
    let w = 0;
    if (this.layout.netid) {
      if (!sameWord(buf, words[0]!, words[1]!, TCP)) return; // udp, u_str, ...: not TCP
      w = 1;
    }
    let code = this.fixedCode;
    if (this.layout.state) {
      code = stateCodeOfWord(buf, words[2 * w]!, words[2 * w + 1]!);
      if (code === 0)
        throw this.rowError(buf, start, end, lineNumber, `"${excerpt(buf, words[2 * w]!, words[2 * w + 1]!)}" is not an ss state`);
      w++;
    }
    if (count < w + 4) throw this.rowError(buf, start, end, lineNumber, 'expected Recv-Q, Send-Q, local and peer address');
    if (code < 0) {
      this.tally.skippedRows++;
      return;
    }
    const recvQ = decimalIn(buf, words[2 * w]!, words[2 * w + 1]!);
    const sendQ = decimalIn(buf, words[2 * w + 2]!, words[2 * w + 3]!);
    if (recvQ < 0 || sendQ < 0) throw this.rowError(buf, start, end, lineNumber, 'Recv-Q and Send-Q must be numbers');
    const localStart = words[2 * w + 4]!;
    const localEnd = words[2 * w + 5]!;
    const peerStart = words[2 * w + 6]!;
    const peerEnd = words[2 * w + 7]!;
    const endpoint = this.endpoint;
    if (!endpoint.parse(buf, peerStart, peerEnd, this.tally.remote)) {
      throw this.rowError(
        buf,
        start,
        end,
        lineNumber,
        `peer "${excerpt(buf, peerStart, peerEnd)}" is not a numeric address:port (run ss with -n)`,
      );
    }
    const remotePort = endpoint.port;
    const peerColon = peerEnd - (endpoint.portDigits + 1);
    if (!endpoint.parse(buf, localStart, localEnd, this.tally.local)) {
      throw this.rowError(
        buf,
        start,
        end,
        lineNumber,
        `local "${excerpt(buf, localStart, localEnd)}" is not a numeric address:port (run ss with -n)`,
      );
    }
    this.localColon = localEnd - (endpoint.portDigits + 1) - start;
    this.peerColon = peerColon - start;
    // The local address decides: "*" is the dual-stack IPv6 wildcard, a listener's peer is
    // "0.0.0.0:*" or "[::]:*" anyway.
    const family = endpoint.family === 1 ? 1 : 0;
    if (code === STATE_CODE.LISTEN) {
      this.tally.count(family, code, endpoint.port, remotePort);
      const iface = endpoint.scopeEnd > endpoint.scopeStart ? buf.toString('latin1', endpoint.scopeStart, endpoint.scopeEnd) : undefined;
      this.tally.listener(family, endpoint.port, recvQ, sendQ, iface);
      this.rows++;
      return;
    }
    this.record(buf, code, family, endpoint.port, remotePort, peerEnd, end);
  }

  /** Counts a non-listening socket; timers after the peer tell orphaned FIN-WAIT-2 minisocks (-o). */
  private record(buf: Buffer, code: number, family: 0 | 1, localPort: number, remotePort: number, peerEnd: number, end: number): void {
    this.tally.count(family, code, localPort, remotePort);
    if (code === STATE_CODE.FIN_WAIT2) {
      this.finWait2Rows++;
      if (contains(buf, peerEnd, end, TIMER_TIMEWAIT)) {
        this.tally.orphanedFinWait2++;
        this.sawTimer = true;
      }
    } else if (code === STATE_CODE.ESTABLISHED && contains(buf, peerEnd, end, TIMER_KEEPALIVE)) {
      this.tally.keepaliveEstablished++;
      this.sawTimer = true;
    } else if (!this.sawTimer) {
      this.sawTimer = contains(buf, peerEnd, end, TIMER_ANY);
    }
    this.rows++;
  }

  private rowError(buf: Buffer, start: number, end: number, line: number, why: string): InputError {
    return new InputError(`not an ss -tan row (${why}): "${excerpt(buf, start, end)}"`, { file: this.file, line });
  }
}

const HEADER_WORDS = ['State', 'Netid', 'Recv-Q'].map((word) => Buffer.from(word));

/** Header lines start with "State", "Netid" or "Recv-Q" (state-filtered output) and a blank. */
function isHeader(buf: Buffer, start: number, end: number): boolean {
  const first = buf[start];
  if (first !== 0x53 && first !== 0x4e && first !== 0x52) return false; // S N R
  return HEADER_WORDS.some(
    (word) => start + word.length < end && startsWithBytes(buf, start, end, word) && isBlank(buf[start + word.length]),
  );
}

function sameWord(buf: Buffer, start: number, end: number, word: Buffer): boolean {
  return end - start === word.length && startsWithBytes(buf, start, end, word);
}
