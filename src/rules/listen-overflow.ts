/**
 * Accept queues that overflow: the kernel drops SYNs (and handshake-completing ACKs) for a
 * listener whose accept queue is full, counted in ListenOverflows/ListenDrops. The queue size is
 * min(listen() backlog, net.core.somaxconn), read at listen() time; raising somaxconn helps only
 * where it is the binding cap, and only after the service listens again (docs/kernel/accept-queue.md#somaxconn).
 */
import type { ListenerQueue } from '../engine/facts.js';
import type { Rule, RuleReport } from '../engine/types.js';

const SOMAXCONN = 'net.core.somaxconn';
const SYN_BACKLOG = 'net.ipv4.tcp_max_syn_backlog';
const SYNCOOKIES = 'net.ipv4.tcp_syncookies';
const ABORT_ON_OVERFLOW = 'net.ipv4.tcp_abort_on_overflow';

const NEARLY_FULL = 0.9;
/** SOMAXCONN since 5.4 (commit 19f92a030ca6): the floor of any proposal. */
const MODERN_SOMAXCONN = 4096;
const MAX_LISTED = 5;

interface FlaggedListener {
  readonly listener: ListenerQueue & { readonly backlog: number };
  readonly full: boolean;
}

export const listenOverflow: Rule = {
  meta: {
    id: 'listen-overflow',
    severity: 'warning',
    description: 'Listeners\' accept queues overflow (ListenOverflows/ListenDrops, or a queue at its backlog): new connections are dropped.',
    keys: [SOMAXCONN, SYN_BACKLOG, SYNCOOKIES, ABORT_ON_OVERFLOW],
    needs: [['counters'], ['sockets']],
    references: [
      'docs/kernel/accept-queue.md#somaxconn',
      'docs/kernel/observing.md#counters',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/socket.c?h=v6.12.118 (__sys_listen_socket)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/include/net/sock.h?h=v6.12.118 (sk_acceptq_is_full)',
      'docs/kernel/evidence/acceptq_test.txt',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=19f92a030ca6 (net: increase SOMAXCONN to 4096)',
    ],
    messages: {
      overflow:
        'Accept queues overflow: {observed}. While a listener\'s accept queue is full the kernel drops new SYNs, so clients wait for SYN retransmissions (1 s, 3 s, …) or time out. ' +
        'The queue holds min(listen() backlog, net.core.somaxconn) + 1 connections; {cap} The application must accept() fast enough and listen() with a backlog sized for its bursts. ' +
        'tcp_abort_on_overflow (now {abortOnOverflow}) does not help: those SYNs are dropped before it can act (docs/kernel/accept-queue.md#somaxconn).',
      raiseSomaxconn:
        'Raise net.core.somaxconn from {somaxconn} (kernel default {somaxconnDefault}) to {proposed} ({basis}). It is read at listen() time only: restart {services} (or make it listen() again) after the change, ' +
        'and make its own listen() backlog that large too (nginx: "listen … backlog={proposed}", default 511), since the kernel uses the smaller of the two (docs/kernel/accept-queue.md#somaxconn).',
      synBacklog:
        'tcp_syncookies is 0, so tcp_max_syn_backlog ({synBacklog}; kernel default {synBacklogDefault}) is in play: once fewer than a quarter of its slots are free, SYNs from peers without a cached TCP-metrics entry are dropped, which also counts in ListenDrops. ' +
        'Raise it if cookies must stay off; the better fix is tcp_syncookies = 1, after which tcp_max_syn_backlog is ignored entirely (docs/kernel/syn-queue-and-cookies.md#tcp_max_syn_backlog).',
    },
  },
  check({ facts, number, text, defaultOf }) {
    const overflows = facts.counters?.get('ListenOverflows') ?? 0;
    const drops = facts.counters?.get('ListenDrops') ?? 0;
    const listeners = (facts.sockets?.listeners ?? []).filter((l): l is ListenerQueue & { backlog: number } => l.backlog !== undefined);
    const flagged: FlaggedListener[] = listeners
      // The accept queue is full above its backlog (it holds backlog + 1) (include/net/sock.h sk_acceptq_is_full(), v6.12).
      .filter((l) => l.queued > 0 && l.queued >= NEARLY_FULL * l.backlog)
      .map((listener) => ({ listener, full: listener.queued > listener.backlog }))
      .sort((a, b) => b.listener.queued / Math.max(1, b.listener.backlog) - a.listener.queued / Math.max(1, a.listener.backlog));
    if (overflows === 0 && drops === 0 && flagged.length === 0) return [];

    const somaxconn = number(SOMAXCONN);
    const syncookies = number(SYNCOOKIES);
    const observed = [
      overflows > 0 || drops > 0
        ? `ListenOverflows is ${overflows} and ListenDrops ${drops} (cumulative since boot: compare two readings to see whether it still happens${drops > overflows ? `; the ${drops - overflows} drops beyond overflows are SYN-queue or allocation drops` : ''})`
        : '',
      ...flagged.slice(0, MAX_LISTED).map(({ listener, full }) => `${listener.local} has ${listener.queued} connections waiting with a backlog of ${listener.backlog} (${full ? 'full' : 'nearly full'})`),
    ].filter(Boolean);

    // Listeners that show the problem, else every listener with a known backlog.
    const candidates = flagged.length ? flagged.map((f) => f.listener) : listeners;
    const cappedBySomaxconn = somaxconn === undefined ? [] : candidates.filter((l) => l.backlog === somaxconn);
    const binding = somaxconn !== undefined && (cappedBySomaxconn.length > 0 || somaxconn < MODERN_SOMAXCONN);
    const largestBacklog = listeners.reduce((max, l) => Math.max(max, l.backlog), 0);
    const proposed = Math.max(MODERN_SOMAXCONN, nextPowerOfTwo(2 * largestBacklog));
    const synBacklogConfigured = facts.keys.get(SYN_BACKLOG)?.configured;

    const shortEvidence = [
      overflows > 0 || drops > 0 ? `ListenOverflows ${overflows}, ListenDrops ${drops} since boot` : '',
      ...flagged.slice(0, MAX_LISTED).map(({ listener }) => `${listener.local} ${listener.queued} queued at backlog ${listener.backlog}`),
    ]
      .filter(Boolean)
      .join('; ');
    let cap: string;
    if (somaxconn === undefined) cap = 'net.core.somaxconn is unknown here.';
    else if (cappedBySomaxconn.length > 0) cap = `here net.core.somaxconn = ${somaxconn} is the binding cap (${cappedBySomaxconn.map((l) => l.local).join(', ')} ${cappedBySomaxconn.length > 1 ? 'have' : 'has'} a backlog equal to it).`;
    else if (flagged.length > 0) {
      const backlogs = [...new Set(flagged.map((f) => f.listener.backlog))].join(', ');
      cap = `net.core.somaxconn = ${somaxconn} is not what limits ${flagged.length > 1 ? 'these listeners' : 'this listener'}: the application asked listen() for a backlog of ${backlogs} (nginx's default is 511; raise it with "listen … backlog=N").`;
    } else cap = `net.core.somaxconn is ${somaxconn}${somaxconn < MODERN_SOMAXCONN ? `, below the kernel default of ${MODERN_SOMAXCONN} since 5.4` : ''}.`;
    if (synBacklogConfigured && syncookies !== 0) cap += ` tcp_max_syn_backlog = ${text(SYN_BACKLOG)} in ${synBacklogConfigured.file} is ignored while tcp_syncookies is on.`;

    const evidence = {
      ListenOverflows: overflows,
      ListenDrops: drops,
      ...(somaxconn !== undefined ? { somaxconn } : {}),
      ...(listeners.length ? { largestBacklog } : {}),
      ...(flagged.length ? { listenersFull: flagged.filter((f) => f.full).length, listenersNearlyFull: flagged.filter((f) => !f.full).length } : {}),
    };
    const reports: RuleReport[] = [
      {
        messageId: 'overflow',
        key: SOMAXCONN,
        data: { observed: observed.join('; '), cap, abortOnOverflow: text(ABORT_ON_OVERFLOW) ?? '?' },
        evidence,
      },
    ];

    if (binding && somaxconn !== undefined && proposed > somaxconn) {
      const basis = proposed > MODERN_SOMAXCONN ? `2 × the largest listener backlog ${largestBacklog}, rounded up to a power of two` : `the kernel default since 5.4${largestBacklog ? `, at least 2 × the largest listener backlog ${largestBacklog}` : ''}`;
      const services = cappedBySomaxconn.length ? `the service${cappedBySomaxconn.length > 1 ? 's' : ''} on ${cappedBySomaxconn.map((l) => l.local).join(', ')}` : 'each listening service';
      reports.push({
        messageId: 'raiseSomaxconn',
        key: SOMAXCONN,
        data: { somaxconn, somaxconnDefault: defaultOf(SOMAXCONN) ?? '?', proposed, basis, services },
        evidence,
        change: {
          key: SOMAXCONN,
          to: String(proposed),
          why: `Accept queues overflow (${shortEvidence}) and somaxconn ${somaxconn} caps them; ${proposed} is ${basis}. Read at listen() time: restart the service (docs/kernel/accept-queue.md#somaxconn).`,
          priority: 'evidence',
        },
      });
    }

    if (syncookies === 0) {
      reports.push({
        messageId: 'synBacklog',
        key: SYN_BACKLOG,
        data: { synBacklog: text(SYN_BACKLOG) ?? '?', synBacklogDefault: defaultOf(SYN_BACKLOG) ?? '?' },
        evidence: { tcp_syncookies: 0, ListenDrops: drops },
      });
    }
    return reports;
  },
};

function nextPowerOfTwo(n: number): number {
  let power = 1;
  while (power < n) power *= 2;
  return power;
}
