/**
 * SYN floods, or SYN queues too small for the load: many SYN_RECV request sockets, SYNs dropped
 * at a full SYN queue (TCPReqQFullDrop, only possible with tcp_syncookies=0) or answered with
 * cookies (TCPReqQFullDoCookies, SyncookiesSent). Cookies on (1) keep a flood from shutting out
 * real clients; fewer SYN-ACK retries free spoofed requests' slots sooner (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies; docs/kernel/retransmission-timing.md#tcp_synack_retries).
 */
import type { Rule, RuleReport, Severity } from '../engine/types.js';
import { synackTimeline } from '../params/timing.js';

const SYNCOOKIES = 'net.ipv4.tcp_syncookies';
const SYNACK_RETRIES = 'net.ipv4.tcp_synack_retries';
const SYN_BACKLOG = 'net.ipv4.tcp_max_syn_backlog';

/** SYN_RECV at or above this is a flood on any listener set. */
const SYN_RECV_ABSOLUTE = 1024;
/** SYN_RECV at or above this share of the listeners' backlogs: their SYN queues are half full. */
const SYN_RECV_SHARE = 0.5;
/** Above half a queue the kernel already lowers the retries (down to 2) to drop old requests sooner; 3 drops a half-open request after 15 s. */
const PROPOSED_SYNACK_RETRIES = 3;

export const synFlood: Rule = {
  meta: {
    id: 'syn-flood',
    severity: 'warning',
    description: 'SYN queues under pressure (many SYN_RECV, SYN cookies sent, SYNs dropped): a SYN flood or backlogs too small for the load.',
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
        'SYN queues are under pressure: {observed}. {cookieState}{legitimate} ' +
        'Counters are cumulative since boot, so a flood long ago also counts: compare two readings, and look for "Possible SYN flooding on port …" in the kernel log (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies; docs/kernel/observing.md#counters).',
      syncookiesOff:
        'tcp_syncookies is 0 (kernel default {syncookiesDefault}): set it to 1{runtime}. With 0 a full SYN queue drops SYNs ({drops}), so a flood shuts out real clients; with 1 the listener answers with a cookie and keeps no state. ' +
        'Never 0 on a host that accepts connections; 2 (a cookie for every SYN, no SYN queue, TCP options lost without timestamps) only as a deliberate choice (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).',
      synackRetries:
        'tcp_synack_retries is {retries} (kernel default {retriesDefault}): a half-open connection gets SYN-ACK retransmissions at {retransmissions} and keeps its SYN-queue slot until it is dropped at {dropAt} s. ' +
        'Set it to 3 (retransmissions at {proposedRetransmissions}, dropped at {proposedDropAt} s) so spoofed SYNs free their slots {factor}× sooner; a real client whose SYN-ACKs are all lost retransmits its SYN. ' +
        'When a SYN queue is over half full of old requests the kernel already lowers the retries, down to 2 (docs/kernel/retransmission-timing.md#tcp_synack_retries).',
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

    const severity: Severity = drops > 0 ? 'error' : 'warning';
    const observed = [
      synRecv !== undefined && synRecv > 0
        ? `${synRecv} half-open connections (SYN_RECV)${backlogs > 0 ? ` against listener backlogs totalling ${backlogs} (${Math.floor((100 * synRecv) / backlogs)}%)` : ''}`
        : '',
      drops > 0 ? `TCPReqQFullDrop ${drops}: SYNs dropped at a full SYN queue without a cookie` : '',
      cookiesFired ? `TCPReqQFullDoCookies ${doCookies} and SyncookiesSent ${sent}: SYNs answered with cookies because a SYN queue was full` : '',
      !cookiesForEverySyn && (received > 0 || failed > 0) ? `SyncookiesRecv ${received} valid and SyncookiesFailed ${failed} invalid cookie ACKs` : '',
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
      TCPReqQFullDrop: drops,
      TCPReqQFullDoCookies: doCookies,
      SyncookiesSent: sent,
      SyncookiesRecv: received,
      SyncookiesFailed: failed,
      ...(syncookies !== undefined ? { tcp_syncookies: syncookies } : {}),
    };
    const reports: RuleReport[] = [
      { messageId: 'flood', severity, key: SYNCOOKIES, data: { observed: observed.join('; '), cookieState, legitimate }, evidence },
    ];

    if (syncookies === 0) {
      reports.push({
        messageId: 'syncookiesOff',
        severity,
        key: SYNCOOKIES,
        data: {
          syncookiesDefault: defaultOf(SYNCOOKIES) ?? '1',
          drops: `TCPReqQFullDrop ${drops} since boot`,
          // No config line sets it: the running kernel is what must change; the plan also pins 1 in the drop-in.
          runtime: facts.keys.get(SYNCOOKIES)?.configured ? '' : ' now (the plan sets the running kernel and writes 1 to the drop-in; no config file sets 0, so something set it at runtime: find it)',
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

    const retries = number(SYNACK_RETRIES);
    if (retries !== undefined && retries > PROPOSED_SYNACK_RETRIES) {
      const now = synackTimeline(retries);
      const proposed = synackTimeline(PROPOSED_SYNACK_RETRIES);
      reports.push({
        messageId: 'synackRetries',
        severity,
        key: SYNACK_RETRIES,
        data: {
          retries,
          retriesDefault: defaultOf(SYNACK_RETRIES) ?? '?',
          retransmissions: seconds(now.retransmissionsAt),
          dropAt: now.givesUpAt,
          proposedRetransmissions: seconds(proposed.retransmissionsAt),
          proposedDropAt: proposed.givesUpAt,
          factor: Math.round((now.givesUpAt / proposed.givesUpAt) * 10) / 10,
        },
        evidence: { tcp_synack_retries: retries, halfOpenLifetimeSeconds: now.givesUpAt },
        change: {
          key: SYNACK_RETRIES,
          to: String(PROPOSED_SYNACK_RETRIES),
          why: `SYN queues are under pressure (${observed.join('; ')}); with ${PROPOSED_SYNACK_RETRIES} a half-open connection is dropped after ${proposed.givesUpAt} s instead of ${now.givesUpAt} s (docs/kernel/retransmission-timing.md#tcp_synack_retries).`,
          priority: 'evidence',
        },
        caveats: [`A client whose SYN-ACKs are all lost (lossy mobile links) loses the attempt after ${proposed.givesUpAt} s instead of ${now.givesUpAt} s unless it retransmits its SYN.`],
      });
    }
    return reports;
  },
};

function seconds(values: readonly number[]): string {
  return values.length ? `${values.join(', ')} s` : 'none';
}
