/**
 * Conntrack on this host (a NAT gateway, a Kubernetes node, a stateful firewall) forgets an idle
 * TCP flow after nf_conntrack_tcp_timeout_established; keepalive refreshes the entry only if its
 * first probe (and a retry) come sooner (docs/kernel/keepalive.md#the-idle-timeout-chain,
 * docs/kernel/conntrack.md#nf_conntrack_tcp_timeout_established). The local lever is the
 * conntrack timeout: shortening keepalive namespace-wide would change every SO_KEEPALIVE socket.
 */
import type { Rule } from '../engine/types.js';
import { humanSeconds, keepaliveDetectionSeconds } from '../params/timing.js';

const ESTABLISHED = 'net.netfilter.nf_conntrack_tcp_timeout_established';
const TIME = 'net.ipv4.tcp_keepalive_time';
const INTVL = 'net.ipv4.tcp_keepalive_intvl';
const PROBES = 'net.ipv4.tcp_keepalive_probes';

export const conntrackEstablishedBelowKeepalive: Rule = {
  meta: {
    id: 'conntrack-established-below-keepalive',
    severity: 'warning',
    severities: {
      allowed: ['warning'],
      why: 'idle tracked connections lose their conntrack entry before keepalive refreshes it: worse behaviour',
    },
    description:
      "Conntrack's established timeout expires idle flows before the first keepalive probe (or its retry): idle connections through this host lose their state.",
    keys: [ESTABLISHED, TIME, INTVL, PROBES],
    needs: [['live'], ['config']],
    references: [
      'docs/kernel/keepalive.md#the-idle-timeout-chain',
      'docs/kernel/conntrack.md#nf_conntrack_tcp_timeout_established',
      'https://www.kernel.org/doc/html/v6.12/networking/nf_conntrack-sysctl.html',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_timer.c?h=v6.12.118 (tcp_keepalive_timer)',
    ],
    messages: {
      expiresBeforeProbe:
        'Conntrack forgets idle flows after {established} s, before keepalive probes ({time} s): raise the timeout to {to}\n' +
        'Conntrack here drops the entry of a TCP flow idle for {established} s; SO_KEEPALIVE sockets probe first after tcp_keepalive_time = {time} s (a lost probe is retried at {retry} s). ' +
        'A connection idle longer loses its entry: with NAT, later packets are no longer translated; behind "ct state established" rules they are dropped as INVALID, silently, and the sender retransmits until tcp_retries2 gives up. ' +
        'Setting it to {to} s, keepalive dead-peer detection ({formula} = {detection}), keeps the entry while keepalive still considers the peer alive; kube-proxy nodes use 86400 s. ' +
        'The alternative, tcp_keepalive_time below {established} s, changes every SO_KEEPALIVE socket in the namespace.',
    },
  },
  check({ number, facts }) {
    const established = number(ESTABLISHED);
    const time = number(TIME);
    const intvl = number(INTVL);
    const probes = number(PROBES);
    // Only where conntrack is there (the key read live) or a file sets it: the default 432000 s never trips this.
    const state = facts.keys.get(ESTABLISHED);
    if (!state?.live && !state?.configured) return [];
    if (established === undefined || time === undefined || intvl === undefined || probes === undefined) return [];
    if (established > time + intvl) return [];
    const detection = keepaliveDetectionSeconds(time, intvl, probes);
    return [
      {
        messageId: 'expiresBeforeProbe',
        key: ESTABLISHED,
        data: {
          established,
          time,
          retry: time + intvl,
          to: detection,
          formula: `${time} + ${probes} × ${intvl}`,
          detection: humanSeconds(detection),
        },
        evidence: {
          nf_conntrack_tcp_timeout_established: established,
          tcp_keepalive_time: time,
          tcp_keepalive_intvl: intvl,
          tcp_keepalive_probes: probes,
        },
        ...(state.configured ? { location: { file: state.configured.file, line: state.configured.line } } : {}),
        change: {
          key: ESTABLISHED,
          to: String(detection),
          why: `Conntrack kept idle flows ${established} s, less than the ${time} s before the first keepalive probe; ${detection} s (${time} + ${probes} × ${intvl}) outlasts keepalive's dead-peer detection (docs/kernel/keepalive.md#the-idle-timeout-chain).`,
          priority: 'evidence',
        },
      },
    ];
  },
};
