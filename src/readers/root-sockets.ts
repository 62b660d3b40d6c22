/**
 * The socket table under a root: proc/net/tcp and proc/net/tcp6 into one summary. Missing only
 * when both files are (tcp6 alone is absent when IPv6 is disabled; that is recorded per source).
 */
import { summariseTally } from '../sockets/summary.js';
import { SocketTally } from '../sockets/tally.js';
import type { Observed, PortRangeFacts, SocketSource, SocketSummary } from '../snapshot/types.js';
import { scanProcNetTcp } from './proc-net-tcp.js';
import { resolveUnderRoot } from './root-path.js';

export interface RootSocketOptions {
  readonly topN?: number;
  readonly portRange: PortRangeFacts;
}

const TABLES = ['proc/net/tcp', 'proc/net/tcp6'] as const;

export function readRootSockets(root: string, options: RootSocketOptions): Observed<SocketSummary> {
  const tally = new SocketTally();
  const sources: SocketSource[] = [];
  let firstRead: string | undefined;
  for (const relative of TABLES) {
    const entry = resolveUnderRoot(root, relative);
    if (entry.kind !== 'file') {
      sources.push({ file: entry.display, format: 'proc-net-tcp', status: 'missing', rows: 0 });
      continue;
    }
    try {
      const rows = scanProcNetTcp({ kind: 'file', path: entry.path, name: entry.display }, tally);
      sources.push({ file: entry.display, format: 'proc-net-tcp', status: 'read', rows });
      firstRead ??= entry.display;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') return { status: 'unreadable', file: entry.display, reason: 'permission denied' };
      throw error;
    }
  }
  if (firstRead === undefined) return { status: 'missing', file: sources[0]!.file };
  const summary = summariseTally(tally, {
    portRange: options.portRange,
    sources,
    ...(options.topN !== undefined ? { topN: options.topN } : {}),
  });
  tally.release();
  return { status: 'present', value: summary, provenance: { file: firstRead, line: 1 } };
}
