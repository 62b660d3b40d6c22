/**
 * CLOSE_WAIT means the peer closed and the local application has not: the kernel keeps the
 * socket until close() is called. Many of them are an application bug (a leaked socket or a
 * pool holding connections the server closed); no sysctl fixes it (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout; docs/kernel/keepalive.md#detection-time).
 */
import type { PortCount, SocketFacts } from '../facts/types.js';
import type { Rule } from '../engine/types.js';
import { localCloseWaitPeers } from '../safety/close-wait-peers.js';

const FIN_TIMEOUT = 'net.ipv4.tcp_fin_timeout';
const KEEPALIVE_TIME = 'net.ipv4.tcp_keepalive_time';

/** At or above this many CLOSE_WAIT sockets it is a leak whatever the total. */
const ABSOLUTE = 100;
/** Smaller counts are a leak when they are also this share of all sockets. */
const SMALL_COUNT = 20;
const SHARE = 0.05;
const MAX_PORTS = 3;

export const closeWaitLeak: Rule = {
  meta: {
    id: 'close-wait-leak',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'an application leaks sockets: worse behaviour, nothing rejected' },
    description: 'Many sockets in CLOSE_WAIT: the application does not close sockets after the peer closed (no sysctl fixes it).',
    // The keys people reach for, which do not help: tcp_fin_timeout and keepalive.
    keys: [FIN_TIMEOUT, KEEPALIVE_TIME],
    needs: [['sockets']],
    references: [
      'docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout',
      'docs/kernel/keepalive.md#detection-time',
      'docs/kernel/observing.md#socket-table',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118 (tcp_keepalive_timer)',
      'https://www.rfc-editor.org/rfc/rfc9293#section-3.3.2 (CLOSE-WAIT: waiting for a close from the local user)',
    ],
    messages: {
      leak:
        '{count} sockets stuck in CLOSE_WAIT: the application does not close() them; fix the application\n{count} sockets are in CLOSE_WAIT ({share}% of {total} TCP sockets): their peers closed, and the application has not called close(){where}{holders}. {peers}' +
        'No sysctl fixes this, so nothing is proposed: CLOSE_WAIT has no kernel timer, tcp_fin_timeout (now {finTimeout}) bounds only orphaned FIN-WAIT-2 sockets, and keepalive (SO_KEEPALIVE sockets only, first probe after {keepaliveTime} s) can at most reset one whose peer has vanished, while the application keeps its file descriptor. ' +
        'Fix the application: close the socket when read() returns 0 (end of stream), and make connection pools drop connections the server has closed; restarting the process releases them meanwhile (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout; docs/kernel/keepalive.md#detection-time).',
    },
  },
  check({ facts, text }) {
    const sockets = facts.sockets;
    if (!sockets) return [];
    const count = sockets.byState.CLOSE_WAIT;
    const total = sockets.total;
    const share = total > 0 ? count / total : 0;
    if (count < ABSOLUTE && !(count >= SMALL_COUNT && share >= SHARE)) return [];
    const peers = localCloseWaitPeers(facts);
    const topHolder = sockets.closeWaitHolders?.[0];
    return [
      {
        messageId: 'leak',
        data: {
          count,
          share: Math.floor(share * 100),
          total,
          where: describePorts(sockets.closeWaitByLocalPort, count),
          holders: describeHolders(sockets, count),
          peers: peers.pairs.length
            ? `Their peers are on this host: ${peers.pairs
                .map(
                  (p) =>
                    `${p.finWait2} FIN_WAIT2 sockets ${p.leakingSide === 'server' ? `towards ${p.endpoint}` : `on ${p.endpoint}`} wait for the FIN ${p.leakingSide === 'server' ? 'the server on that port' : 'its clients'} never send${p.leakingSide === 'server' ? 's' : ''}`,
                )
                .join(
                  '; ',
                )}. They are the same problem, not a second one: they go when the application closes (orphaned ones after tcp_fin_timeout meanwhile), so no tcp_fin_timeout change is proposed for them. `
            : '',
          finTimeout: text(FIN_TIMEOUT) ?? '?',
          keepaliveTime: text(KEEPALIVE_TIME) ?? '?',
        },
        evidence: {
          CLOSE_WAIT: count,
          total,
          ...(sockets.closeWaitByLocalPort[0]
            ? { topLocalPort: sockets.closeWaitByLocalPort[0].port, topLocalPortCount: sockets.closeWaitByLocalPort[0].count }
            : {}),
          ...(topHolder ? { process: topHolder.process, processCount: topHolder.count } : {}),
          ...(peers.finWait2Explained > 0 ? { localFinWait2Peers: peers.finWait2Explained } : {}),
        },
      },
    ];
  },
};

/** Who holds them, from ss -p: the process to fix or restart; or why it is not known. */
function describeHolders(sockets: SocketFacts, count: number): string {
  const holders = sockets.closeWaitHolders;
  if (holders === undefined) return '';
  if (holders.length === 0)
    return sockets.processesShown === false && count > 0
      ? ' (ss -p shows no process for them: run as root to see it, or they are still waiting in an accept queue)'
      : '';
  return `; held by ${holders
    .slice(0, MAX_PORTS)
    .map((h) => `${h.process}: ${h.count}${h.localPorts[0] && h.localPorts[0].count > 1 ? ` on port ${h.localPorts[0].port}` : ''}`)
    .join(', ')}`;
}

/** The local ports that hold most of them; ports with one socket each are ephemeral ports of outgoing connections. */
function describePorts(byPort: readonly PortCount[], total: number): string {
  const ranked = [...byPort].sort((a, b) => b.count - a.count);
  const listed = ranked.filter((p) => p.count > 1).slice(0, MAX_PORTS);
  const listedCount = listed.reduce((sum, p) => sum + p.count, 0);
  const parts: string[] = [];
  if (listed.length) parts.push(`by local port: ${listed.map((p) => `${p.port} (${p.count})`).join(', ')}`);
  if (ranked.length && listedCount < total / 2) {
    parts.push(
      `${listed.length ? 'the rest are' : 'they are'} spread over many local ports, i.e. outgoing connections: a client library or pool that does not close`,
    );
  }
  return parts.length ? `; ${parts.join('; ')}` : '';
}
