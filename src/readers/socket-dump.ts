/**
 * A pasted socket table (ss -tan, netstat -nat, a copy of /proc/net/tcp or tcp6) → the same
 * SocketSummary a root gives. The format is detected unless forced.
 */
import { KERNEL_DEFAULT_PORT_RANGE } from '../sockets/port-range.js';
import type { TcpStateName } from '../snapshot/types.js';
import { summariseTally } from '../sockets/summary.js';
import { SocketTally } from '../sockets/tally.js';
import type { PortRangeFacts, SocketDumpFormat, SocketSummary } from '../snapshot/types.js';
import { InputError, UsageError } from '../util/errors.js';
import { detectDumpFormat, FORMAT_NAMES } from './dump-format.js';
import { headOf, sourceName, type ByteSource } from './line-scanner.js';
import { scanNetstat } from './netstat-sockets.js';
import { scanProcNetTcp } from './proc-net-tcp.js';
import { scanSs, type SsLayout } from './ss.js';

export type SocketInputFormat = 'auto' | SocketDumpFormat;

export interface SocketDumpOptions {
  /** Force a format instead of detecting it. */
  readonly format?: SocketInputFormat;
  /** The state of every row, for ss output without a State column ("ss -tan state time-wait"). */
  readonly state?: TcpStateName;
  /** Length of the top lists (default 10). */
  readonly topN?: number;
  /** The range shares are computed against (default: the kernel's 32768–60999). */
  readonly portRange?: PortRangeFacts;
  /** Name for errors and provenance when the input is text or a buffer ("-" for stdin). */
  readonly name?: string;
}

/** Reads a socket table dump: text, a Buffer, or a file (read in chunks). */
export function readSocketDump(input: string | Buffer | ByteSource, options: SocketDumpOptions = {}): SocketSummary {
  const source = toSource(input, options.name ?? '<input>');
  const file = sourceName(source);
  const { format, layout } = resolveFormat(source, options);
  if (options.state !== undefined && (format !== 'ss' || layout.state)) {
    throw new UsageError(
      `--state names the state of ss output without a State column ("ss -tan state ${options.state.toLowerCase().replace('_', '-')}"); ${file} has a State column`,
    );
  }
  const tally = new SocketTally();
  let rows: number;
  if (format === 'proc-net-tcp') rows = scanProcNetTcp(source, tally);
  else if (format === 'netstat') rows = scanNetstat(source, tally);
  else rows = scanSs(source, tally, layout, options.state);
  return summariseTally(tally, {
    portRange: options.portRange ?? KERNEL_DEFAULT_PORT_RANGE,
    sources: [{ file, format, status: 'read', rows }],
    ...(options.topN !== undefined ? { topN: options.topN } : {}),
  });
}

function toSource(input: string | Buffer | ByteSource, name: string): ByteSource {
  if (typeof input === 'string') return { kind: 'buffer', data: Buffer.from(input, 'utf8'), name };
  if (Buffer.isBuffer(input)) return { kind: 'buffer', data: input, name };
  return input;
}

const SOCKET_FORMATS: readonly SocketDumpFormat[] = ['ss', 'netstat', 'proc-net-tcp'];

function resolveFormat(source: ByteSource, options: SocketDumpOptions): { format: SocketDumpFormat; layout: SsLayout } {
  const file = sourceName(source);
  const detected = detectDumpFormat(headOf(source, 16 * 1024));
  const fallbackLayout: SsLayout = { netid: false, state: options.state === undefined };
  if (options.format !== undefined && options.format !== 'auto') {
    return { format: options.format, layout: detected.kind === 'ss' ? detected.layout : fallbackLayout };
  }
  switch (detected.kind) {
    case 'ss':
      return { format: 'ss', layout: detected.layout };
    case 'netstat':
    case 'proc-net-tcp':
      return { format: detected.kind, layout: fallbackLayout };
    case 'sysctl':
    case 'proc-net-netstat':
      throw new InputError(
        `this is ${FORMAT_NAMES[detected.kind]} output, not a socket table; give ${SOCKET_FORMATS.map((f) => FORMAT_NAMES[f]).join(', ')} output`,
        { file, line: 1 },
      );
    case 'unknown': {
      const tried = SOCKET_FORMATS.map((f) => FORMAT_NAMES[f]).join(', ');
      if (detected.line === 0) throw new InputError(`empty input: expected ${tried} output`, { file });
      throw new InputError(`unrecognised input (tried ${tried}): this line fits none of them: "${detected.text}"`, {
        file,
        line: detected.line,
      });
    }
  }
}
