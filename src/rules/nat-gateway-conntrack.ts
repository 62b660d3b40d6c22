/**
 * On a NAT gateway every flow crossing the host holds a conntrack entry; when the table is full
 * the kernel drops packets of new flows ("nf_conntrack: table full, dropping packet"). Its
 * timeouts are conntrack's own, unrelated to the TCP stack's 60 s TIME-WAIT (docs/kernel/conntrack.md#nf_conntrack_max).
 */
import type { Rule, RuleReport, Severity } from '../engine/types.js';
import { humanSeconds } from '../params/timing.js';

const FORWARD = 'net.ipv4.ip_forward';
const MAX = 'net.netfilter.nf_conntrack_max';
const COUNT = 'net.netfilter.nf_conntrack_count';
const TIME_WAIT = 'net.netfilter.nf_conntrack_tcp_timeout_time_wait';
const ESTABLISHED = 'net.netfilter.nf_conntrack_tcp_timeout_established';
const KEEPALIVE_TIME = 'net.ipv4.tcp_keepalive_time';

const WARNING_FILL = 0.8;
const ERROR_FILL = 0.95;
/** TCP_TIMEWAIT_LEN: a server's TIME-WAIT for a 4-tuple lasts this long (docs/kernel/time-wait.md#time-wait-length). */
const TCP_TIME_WAIT_SECONDS = 60;

export const natGatewayConntrack: Rule = {
  meta: {
    id: 'nat-gateway-conntrack',
    severity: 'warning',
    severities: {
      allowed: ['info', 'warning', 'error'],
      why: 'error when the conntrack table is nearly full (new flows dropped), warning when sized too small',
    },
    description: 'On a NAT gateway the conntrack table is nearly full: new flows are dropped when it fills.',
    keys: [MAX, COUNT, TIME_WAIT, ESTABLISHED, FORWARD],
    needs: [['live']],
    references: [
      'docs/kernel/conntrack.md#nf_conntrack_max',
      'docs/kernel/conntrack.md#nf_conntrack_tcp_timeout_time_wait',
      'docs/kernel/conntrack.md#nf_conntrack_tcp_timeout_established',
      'docs/kernel/time-wait.md#tcp_tw_recycle',
      'docs/kernel/namespaces.md#kubernetes',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/netfilter/nf_conntrack_core.c?h=v6.12.118',
      'https://www.kernel.org/doc/html/v6.12/networking/nf_conntrack-sysctl.html',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
    ],
    messages: {
      tableFilling:
        'The conntrack table is {percent}% full ({count} of {max}): new flows are dropped when it fills\n{count} of {max} conntrack entries are in use ({percent}%){level}: when the table is full the kernel drops packets of new flows and logs "nf_conntrack: table full, dropping packet". ' +
        "Closed TCP flows keep their entry for nf_conntrack_tcp_timeout_time_wait = {timeWait} s (kernel default 120), a conntrack timer independent of the TCP stack's 60 s TIME-WAIT and of tcp_fin_timeout; " +
        'idle established flows keep theirs for nf_conntrack_tcp_timeout_established = {established} (kernel default 432000 s, 5 days) unless traffic such as keepalive probes refreshes it. ' +
        '{action} (docs/kernel/conntrack.md#nf_conntrack_max).',
      shortTimeWait:
        "nf_conntrack_tcp_timeout_time_wait = {timeWait} s is below a server's 60 s TIME-WAIT: set it back to 120\nnf_conntrack_tcp_timeout_time_wait is {timeWait} s (kernel default 120), shorter than the 60 s a server keeps TIME-WAIT: this gateway may hand the same translated port to another host behind it towards the same server while that server still holds TIME-WAIT for the 4-tuple, " +
        'and a SYN whose timestamp is older than the one stored there fails the PAWS check and is not accepted (docs/kernel/time-wait.md#server-side-time-wait-and-paws). Set it back to 120.',
      noConntrack:
        'NAT gateway without conntrack here: nothing to check; find where the translation happens\nThis host is treated as a NAT gateway ({why}), but net.netfilter.nf_conntrack_max and nf_conntrack_count were not found: the nf_conntrack module is not loaded in this namespace, so there is no table to check. NAT needs conntrack; check where the translation happens.',
    },
  },
  check({ facts, context, number, text, defaultOf }) {
    const live = (key: string) => facts.keys.get(key)?.live;
    const maxText = live(MAX);
    const countText = live(COUNT);
    const forwarding = number(FORWARD) ?? 0;
    if (!context.natGateway && !(forwarding !== 0 && maxText !== undefined)) return [];
    const why = context.natGateway ? '--nat-gateway' : `net.ipv4.ip_forward = ${forwarding} with conntrack loaded`;

    if (maxText === undefined || countText === undefined) {
      return [{ messageId: 'noConntrack', severity: 'info', data: { why }, evidence: { ip_forward: forwarding } }];
    }
    const reports: RuleReport[] = [];
    const max = Number(maxText);
    const count = Number(countText);
    const timeWait = number(TIME_WAIT);
    const established = number(ESTABLISHED);
    const inContainer = facts.container?.isContainer === true;

    const fill = max > 0 ? count / max : 1;
    if (fill >= WARNING_FILL) {
      const severity: Severity = fill >= ERROR_FILL ? 'error' : 'warning';
      // Never below the kernel default: a limit lowered at runtime is restored at least to it.
      const proposed = Math.max(nextPowerOfTwo(2 * count), Number(defaultOf(MAX) ?? 0));
      const basis =
        proposed === nextPowerOfTwo(2 * count)
          ? '2 × the count, rounded up to a power of two'
          : 'the kernel default for this host, above 2 × the count';
      const action = inContainer
        ? `Raise nf_conntrack_max to ${proposed} (${basis}) on the host: the value is global and read-only inside a container, so it cannot be set here`
        : `Raise nf_conntrack_max to ${proposed} (${basis})${
            !facts.keys.get(MAX)?.configured && String(proposed) === defaultOf(MAX)
              ? `; no config line lowers it, so it was lowered at runtime: sysctl -w ${MAX}=${proposed} restores it`
              : ''
          }; the value is global (one table limit for the host, read-only inside containers)`;
      reports.push({
        messageId: 'tableFilling',
        severity,
        key: MAX,
        data: {
          count,
          max,
          percent: Math.floor(fill * 100),
          level: severity === 'error' ? ', about to be full' : '',
          timeWait: timeWait ?? '?',
          established: established === undefined ? '?' : humanSeconds(established),
          action,
        },
        evidence: {
          nf_conntrack_count: count,
          nf_conntrack_max: max,
          fillPercent: Math.floor(fill * 100),
          ...(timeWait !== undefined ? { nf_conntrack_tcp_timeout_time_wait: timeWait } : {}),
          ...(established !== undefined ? { nf_conntrack_tcp_timeout_established: established } : {}),
        },
        caveats: [
          `An idle connection through this gateway loses its translation after nf_conntrack_tcp_timeout_established; endpoints keep it only with keepalive below that (tcp_keepalive_time here is ${text(KEEPALIVE_TIME) ?? '?'} s, and applies to SO_KEEPALIVE sockets only).`,
        ],
        ...(inContainer
          ? {}
          : {
              change: {
                key: MAX,
                to: String(proposed),
                why: `${count} of ${max} conntrack entries in use (${Math.floor(fill * 100)}%); a full table drops new flows; ${proposed} is ${basis} (docs/kernel/conntrack.md#nf_conntrack_max).`,
                priority: 'evidence' as const,
              },
            }),
      });
    }

    if (timeWait !== undefined && timeWait < TCP_TIME_WAIT_SECONDS) {
      reports.push({
        messageId: 'shortTimeWait',
        key: TIME_WAIT,
        data: { timeWait },
        evidence: { nf_conntrack_tcp_timeout_time_wait: timeWait },
        change: {
          key: TIME_WAIT,
          to: '120',
          why: `nf_conntrack_tcp_timeout_time_wait ${timeWait} s is shorter than a server's 60 s TIME-WAIT: reused translated ports can meet PAWS rejects (docs/kernel/time-wait.md#server-side-time-wait-and-paws).`,
          priority: 'evidence',
        },
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
