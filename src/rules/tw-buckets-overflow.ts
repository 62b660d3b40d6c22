/**
 * When the TIME-WAIT cap is reached, closing sockets skip TIME-WAIT entirely, unprotected, and
 * only TCPTimeWaitOverflow tells (6.x logs nothing). Raise the cap to twice the observed peak;
 * never lower it to fight TIME-WAIT (docs/kernel/time-wait.md#tcp_max_tw_buckets).
 */
import type { Rule, RuleReport } from '../engine/types.js';
import { counterEvidence, countersSinceText, describeCounter, windowText } from '../safety/counters.js';

const KEY = 'net.ipv4.tcp_max_tw_buckets';
/** A timewait minisock costs roughly this much kernel memory (struct tcp_timewait_sock and hash overhead). */
const BYTES_PER_TW_SOCKET = 256;

export const twBucketsOverflow: Rule = {
  meta: {
    id: 'tw-buckets-overflow',
    severity: 'error',
    severities: { allowed: ['info', 'error'], why: 'error when TIME_WAIT overflows now (sockets destroyed)' },
    description: 'tcp_max_tw_buckets is below the observed TIME-WAIT count, or the kernel counted overflows.',
    keys: [KEY],
    needs: [
      ['live', 'counters'],
      ['live', 'sockets'],
    ],
    references: [
      'docs/kernel/time-wait.md#tcp_max_tw_buckets',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/inet_timewait_sock.c?h=v6.12.118 (inet_twsk_alloc)',
      'docs/kernel/evidence/tw_buckets_overflow.txt',
    ],
    messages: {
      overflow:
        'TIME-WAIT reaches the cap tcp_max_tw_buckets = {cap}: raise it to {proposed}\ntcp_max_tw_buckets is {cap}, and {observed}: closing sockets skip TIME-WAIT without protection against old duplicate segments. Raise it to {proposed} ({basis}; ~{memory} MiB of kernel memory at the cap). Lowering it never helps.',
      overflowedBefore:
        '{overflows} sockets skipped TIME-WAIT earlier, most likely under a lower cap; none are at risk now\n{overflows} sockets skipped TIME-WAIT {since}, but {timewait} timewait sockets are held now and the cap tcp_max_tw_buckets = {cap} leaves at least twice that: the overflows most likely happened under a lower cap (the counter never resets). {age}',
    },
  },
  check({ facts, number, defaultOf }) {
    const cap = number(KEY);
    if (cap === undefined) return [];
    const overflows = facts.counters?.get('TCPTimeWaitOverflow') ?? 0;
    // sockstat "tw" is the figure the kernel compares with the cap; the socket table's TIME_WAIT + FIN_WAIT2 is the fallback.
    const timewait = facts.sockstat?.tw ?? (facts.sockets ? facts.sockets.byState.TIME_WAIT : undefined);
    const atCap = timewait !== undefined && timewait >= cap;
    if (overflows === 0 && !atCap) return [];
    const kernelDefault = Number(defaultOf(KEY) ?? 0);
    // The counter is cumulative since boot: once the cap has 2x headroom over today's count (and is
    // not below the default), raising it again on the same evidence would ratchet on every run.
    if (!atCap && timewait !== undefined && cap >= 2 * timewait && cap >= kernelDefault) {
      const window = facts.counterWindow;
      const age = !window
        ? `Run advise --interval 5 to see whether it still grows; if it does, the peaks come in bursts above ${cap}.`
        : (window.deltas.get('TCPTimeWaitOverflow') ?? 0) > 0
          ? `It grew over the last ${window.seconds} s, so the peaks come in bursts above ${cap}.`
          : `It did not grow over the last ${window.seconds} s.`;
      return [
        {
          messageId: 'overflowedBefore',
          severity: 'info',
          data: { overflows: describeCounter(facts, 'TCPTimeWaitOverflow'), since: countersSinceText(facts), timewait, cap, age },
          key: KEY,
          evidence: { tcp_max_tw_buckets: cap, ...counterEvidence(facts, 'TCPTimeWaitOverflow'), timewait },
        },
      ];
    }
    const peak = Math.max(timewait ?? 0, cap);
    // Never below the kernel default: a cap lowered by config is restored at least to it.
    const proposed = Math.max(2 * peak, kernelDefault);
    const observed = [
      overflows > 0
        ? `TCPTimeWaitOverflow counted ${overflows} sockets that skipped TIME-WAIT ${countersSinceText(facts)}${windowText(facts, 'TCPTimeWaitOverflow')}`
        : '',
      timewait !== undefined ? `${timewait} timewait sockets are held now${whereTimeWait(facts)}` : '',
    ]
      .filter(Boolean)
      .join(', and ');
    const report: RuleReport = {
      messageId: 'overflow',
      data: {
        cap,
        observed,
        proposed,
        basis: proposed === 2 * peak ? '2 × the observed peak' : 'the kernel default for this host, above 2 × the observed peak',
        memory: Math.ceil((proposed * BYTES_PER_TW_SOCKET) / 2 ** 20),
      },
      key: KEY,
      evidence: { tcp_max_tw_buckets: cap, TCPTimeWaitOverflow: overflows, ...(timewait !== undefined ? { timewait } : {}) },
      change: {
        key: KEY,
        to: String(proposed),
        why: `TIME-WAIT reached the cap of ${cap} (${observed}); 2 × the peak leaves headroom (docs/kernel/time-wait.md#tcp_max_tw_buckets).`,
        priority: 'safety',
      },
      caveats: [
        'Clients behind NAT: TIME-WAIT on this host protects new connections on the same 4-tuple (PAWS); skipping it removes that protection.',
      ],
    };
    return [report];
  },
};

/** Who holds the TIME-WAIT sockets: the top destination of outbound ones, or a local port (server side). */
function whereTimeWait(facts: Parameters<Rule['check']>[0]['facts']): string {
  const remote = facts.sockets?.timeWaitByRemote[0];
  const local = facts.sockets?.localPorts?.TIME_WAIT?.[0];
  if (remote && (!local || remote.count >= local.count)) return ` (most towards ${remote.endpoint}: ${remote.count})`;
  if (local && local.count > 1) return ` (most on local port ${local.port}: ${local.count})`;
  return '';
}
