/**
 * A load balancer, firewall or NAT on the path forgets connections idle longer than its idle
 * timeout, silently. Keepalive probes only refresh it if the first one (and its retry) comes
 * before that timeout (docs/kernel/keepalive.md#detection-time); fitKeepaliveToIdleTimeout does the fitting.
 */
import type { Rule, RuleReport } from '../engine/types.js';
import type { Facts } from '../facts/types.js';
import { fitKeepaliveToIdleTimeout } from '../safety/keepalive.js';
import { keepaliveHops } from './idle-chain.js';
import { humanSeconds, keepaliveDetectionSeconds, retries2Seconds } from '../params/timing.js';

const TIME = 'net.ipv4.tcp_keepalive_time';
const INTVL = 'net.ipv4.tcp_keepalive_intvl';
const PROBES = 'net.ipv4.tcp_keepalive_probes';
const RETRIES2 = 'net.ipv4.tcp_retries2';

export const keepaliveIdleTimeout: Rule = {
  meta: {
    id: 'keepalive-idle-timeout',
    severity: 'warning',
    severities: { allowed: ['info', 'warning'], why: 'warning when idle connections die at a middlebox before the first probe' },
    description:
      'The first keepalive probe (or its retry) comes after the middlebox idle timeout, so idle connections are dropped silently on the path.',
    keys: [TIME, INTVL, PROBES],
    needs: [
      ['idle-timeout', 'config'],
      ['idle-timeout', 'live'],
    ],
    references: [
      'docs/kernel/keepalive.md#detection-time',
      'docs/kernel/keepalive.md#tcp_keepalive_time',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118 (tcp_keepalive_timer)',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
    messages: {
      keepaliveTime:
        'Idle connections outlive the middlebox: set tcp_keepalive_time to {time}\nIdle connections outlive the middlebox: {explanation}. Set tcp_keepalive_time to {time} (now {currentTime}; kernel default {timeDefault}). ' +
        'Dead-peer detection (tcp_keepalive_time + tcp_keepalive_probes × tcp_keepalive_intvl) then takes {after} ({afterFormula}) instead of {before} ({beforeFormula}) (docs/kernel/keepalive.md#detection-time).',
      profileFits:
        "Idle connections outlive the middlebox now; the profile's keepalive targets fix it once applied\nIdle connections outlive the middlebox now: the first keepalive probe comes after {time} s and the idle timeout on the path is {idleTimeout} s. The profile's keepalive targets (tcp_keepalive_time {profileTime}, tcp_keepalive_intvl {profileIntvl}) probe in time once applied (docs/kernel/keepalive.md#detection-time).",
      noKeepaliveSockets:
        'Idle connections outlive the middlebox, but none uses keepalive: the application must enable it\nThe first keepalive probe comes after {time} s, later than the {idleTimeout} s idle timeout on the path, but none of the {established} established connections here uses keepalive (no keepalive timer in the socket table{timerSource}), so the tcp_keepalive_* sysctls change nothing for them and none is proposed. ' +
        'Their idle connections are still dropped silently by the middlebox: the application must enable SO_KEEPALIVE (or send its own pings more often than every {idleTimeout} s); once it does, set tcp_keepalive_time below {idleTimeout} s (advise proposes it then), or TCP_KEEPIDLE per socket (docs/kernel/keepalive.md#detection-time).',
      keepaliveIntvl:
        'Set tcp_keepalive_intvl to {intvl} so a lost first probe is retried inside the idle timeout\nSet tcp_keepalive_intvl to {intvl} (now {currentIntvl}; kernel default {intvlDefault}): a lost first probe at {time} s is then retried at {retryAt} s, still inside the {idleTimeout} s idle timeout, instead of at {currentRetryAt} s (docs/kernel/keepalive.md#detection-time).',
    },
  },
  check({ context, number, defaultOf, facts, planned }) {
    // The smallest idle timeout on the path that keepalive probes refresh (--idle-timeout, --nat, --lb).
    const hop = keepaliveHops(context)[0];
    const idleTimeout = hop?.seconds ?? null;
    const time = number(TIME);
    const intvl = number(INTVL);
    const probes = number(PROBES);
    if (idleTimeout === null || time === undefined || intvl === undefined || probes === undefined) return [];
    const hopName = hop?.box ? hop.name : undefined;
    const fit = fitKeepaliveToIdleTimeout(idleTimeout, { time, intvl, probes }, ...(hopName ? [hopName] : []));
    if (!fit) return [];
    // The sysctls act only on sockets with SO_KEEPALIVE: none among the connections now, no change.
    const established = facts.sockets?.byState.ESTABLISHED ?? 0;
    if (facts.sockets?.keepaliveEstablished === 0 && established > 0) {
      return [
        {
          messageId: 'noKeepaliveSockets',
          severity: 'info',
          key: TIME,
          data: { time, idleTimeout, established, timerSource: ': "tr" 2 in /proc/net/tcp, timer:(keepalive,…) in ss -o' },
          evidence: { idleTimeout, tcp_keepalive_time: time, ESTABLISHED: established, keepaliveSockets: 0 },
        },
      ];
    }
    const plannedNumber = (key: string, fallback: number) => Number(planned(key) ?? fallback);
    const plannedSettings = { time: plannedNumber(TIME, time), intvl: plannedNumber(INTVL, intvl), probes: plannedNumber(PROBES, probes) };
    if (!fitKeepaliveToIdleTimeout(idleTimeout, plannedSettings, ...(hopName ? [hopName] : []))) {
      // The profile's keepalive targets already probe in time: report the current state, propose nothing over them.
      return [
        {
          messageId: 'profileFits',
          key: TIME,
          data: { idleTimeout, time, profileTime: plannedSettings.time, profileIntvl: plannedSettings.intvl },
          evidence: { idleTimeout, tcp_keepalive_time: time, tcp_keepalive_intvl: intvl, tcp_keepalive_probes: probes },
        },
      ];
    }

    const newIntvl = fit.intvl ?? intvl;
    const before = keepaliveDetectionSeconds(time, intvl, probes);
    const after = keepaliveDetectionSeconds(fit.time, newIntvl, probes);
    const retries2 = number(RETRIES2);
    const caveats = [
      'Applies only to sockets that set SO_KEEPALIVE; per-socket TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT win over these sysctls.',
      `While data is unacknowledged the keepalive timer does nothing: tcp_retries2${retries2 !== undefined ? ` (${retries2}, ~${retries2Seconds(retries2)} s)` : ''} governs instead, and TCP_USER_TIMEOUT replaces the probe count when set.`,
      ...keepaliveSocketCaveats(facts),
      ...(facts.container?.isContainer
        ? [
            "These keys are per network namespace: each container or pod starts from the kernel default (7200 s), not from the node's value (docs/kernel/namespaces.md#new-namespace-defaults).",
          ]
        : []),
    ];
    const evidence = {
      idleTimeout,
      tcp_keepalive_time: time,
      tcp_keepalive_intvl: intvl,
      tcp_keepalive_probes: probes,
      detectionSeconds: before,
    };
    const reports: RuleReport[] = [
      {
        messageId: 'keepaliveTime',
        key: TIME,
        data: {
          explanation: fit.explanation,
          time: fit.time,
          currentTime: time,
          timeDefault: defaultOf(TIME) ?? '?',
          after: humanSeconds(after),
          afterFormula: `${fit.time} + ${probes} × ${newIntvl}`,
          before: humanSeconds(before),
          beforeFormula: `${time} + ${probes} × ${intvl}`,
        },
        evidence,
        caveats,
        change: {
          key: TIME,
          to: String(fit.time),
          why: `${capitalise(fit.explanation)}; dead-peer detection ${fit.time} + ${probes} × ${newIntvl} = ${after} s instead of ${before} s (docs/kernel/keepalive.md#detection-time).`,
          priority: 'evidence',
        },
      },
    ];
    if (fit.intvl !== undefined) {
      reports.push({
        messageId: 'keepaliveIntvl',
        key: INTVL,
        data: {
          intvl: fit.intvl,
          currentIntvl: intvl,
          intvlDefault: defaultOf(INTVL) ?? '?',
          time: fit.time,
          retryAt: fit.time + fit.intvl,
          idleTimeout,
          currentRetryAt: fit.time + intvl,
        },
        evidence,
        change: {
          key: INTVL,
          to: String(fit.intvl),
          why: `With the first probe at ${fit.time} s, a retry ${fit.intvl} s later (at ${fit.time + fit.intvl} s) still lands inside the ${idleTimeout} s idle timeout (docs/kernel/keepalive.md#detection-time).`,
          priority: 'evidence',
        },
      });
    }
    return reports;
  },
};

/** Whether this host's long-lived sockets and applications enable SO_KEEPALIVE, as far as the facts show. */
function keepaliveSocketCaveats(facts: Facts): string[] {
  const out: string[] = [];
  const established = facts.sockets?.byState.ESTABLISHED;
  const withTimer = facts.sockets?.keepaliveEstablished;
  if (established !== undefined && established > 0 && withTimer !== undefined)
    out.push(
      `On this host ${withTimer} of ${established} established connections have a keepalive timer (SO_KEEPALIVE); the others are not probed whatever these sysctls say.`,
    );
  if (facts.apps) {
    const enabling = facts.apps.tcpKeepalive.map((k) => `${k.directive} (${k.at.file}:${k.at.line})`);
    out.push(
      enabling.length > 0
        ? `Applications configured here that enable SO_KEEPALIVE: ${enabling.join('; ')}.`
        : `None of the application configs read here (${[...new Set(facts.apps.servers.map((s) => s.app))].join(', ') || 'none'}) enables SO_KEEPALIVE (nginx: listen ... so_keepalive=on, proxy_socket_keepalive on; HAProxy: option clitcpka/srvtcpka).`,
    );
  }
  return out;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
