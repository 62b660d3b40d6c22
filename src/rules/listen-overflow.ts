/**
 * Accept queues that overflow: the kernel drops SYNs (and handshake-completing ACKs) for a
 * listener whose accept queue is full, counted in ListenOverflows/ListenDrops. The queue size is
 * min(listen() backlog, net.core.somaxconn), read at listen() time; raising somaxconn helps only
 * where it is the binding cap, and only after the service listens again (docs/kernel/accept-queue.md#somaxconn).
 */
import type { Facts, ListenerQueue } from '../facts/types.js';
import { isLoopbackAddress } from '../sockets/address.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { counterAgeText, counterEvidence, counterGrowing, countersSinceText, describeCounter } from '../safety/counters.js';

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
    severities: { allowed: ['info', 'warning'], why: 'warning when the accept queue overflows on this host' },
    description: "Listeners' accept queues overflow (ListenOverflows, or a queue at its backlog): new connections are dropped.",
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
        "Accept queues overflow and SYNs are dropped: the application must accept() faster or listen() deeper\nAccept queues overflow: {observed}. While a listener's accept queue is full the kernel drops new SYNs (ListenOverflows), so clients wait for SYN retransmissions (1 s, 3 s, …) or time out. " +
        'The queue holds min(listen() backlog, net.core.somaxconn) + 1 connections; {cap} The application must accept() fast enough and listen() with a backlog sized for its bursts. ' +
        '{age} tcp_abort_on_overflow (now {abortOnOverflow}) does not help: those SYNs are dropped before it can act (docs/kernel/accept-queue.md#somaxconn).',
      raiseSomaxconn:
        'Raise net.core.somaxconn from {somaxconn} to {proposed}, then restart the listeners\nRaise net.core.somaxconn from {somaxconn} (kernel default {somaxconnDefault}) to {proposed} ({basis}). It is read at listen() time only: restart {services} (or make it listen() again) after the change, ' +
        'and make its own listen() backlog that large too (nginx: "listen … backlog={proposed}", default 511), since the kernel uses the smaller of the two (docs/kernel/accept-queue.md#somaxconn).',
      synBacklog:
        'SYN cookies are off, so tcp_max_syn_backlog ({synBacklog}) drops SYNs: turn tcp_syncookies on\ntcp_syncookies is 0, so tcp_max_syn_backlog ({synBacklog}; kernel default {synBacklogDefault}) is in play: once fewer than a quarter of its slots are free, SYNs from peers without a cached TCP-metrics entry are dropped, which also counts in ListenDrops. ' +
        'Raise it if cookies must stay off; the better fix is tcp_syncookies = 1, after which tcp_max_syn_backlog is ignored entirely (docs/kernel/syn-queue-and-cookies.md#tcp_max_syn_backlog).',
    },
  },
  check({ facts, number, text, defaultOf }) {
    const overflows = facts.counters?.get('ListenOverflows') ?? 0;
    const drops = facts.counters?.get('ListenDrops') ?? 0;
    // ListenDrops also counts the SYN-queue drops (TCPReqQFullDrop, the syn-flood rule's) and
    // allocation failures: only ListenOverflows is the accept queue (net/ipv4/tcp_input.c tcp_conn_request(), v6.12).
    const synQueueDrops = facts.counters?.get('TCPReqQFullDrop') ?? 0;
    const otherDrops = Math.max(0, drops - overflows - synQueueDrops);
    const somaxconn = number(SOMAXCONN);
    const all = facts.sockets?.listeners ?? [];
    const listeners = all.filter((l): l is ListenerQueue & { backlog: number } => l.backlog !== undefined);
    const flagged: FlaggedListener[] = listeners
      // The accept queue is full above its backlog (it holds backlog + 1) (include/net/sock.h sk_acceptq_is_full(), v6.12).
      .filter((l) => l.queued > 0 && l.queued >= NEARLY_FULL * l.backlog)
      .map((listener) => ({ listener, full: listener.queued > listener.backlog }))
      .sort((a, b) => b.listener.queued / Math.max(1, b.listener.backlog) - a.listener.queued / Math.max(1, a.listener.backlog));
    // /proc/net/tcp shows a listener's queue but not its backlog: those with connections waiting
    // are named, and one holding more than somaxconn is full at the somaxconn cap (queue ≤ backlog + 1).
    const waitingUnknown = all.filter((l) => l.backlog === undefined && l.queued > 0).sort((a, b) => b.queued - a.queued);
    const fullAtSomaxconn = somaxconn === undefined ? [] : waitingUnknown.filter((l) => l.queued > somaxconn);
    const overflowGrowing = counterGrowing(facts, 'ListenOverflows');
    if (overflows === 0 && flagged.length === 0 && fullAtSomaxconn.length === 0) return [];

    const syncookies = number(SYNCOOKIES);
    const backlogSource =
      facts.sockets?.listenerSource === 'ss'
        ? ''
        : ` (backlog unknown: /proc/net/tcp does not show it, ss -ltn does${facts.sockets?.ssUnavailable ? `; ${facts.sockets.ssUnavailable}` : ''})`;
    // With overflows counted and no queue full at the moment of reading (an application that
    // accepts slowly drains it between bursts), the listeners with connections waiting are the suspects.
    const busy =
      flagged.length === 0 && overflows > 0
        ? listeners.filter((l) => l.queued > 0).sort((a, b) => b.queued / Math.max(1, b.backlog) - a.queued / Math.max(1, a.backlog))
        : [];
    // None waiting at all when read: the only listener is the culprit; with several, their backlogs (smallest first) are the lead.
    const idle = flagged.length === 0 && busy.length === 0 && overflows > 0 ? [...listeners].sort((a, b) => a.backlog - b.backlog) : [];
    const suspects = flagged.length ? flagged.map((f) => f.listener) : busy.length ? busy : idle.length === 1 ? idle : [];
    const observed = [
      ...flagged
        .slice(0, MAX_LISTED)
        .map(
          ({ listener, full }) =>
            `${describeListener(listener)} has ${listener.queued} connections waiting with a backlog of ${listener.backlog} (${full ? 'full' : 'nearly full'})${synSentTowards(facts, listener)}`,
        ),
      ...busy
        .slice(0, MAX_LISTED)
        .map(
          (l) =>
            `${describeListener(l)} has ${l.queued} connections waiting with a backlog of ${l.backlog} (the fullest when read)${synSentTowards(facts, l)}`,
        ),
      idle.length === 1
        ? `${describeListener(idle[0]!)}, the only listener, has a backlog of ${idle[0]!.backlog} (no connection waiting when read)`
        : '',
      idle.length > 1
        ? `no accept queue held a connection when read; the listeners' backlogs, smallest first: ${idle
            .slice(0, MAX_LISTED)
            .map((l) => `${describeListener(l)} ${l.backlog}`)
            .join(', ')}`
        : '',
      ...waitingUnknown
        .filter((l) => fullAtSomaxconn.includes(l) || (flagged.length === 0 && overflows > 0))
        .slice(0, MAX_LISTED)
        .map((l) =>
          fullAtSomaxconn.includes(l)
            ? `${describeListener(l)} has ${l.queued} connections waiting, more than somaxconn ${somaxconn} allows below a full queue: full at that cap`
            : `${describeListener(l)} has ${l.queued} connections waiting${backlogSource}${synSentTowards(facts, l)}`,
        ),
      overflows > 0
        ? `${describeCounter(facts, 'ListenOverflows')} ${countersSinceText(facts)}${otherDrops > 0 ? `; ListenDrops ${drops} also counts ${otherDrops} other listener drops (allocation failures)` : ''}`
        : '',
    ].filter(Boolean);

    // Listeners that show the problem, else every listener with a known backlog.
    const candidates = suspects.length ? suspects : listeners;
    const cappedBySomaxconn = somaxconn === undefined ? [] : [...candidates.filter((l) => l.backlog === somaxconn), ...fullAtSomaxconn];
    const appCapped = suspects.filter((l) => somaxconn !== undefined && l.backlog < somaxconn);
    // A total alone proposes nothing: a full queue now, or ListenOverflows growing over the window, must confirm it.
    const confirmedNow = flagged.length > 0 || fullAtSomaxconn.length > 0 || overflowGrowing === true;
    const binding = somaxconn !== undefined && (cappedBySomaxconn.length > 0 || (somaxconn < MODERN_SOMAXCONN && appCapped.length === 0));
    const largestBacklog = listeners.reduce((max, l) => Math.max(max, l.backlog), 0);
    const proposed = Math.max(MODERN_SOMAXCONN, nextPowerOfTwo(2 * largestBacklog));
    const synBacklogConfigured = facts.keys.get(SYN_BACKLOG)?.configured;

    const shortEvidence = [
      overflows > 0 ? `${describeCounter(facts, 'ListenOverflows')} ${countersSinceText(facts)}` : '',
      ...flagged.slice(0, MAX_LISTED).map(({ listener }) => `${listener.local} ${listener.queued} queued at backlog ${listener.backlog}`),
      ...fullAtSomaxconn.slice(0, MAX_LISTED).map((l) => `${l.local} ${l.queued} queued`),
    ]
      .filter(Boolean)
      .join('; ');
    let cap: string;
    if (somaxconn === undefined) cap = 'net.core.somaxconn is unknown here.';
    else if (cappedBySomaxconn.length > 0)
      cap = `here net.core.somaxconn = ${somaxconn} is the binding cap (${cappedBySomaxconn.map((l) => l.local).join(', ')} ${cappedBySomaxconn.length > 1 ? 'are' : 'is'} limited by it).`;
    else if (appCapped.length > 0) {
      const backlogs = [...new Set(appCapped.map((l) => l.backlog))].join(', ');
      cap = `the cap is the application's own listen() backlog of ${backlogs} = min(${backlogs}, somaxconn ${somaxconn}); net.core.somaxconn is not what limits ${appCapped.length > 1 ? 'these listeners' : 'this listener'} (nginx's default is 511; raise it with "listen … backlog=N").`;
    } else
      cap = `net.core.somaxconn is ${somaxconn}${somaxconn < MODERN_SOMAXCONN ? `, below the kernel default of ${MODERN_SOMAXCONN} since 5.4` : ''}.`;
    if (synBacklogConfigured && syncookies !== 0)
      cap += ` tcp_max_syn_backlog = ${text(SYN_BACKLOG)} in ${synBacklogConfigured.file} is ignored while tcp_syncookies is on.`;

    const evidence = {
      ...counterEvidence(facts, 'ListenOverflows'),
      ListenDrops: drops,
      ...(somaxconn !== undefined ? { somaxconn } : {}),
      ...(listeners.length ? { largestBacklog } : {}),
      ...(flagged.length
        ? { listenersFull: flagged.filter((f) => f.full).length, listenersNearlyFull: flagged.filter((f) => !f.full).length }
        : {}),
      ...(suspects[0] ? { fullestListener: suspects[0].local } : waitingUnknown[0] ? { fullestListener: waitingUnknown[0].local } : {}),
    };
    const reports: RuleReport[] = [
      {
        messageId: 'overflow',
        // Not growing over the window and no queue full now: an old episode, a note.
        ...(overflowGrowing === false && flagged.length === 0 && fullAtSomaxconn.length === 0 ? { severity: 'info' as const } : {}),
        key: SOMAXCONN,
        data: {
          observed: observed.join('; '),
          cap,
          age: overflows > 0 ? counterAgeText(facts, ['ListenOverflows']) : '',
          abortOnOverflow: text(ABORT_ON_OVERFLOW) ?? '?',
        },
        evidence,
      },
    ];

    if (binding && confirmedNow && somaxconn !== undefined && proposed > somaxconn) {
      const basis =
        proposed > MODERN_SOMAXCONN
          ? `2 × the largest listener backlog ${largestBacklog}, rounded up to a power of two`
          : `the kernel default since 5.4${largestBacklog ? `, at least 2 × the largest listener backlog ${largestBacklog}` : ''}`;
      const services = cappedBySomaxconn.length
        ? `the service${cappedBySomaxconn.length > 1 ? 's' : ''} on ${cappedBySomaxconn.map((l) => l.local).join(', ')}`
        : 'each listening service';
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

/** "127.0.0.1:9000 (python3 (pid 812))", or the address alone when no process is known. */
function describeListener(listener: ListenerQueue): string {
  return listener.process ? `${listener.local} (${listener.process})` : listener.local;
}

/**
 * Clients on this host whose SYNs the full queue drops wait in SYN_SENT towards it: "; 25
 * connect() calls on this host wait in SYN_SENT towards it". A wildcard listener takes any of
 * this host's addresses; only loopback and its own address are certainly this listener's.
 */
function synSentTowards(facts: Facts, listener: ListenerQueue): string {
  const { port, address: host } = listener.at;
  const wildcard = host === '0.0.0.0' || host === '::';
  const count = (facts.sockets?.remotes?.SYN_SENT ?? [])
    .filter((e) => e.at.port === port && (e.at.address === host || (wildcard && isLoopbackAddress(e.at.address))))
    .reduce((sum, e) => sum + e.count, 0);
  return count > 0
    ? `; ${count} connect() call${count > 1 ? 's' : ''} on this host wait${count > 1 ? '' : 's'} in SYN_SENT towards it`
    : '';
}

function nextPowerOfTwo(n: number): number {
  let power = 1;
  while (power < n) power *= 2;
  return power;
}
