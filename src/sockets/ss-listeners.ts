/**
 * The listeners of a socket summary replaced by those ss saw over netlink, which carry the
 * backlog (and, for root, the process) that /proc/net/tcp keeps out. Both read the same
 * namespace moments apart; ss's view is the one operators trust, so it wins.
 */
import type { Listener, SocketSummary, SsCapture } from '../snapshot/types.js';
import { listenerFill } from './tally.js';

export function withSsListeners(summary: SocketSummary, capture: SsCapture): SocketSummary {
  const listeners: Listener[] = capture.listeners.map((l) => ({
    family: l.family,
    address: l.address,
    ...(l.interface ? { interface: l.interface } : {}),
    port: l.port,
    ...(l.process ? { process: l.process } : {}),
    queue: l.queue,
    backlog: l.backlog,
    fill: listenerFill({ queue: l.queue, backlog: l.backlog }),
  }));
  listeners.sort(
    (a, b) =>
      (b.fill ?? -1) - (a.fill ?? -1) ||
      b.queue - a.queue ||
      a.port - b.port ||
      (a.address < b.address ? -1 : a.address > b.address ? 1 : 0),
  );
  const ports = new Set([...summary.listeningPorts, ...capture.listeners.map((l) => l.port)]);
  return {
    ...summary,
    listeners: listeners.slice(0, summary.topN),
    listenerCount: capture.listeners.length,
    listeningPorts: [...ports].sort((a, b) => a - b),
    listenerSource: 'ss',
  };
}
