/**
 * SYN floods, or SYN queues too small for the load: many SYN_RECV request sockets, SYNs dropped
 * at a full SYN queue (TCPReqQFullDrop, only possible with tcp_syncookies=0) or answered with
 * cookies (TCPReqQFullDoCookies, SyncookiesSent). Cookies on (1) keep a flood from shutting out
 * real clients; fewer SYN-ACK retries free spoofed requests' slots sooner (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies; docs/kernel/retransmission-timing.md#tcp_synack_retries).
 */
import type { Rule, RuleReport, Severity } from '../engine/types.js';
import { synackTimeline } from '../params/timing.js';
import { anyCounterGrowing, counterAgeText, counterEvidence, countersSinceText, describeCounter } from '../safety/counters.js';

const SYNCOOKIES = 'net.ipv4.tcp_syncookies';
const SYNACK_RETRIES = 'net.ipv4.tcp_synack_retries';
const SYN_BACKLOG = 'net.ipv4.tcp_max_syn_backlog';

/** SYN_RECV at or above this is a flood on any listener set. */
const SYN_RECV_ABSOLUTE = 1024;
/** SYN_RECV at or above this share of the listeners' backlogs: their SYN queues are half full. */
const SYN_RECV_SHARE = 0.5;
/** Below this, tcp_synack_retries is not called out at all: it already drops requests within 15 s. */
const NOTED_SYNACK_RETRIES = 3;
/**
 * SYN_RECV lifetimes under a real hping3 flood (~5,000 SYN/s, cookies on, listen(128)), sampled
 * every 0.5 s in a namespace: 6.5-14.5 s, i.e. the 7 s and 15 s of retry limits 2 and 3 that the
 * kernel's pruning chose, not the 63 s of tcp_synack_retries = 5.
 */
const MEASURED_PRUNED_LIFETIMES = '7–15 s instead of 63 s';

export const synFlood: Rule = {
  meta: {
    id: 'syn-flood',
    severity: 'warning',
    severities: { allowed: ['info', 'warning', 'error'], why: 'error when SYNs are being dropped now' },
    description:
      'SYN queues under pressure (many SYN_RECV, SYN cookies sent, SYNs dropped): a SYN flood or backlogs too small for the load.',
    keys: [SYNCOOKIES, SYNACK_RETRIES, SYN_BACKLOG],
    needs: [['counters'], ['sockets']],
    references: [
      'docs/kernel/syn-queue-and-cookies.md#tcp_syncookies',
      'docs/kernel/retransmission-timing.md#tcp_syn_retries',
      'docs/kernel/observing.md#counters',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_input.c?h=v6.12.118 (tcp_conn_request, tcp_syn_flood_action)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/inet_connection_sock.c?h=v6.12.118 (reqsk_timer_handler)',
      'docs/kernel/evidence/syncookie_test.txt',
      'docs/kernel/evidence/synack_timing.txt',
    ],
    messages: {
      flood:
        'SYN queues are under pressure: a SYN flood or a burst beyond the listen backlog\nSYN queues are under pressure{where}: {observed}. {cookieState}{legitimate} ' +
        '{age} Look for "Possible SYN flooding on port …" in the kernel log; ListenDrops counts these SYN-queue drops too, so they are not accept-queue overflows (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies; docs/kernel/observing.md#counters).',
      syncookiesOff:
        'tcp_syncookies is 0 under SYN pressure: set it to 1 so a flood does not shut out real clients\ntcp_syncookies is 0 (kernel default {syncookiesDefault}): set it to 1{runtime}. With 0 a full SYN queue drops SYNs ({drops}), so a flood shuts out real clients; with 1 the listener answers with a cookie and keeps no state. ' +
        'Never 0 on a host that accepts connections; 2 (a cookie for every SYN, no SYN queue, TCP options lost without timestamps) only as a deliberate choice (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).',
      synackRetries:
        'tcp_synack_retries ({retries}) is left as is: the kernel prunes old requests itself under pressure\ntcp_synack_retries ({retries}; kernel default {retriesDefault}) is left as is: {reason} A half-open request gets SYN-ACK retransmissions at {retransmissions} and is dropped at {dropAt} s at the latest, but under pressure (a SYN queue more than half full) the kernel prunes old requests itself: it lowers the retry limit, down to 2, for requests that already had a retransmission, keeping room for new ones (measured under a real flood: lifetimes of {measured}). ' +
        'Fewer retries would mostly cost real clients on lossy links (docs/kernel/retransmission-timing.md#tcp_synack_retries).',
    },
  },
  check({ facts, number, defaultOf }) {
    const counter = (name: string) => facts.counters?.get(name) ?? 0;
    const drops = counter('TCPReqQFullDrop');
    const doCookies = counter('TCPReqQFullDoCookies');
    const sent = counter('SyncookiesSent');
    const received = counter('SyncookiesRecv');
    const failed = counter('SyncookiesFailed');
    const syncookies = number(SYNCOOKIES);
    // With 2 every SYN gets a cookie: the cookie counters then count all SYNs, not a flood (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).
    const cookiesForEverySyn = syncookies === 2;

    const synRecv = facts.sockets?.byState.SYN_RECV;
    const backlogs = (facts.sockets?.listeners ?? []).reduce((sum, l) => sum + (l.backlog ?? 0), 0);
    const synRecvHigh = synRecv !== undefined && (synRecv >= SYN_RECV_ABSOLUTE || (backlogs > 0 && synRecv >= SYN_RECV_SHARE * backlogs));
    const cookiesFired = !cookiesForEverySyn && (doCookies > 0 || sent > 0);
    if (!synRecvHigh && drops === 0 && !cookiesFired) return [];

    const floodCounters = ['TCPReqQFullDrop', ...(cookiesForEverySyn ? [] : ['TCPReqQFullDoCookies'])];
    const growing = anyCounterGrowing(facts, floodCounters);
    // The listener the half-open connections are queued on: their local port.
    const synRecvPort = facts.sockets?.localPorts?.SYN_RECV?.[0];
    const listener = synRecvPort ? facts.sockets?.listeners.find((l) => l.local.endsWith(`:${synRecvPort.port}`)) : undefined;
    const where =
      synRecvPort && synRecvPort.count > 1
        ? ` on ${listener ? `${listener.local}${listener.process ? ` (${listener.process})` : ''}${listener.backlog !== undefined ? `, backlog ${listener.backlog}` : ''}` : `port ${synRecvPort.port}`}`
        : '';
    const since = countersSinceText(facts);
    // Counters that did not grow over the window, and no half-open pile now: an old episode, a note.
    const severity: Severity = growing === false && !synRecvHigh ? 'info' : drops > 0 ? 'error' : 'warning';
    const observed = [
      synRecv !== undefined && synRecv > 0
        ? `${synRecv} half-open connections (SYN_RECV) now${backlogs > 0 ? ` against listener backlogs totalling ${backlogs} (${Math.floor((100 * synRecv) / backlogs)}%)` : ''}`
        : '',
      drops > 0 ? `${describeCounter(facts, 'TCPReqQFullDrop')} ${since}: SYNs dropped at a full SYN queue without a cookie` : '',
      cookiesFired
        ? `${describeCounter(facts, 'TCPReqQFullDoCookies')} and SyncookiesSent ${sent} ${since}: SYNs answered with cookies because a SYN queue was full`
        : '',
      !cookiesForEverySyn && (received > 0 || failed > 0)
        ? `SyncookiesRecv ${received} valid and SyncookiesFailed ${failed} invalid cookie ACKs`
        : '',
    ].filter(Boolean);
    const cookieState =
      syncookies === 0
        ? 'tcp_syncookies = 0: a full SYN queue drops SYNs, so a flood shuts out real clients.'
        : syncookies === 2
          ? 'tcp_syncookies = 2: every SYN is answered with a cookie (a deliberate choice; no SYN queue, TCP options lost without timestamps), so the cookie counters count all SYNs.'
          : `tcp_syncookies = ${syncookies ?? '?'}: a full SYN queue answers with cookies, so real clients still get in.`;
    const legitimate =
      received > 0 && !cookiesForEverySyn
        ? ' Valid cookies returning mean real clients completed handshakes by cookie: if that happens without an attack, the listen() backlogs (capped by net.core.somaxconn) are too small for the load; cookies are a fallback, not capacity.'
        : '';
    const evidence = {
      ...(synRecv !== undefined ? { SYN_RECV: synRecv } : {}),
      ...(backlogs > 0 ? { listenerBacklogs: backlogs } : {}),
      ...(listener ? { listener: listener.local } : {}),
      ...counterEvidence(facts, 'TCPReqQFullDrop'),
      ...counterEvidence(facts, 'TCPReqQFullDoCookies'),
      SyncookiesSent: sent,
      SyncookiesRecv: received,
      SyncookiesFailed: failed,
      ...(syncookies !== undefined ? { tcp_syncookies: syncookies } : {}),
    };
    const reports: RuleReport[] = [
      {
        messageId: 'flood',
        severity,
        key: SYNCOOKIES,
        data: {
          where,
          observed: observed.join('; '),
          cookieState,
          legitimate,
          age: drops > 0 || cookiesFired ? counterAgeText(facts, floodCounters) : '',
        },
        evidence,
      },
    ];

    if (syncookies === 0) {
      reports.push({
        messageId: 'syncookiesOff',
        severity,
        key: SYNCOOKIES,
        data: {
          syncookiesDefault: defaultOf(SYNCOOKIES) ?? '1',
          drops: `${describeCounter(facts, 'TCPReqQFullDrop')} ${since}`,
          // No config line sets it: the running kernel is what must change; the plan also pins 1 in the drop-in.
          runtime: facts.keys.get(SYNCOOKIES)?.configured
            ? ''
            : ' now (the plan sets the running kernel and writes 1 to the drop-in; no config file sets 0, so something set it at runtime: find it)',
        },
        evidence: { tcp_syncookies: 0, TCPReqQFullDrop: drops },
        change: {
          key: SYNCOOKIES,
          to: '1',
          why: `SYN queues are under pressure (${observed.join('; ')}) and tcp_syncookies is 0, so a full queue drops SYNs; with 1 it answers with cookies (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).`,
          priority: 'safety',
        },
      });
    }

    // No tcp_synack_retries change: with cookies on they absorb the flood, with cookies off the fix
    // is cookies; the kernel's own pruning decides a flooded request's lifetime either way.
    const retries = number(SYNACK_RETRIES);
    if (retries !== undefined && retries > NOTED_SYNACK_RETRIES) {
      const now = synackTimeline(retries);
      reports.push({
        messageId: 'synackRetries',
        severity: 'info',
        key: SYNACK_RETRIES,
        data: {
          retries,
          retriesDefault: defaultOf(SYNACK_RETRIES) ?? '?',
          reason:
            syncookies === 0
              ? 'cookies are the fix for a full SYN queue (above), after which a flood costs no request slots.'
              : cookiesForEverySyn
                ? 'with tcp_syncookies = 2 no request is queued at all.'
                : 'cookies answer SYNs once a queue is full, so flooded requests do not keep real clients out.',
          retransmissions: seconds(now.retransmissionsAt),
          dropAt: now.givesUpAt,
          measured: MEASURED_PRUNED_LIFETIMES,
        },
        evidence: { tcp_synack_retries: retries, halfOpenLifetimeSeconds: now.givesUpAt },
      });
    }
    return reports;
  },
};

function seconds(values: readonly number[]): string {
  return values.length ? `${values.join(', ')} s` : 'none';
}
