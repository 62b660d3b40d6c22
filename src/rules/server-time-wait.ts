/**
 * TIME_WAIT on a server's own listening port: the server closed first (HTTP/1.0 without
 * keep-alive, a server-side idle timeout). Operators see the pile and reach for tcp_tw_reuse or
 * tcp_fin_timeout; neither applies. Each such socket holds no ephemeral port (its local port is
 * the listener's, its remote port the client's), costs a timewait minisock's memory, and goes
 * after 60 s; a new SYN for the same 4-tuple is accepted when its sequence or timestamp is newer
 * (docs/kernel/time-wait.md#tcp_tw_reuse; docs/kernel/ports.md#capacity).
 */
import type { Rule } from '../engine/types.js';

const REUSE = 'net.ipv4.tcp_tw_reuse';
const MAX_TW_BUCKETS = 'net.ipv4.tcp_max_tw_buckets';
/** Below this a server-side TIME_WAIT pile is not worth a word. */
const NOTEWORTHY = 500;
/** A timewait minisock costs roughly this much kernel memory (struct tcp_timewait_sock and hash overhead). */
const BYTES_PER_TW_SOCKET = 256;
const MAX_LISTED = 3;

export const serverTimeWait: Rule = {
  meta: {
    id: 'server-time-wait',
    severity: 'info',
    severities: { allowed: ['info'], why: 'TIME_WAIT on a server is normal: informational' },
    description:
      'Many TIME_WAIT sockets on a listening port (the server closed first): normal; they cost memory, not ports, and tcp_tw_reuse does not apply.',
    keys: [REUSE, MAX_TW_BUCKETS],
    needs: [['sockets']],
    references: [
      'docs/kernel/time-wait.md#tcp_tw_reuse',
      'docs/kernel/time-wait.md#tcp_max_tw_buckets',
      'docs/kernel/ports.md#capacity',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_minisocks.c?h=v6.12.118 (tcp_timewait_state_process)',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
    ],
    messages: {
      serverSide:
        '{count} TIME_WAIT sockets on listening ports: normal for a server that closes first; nothing to change\n{count} TIME_WAIT sockets sit on this host\'s listening port{s} {ports}: the server closed those connections first (HTTP/1.0 or "Connection: close", an idle or request limit). That is normal and nothing is proposed. ' +
        "They cost memory, not ports: each is a timewait minisock of ~{bytes} bytes (~{memory} MiB in all; tcp_max_tw_buckets = {cap} caps them at {capShare}%), its local port is the listener's and its remote port the client's, so no ephemeral port is held. " +
        'Each goes after 60 s, and a new SYN for the same 4-tuple is accepted when its sequence number or timestamp is newer. tcp_tw_reuse does not apply: it acts only in connect(), for connections this host opens. ' +
        'To have fewer, keep connections alive (HTTP keep-alive: a client that reuses its connection closes rarely) or let clients close first (docs/kernel/time-wait.md#tcp_tw_reuse; docs/kernel/ports.md#capacity).',
    },
  },
  check({ facts, number }) {
    const sockets = facts.sockets;
    if (!sockets) return [];
    const listening = new Set(sockets.listeningPorts ?? []);
    const onListeners = (sockets.localPorts?.TIME_WAIT ?? []).filter((p) => listening.has(p.port) && p.count > 1);
    const count = onListeners.reduce((sum, p) => sum + p.count, 0);
    if (count < NOTEWORTHY) return [];
    const cap = number(MAX_TW_BUCKETS);
    const listed = onListeners.slice(0, MAX_LISTED);
    return [
      {
        messageId: 'serverSide',
        key: REUSE,
        data: {
          count,
          s: listed.length > 1 ? 's' : '',
          ports: listed.map((p) => `${p.port} (${p.count})`).join(', '),
          bytes: BYTES_PER_TW_SOCKET,
          memory: Math.max(1, Math.ceil((count * BYTES_PER_TW_SOCKET) / 2 ** 20)),
          cap: cap ?? '?',
          capShare: cap ? Math.floor((100 * (facts.sockstat?.tw ?? sockets.byState.TIME_WAIT)) / cap) : '?',
        },
        evidence: {
          serverTimeWait: count,
          topPort: listed[0]!.port,
          topPortCount: listed[0]!.count,
          ...(cap !== undefined ? { tcp_max_tw_buckets: cap } : {}),
        },
      },
    ];
  },
};
