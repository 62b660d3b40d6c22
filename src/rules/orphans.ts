/**
 * Sockets the application closed that the kernel is still finishing: FIN-WAIT-2 sockets bounded
 * by tcp_fin_timeout (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout), and orphans capped host-wide by tcp_max_orphans, beyond
 * which they are reset (TCPAbortOnMemory; docs/kernel/fin-timeout-and-orphans.md#tcp_max_orphans). tcp_orphan_retries=0 means 8 (docs/kernel/fin-timeout-and-orphans.md#tcp_orphan_retries).
 */
import type { Rule, RuleReport } from '../engine/types.js';
import { orphanFinWait2Seconds } from '../params/timing.js';
import { localCloseWaitPeers } from '../safety/close-wait-peers.js';
import { countersSinceText, describeCounter } from '../safety/counters.js';

const FIN_TIMEOUT = 'net.ipv4.tcp_fin_timeout';
const MAX_ORPHANS = 'net.ipv4.tcp_max_orphans';
const ORPHAN_RETRIES = 'net.ipv4.tcp_orphan_retries';
const MAX_TW_BUCKETS = 'net.ipv4.tcp_max_tw_buckets';

const MANY_FIN_WAIT2 = 1000;
/** Timer paths compare 2× (or 4×) the orphan count with the cap, so resets begin at half of it (net/ipv4/tcp_timer.c tcp_out_of_resources(), v6.12). */
const ORPHANS_NEAR_CAP = 0.5;
const PROPOSED_FIN_TIMEOUT = 30;
/** Kernel documentation: each orphan may pin about 64 KB of unswappable memory. */
const KIB_PER_ORPHAN = 64;

export const orphans: Rule = {
  meta: {
    id: 'orphans',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'orphaned sockets are reset early: worse behaviour' },
    description:
      'Closed sockets pile up: many FIN_WAIT2, orphans near tcp_max_orphans, or orphans reset for lack of memory (TCPAbortOnMemory).',
    keys: [FIN_TIMEOUT, MAX_ORPHANS, ORPHAN_RETRIES],
    needs: [
      ['sockets', 'live'],
      ['counters', 'live'],
    ],
    references: [
      'docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout',
      'docs/kernel/fin-timeout-and-orphans.md#tcp_orphan_retries',
      'docs/kernel/fin-timeout-and-orphans.md#tcp_max_orphans',
      'docs/kernel/observing.md#sockstat',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp.c?h=v6.12.118 (__tcp_close, tcp_check_oom)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118 (tcp_out_of_resources, tcp_orphan_retries)',
      'docs/kernel/evidence/fin_timeout_orphan_lifetime.jsonl',
    ],
    messages: {
      orphans:
        'Closing sockets pile up as orphans: see the counts below\nClosing sockets pile up: {observed}. {finInfo} ' +
        'tcp_orphan_retries = {orphanRetries}{orphanRetriesMeaning} bounds how long orphans (FIN-WAIT-1, CLOSING, LAST-ACK) retransmit to a silent peer; it is left as is, since lowering it pays off only when orphans sit retransmitting to vanished peers ({finWait1} in FIN_WAIT1 now) (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout).',
      finTimeout:
        'Lower tcp_fin_timeout from {finTimeout} to 30: {finWait2} sockets wait in FIN_WAIT2\nLower tcp_fin_timeout from {finTimeout} (an orphaned FIN-WAIT-2 socket lives ~{lifetime} s{lifetimeNote}) to 30: {finWait2} sockets are in FIN_WAIT2, and orphaned ones are then freed after 30 s. ' +
        'At 60 or below they are timewait minisocks that count in sockstat "tw" and against tcp_max_tw_buckets ({twBuckets}). TIME-WAIT stays 60 s whatever this is (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout).',
      maxOrphans:
        'Orphans are being reset at the cap: raise tcp_max_orphans from {cap} to {proposed}\nRaise tcp_max_orphans from {cap} to {proposed} ({basis}){runtime}: TCPAbortOnMemory counted {aborts} sockets reset since boot, and the orphan count is at {percent}% of the cap, where timer paths (which compare 2× the count) already reset orphans. ' +
        'Each orphan may pin ~64 KB, so the new cap may cost up to ~{memory} MiB. The key is global: set it on the host, not in a container (docs/kernel/fin-timeout-and-orphans.md#tcp_max_orphans).',
    },
  },
  check({ facts, number, text, defaultOf }) {
    const finWait2 = facts.sockets?.byState.FIN_WAIT2;
    const finWait1 = facts.sockets?.byState.FIN_WAIT1;
    const orphanCount = facts.sockstat?.orphan;
    const aborts = facts.counters?.get('TCPAbortOnMemory') ?? 0;
    // Global key: registered for the initial namespace only, so it is absent inside a container (docs/kernel/fin-timeout-and-orphans.md#tcp_max_orphans).
    const capText = facts.keys.get(MAX_ORPHANS)?.live;
    const cap = capText === undefined ? undefined : Number(capText);
    const inContainer = facts.container?.isContainer === true || cap === undefined;

    // FIN_WAIT2 sockets whose peers are this host's own CLOSE_WAIT sockets are one problem with
    // them (close-wait-leak tells it): only the others count here.
    const explained = localCloseWaitPeers(facts).finWait2Explained;
    const unexplained = finWait2 === undefined ? undefined : finWait2 - explained;
    const manyFinWait2 = unexplained !== undefined && unexplained >= MANY_FIN_WAIT2;
    const nearCap = cap !== undefined && cap > 0 && orphanCount !== undefined && orphanCount >= ORPHANS_NEAR_CAP * cap;
    if (!manyFinWait2 && !nearCap && aborts === 0) return [];

    const finTimeout = number(FIN_TIMEOUT);
    const lifetime = finTimeout === undefined ? undefined : orphanFinWait2Seconds(finTimeout);
    const orphanRetries = number(ORPHAN_RETRIES);
    const capDescription =
      cap !== undefined
        ? `tcp_max_orphans ${cap}${orphanCount !== undefined && cap > 0 ? ` (${percent(orphanCount / cap)}%)` : ''}`
        : "tcp_max_orphans, which is not visible here (a global key, absent inside a container's network namespace: compare on the host)";
    const observed = [
      finWait2 !== undefined
        ? `${finWait2} sockets in FIN_WAIT2${explained > 0 ? ` (${explained} of them the peers of local CLOSE_WAIT sockets: see close-wait-leak)` : ''}${finWait2ByRemote(facts, explained)}`
        : '',
      orphanCount !== undefined ? `${orphanCount} orphaned sockets host-wide (sockstat) against ${capDescription}` : '',
      aborts > 0
        ? `${describeCounter(facts, 'TCPAbortOnMemory')} ${countersSinceText(facts)}: orphans reset because of tcp_max_orphans or tcp_mem ("too many orphaned sockets" in the kernel log)`
        : '',
      aborts > 0 && orphanCount === undefined && cap === undefined ? capDescription : '',
    ].filter(Boolean);
    const finInfo =
      finTimeout === undefined || lifetime === undefined
        ? ''
        : `tcp_fin_timeout = ${finTimeout} keeps an orphaned FIN-WAIT-2 socket ~${lifetime} s${finTimeout > 60 ? ` (above 60 the lifetime is 2×(${finTimeout}−60))` : ' as a timewait minisock counted in sockstat "tw"'}; it does not shorten TIME-WAIT, which is always 60 s. ` +
          'A FIN-WAIT-2 socket whose application only called shutdown(SHUT_WR) has no timer at all, and no sysctl frees it.';

    const evidence = {
      ...(finWait2 !== undefined ? { FIN_WAIT2: finWait2 } : {}),
      ...(orphanCount !== undefined ? { orphan: orphanCount } : {}),
      ...(cap !== undefined ? { tcp_max_orphans: cap } : {}),
      TCPAbortOnMemory: aborts,
      ...(finTimeout !== undefined ? { tcp_fin_timeout: finTimeout } : {}),
    };
    const reports: RuleReport[] = [
      {
        messageId: 'orphans',
        key: manyFinWait2 ? FIN_TIMEOUT : MAX_ORPHANS,
        data: {
          observed: observed.join('; '),
          finInfo,
          orphanRetries: orphanRetries ?? '?',
          orphanRetriesMeaning: orphanRetries === 0 ? ' (0 means 8 while the peer looks alive)' : '',
          finWait1: finWait1 ?? '?',
        },
        evidence,
      },
    ];

    // Values above 60 are not monotonic (65 → ~10 s): propose 30 only where it shortens the lifetime (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout).
    if (manyFinWait2 && finTimeout !== undefined && lifetime !== undefined && finTimeout >= 60 && lifetime > PROPOSED_FIN_TIMEOUT) {
      reports.push({
        messageId: 'finTimeout',
        key: FIN_TIMEOUT,
        data: {
          finTimeout,
          lifetime,
          lifetimeNote: finTimeout > 60 ? `, 2×(${finTimeout}−60)` : '',
          finWait2: unexplained,
          twBuckets: text(MAX_TW_BUCKETS) ?? '?',
        },
        evidence: { FIN_WAIT2: finWait2!, tcp_fin_timeout: finTimeout, orphanFinWait2Seconds: lifetime },
        change: {
          key: FIN_TIMEOUT,
          to: String(PROPOSED_FIN_TIMEOUT),
          why: `${unexplained} sockets are in FIN_WAIT2; orphaned ones live ~${lifetime} s with tcp_fin_timeout ${finTimeout}, 30 s with 30. TIME-WAIT is not affected (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout).`,
          priority: 'evidence',
        },
      });
    }

    if (aborts > 0 && nearCap && !inContainer && cap !== undefined && orphanCount !== undefined && 2 * orphanCount > cap) {
      // Never below the kernel default: a cap lowered at runtime is restored at least to it.
      const proposed = Math.max(2 * orphanCount, Number(defaultOf(MAX_ORPHANS) ?? 0));
      const basis =
        proposed === 2 * orphanCount
          ? `2 × the ${orphanCount} orphans held now`
          : `the kernel default for this host, above 2 × the ${orphanCount} orphans held now`;
      reports.push({
        messageId: 'maxOrphans',
        key: MAX_ORPHANS,
        data: {
          cap,
          proposed,
          basis,
          // Nothing configures the lower value: the boot value is already the default, so only the running host needs it.
          runtime:
            !facts.keys.get(MAX_ORPHANS)?.configured && String(proposed) === defaultOf(MAX_ORPHANS)
              ? `; no config line lowers it, so it was lowered at runtime: sysctl -w ${MAX_ORPHANS}=${proposed} restores it`
              : '',
          aborts,
          percent: percent(orphanCount / cap),
          memory: Math.ceil((proposed * KIB_PER_ORPHAN) / 1024),
        },
        evidence: { orphan: orphanCount, tcp_max_orphans: cap, TCPAbortOnMemory: aborts },
        change: {
          key: MAX_ORPHANS,
          to: String(proposed),
          why: `${orphanCount} orphans against a cap of ${cap} and TCPAbortOnMemory ${aborts}: orphans are being reset; ${proposed} is ${basis}, up to ~${Math.ceil((proposed * KIB_PER_ORPHAN) / 1024)} MiB at ~64 KB each (docs/kernel/fin-timeout-and-orphans.md#tcp_max_orphans).`,
          priority: 'evidence',
        },
      });
    }
    return reports;
  },
};

/** "; most towards 10.0.0.2:8080 (1200)": the peer whose application does not close. */
function finWait2ByRemote(facts: Parameters<Rule['check']>[0]['facts'], explained: number): string {
  if (explained > 0) return '';
  const top = facts.sockets?.remotes?.FIN_WAIT2?.[0];
  const port = facts.sockets?.localPorts?.FIN_WAIT2?.[0];
  if (top && top.count > 1) return `, most towards ${top.endpoint} (${top.count}): its application does not close after our FIN`;
  if (port && port.count > 1) return `, most on local port ${port.port} (${port.count})`;
  return '';
}

function percent(share: number): number {
  return Math.floor(share * 100);
}
