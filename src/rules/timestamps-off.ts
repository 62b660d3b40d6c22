/**
 * tcp_timestamps = 0 removes PAWS, makes tcp_tw_reuse a no-op and makes SYN-cookie handshakes
 * lose window scaling, SACK and ECN (docs/kernel/timestamps.md#tcp_timestamps; docs/kernel/time-wait.md#tcp_tw_reuse). Turning them off "for
 * NAT" fights a problem that was tcp_tw_recycle's, removed in 4.12 (docs/kernel/time-wait.md#tcp_tw_recycle). This rule owns the
 * proposal tcp_timestamps = 1; tw-reuse-without-timestamps only explains the reuse side.
 */
import { configuredValue, firstNumber } from '../engine/key-values.js';
import type { Facts } from '../facts/types.js';
import { fillMessage } from '../engine/messages.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { atLeast, type KernelVersion } from '../kernel/version.js';
import { TW_RECYCLE_REMOVED_IN } from '../safety/sentences.js';

const KEY = 'net.ipv4.tcp_timestamps';
const REUSE = 'net.ipv4.tcp_tw_reuse';

const NAT_CAVEATS = {
  since410: `Clients behind NAT: timestamps are safe with NAT; the NAT problem was tcp_tw_recycle (per-host timestamp check), removed in ${TW_RECYCLE_REMOVED_IN}. One case remains: when this host still holds a TIME-WAIT for the same 4-tuple, a new SYN carrying an older timestamp fails the PAWS check and is dropped ({counter}) (docs/kernel/time-wait.md#server-side-time-wait-and-paws).`,
  before410:
    'Clients behind NAT: on {kernel} timestamps have no random offset (that came in 4.10), but without tcp_tw_recycle nothing drops SYNs per host; only a TIME-WAIT on this host for the same 4-tuple can reject a new SYN carrying an older timestamp ({counter}) (docs/kernel/time-wait.md#server-side-time-wait-and-paws).',
} as const;

/** The NAT caveat for rules that ask for timestamps (shared with tw-reuse-without-timestamps). */
export function timestampsNatCaveat(kernel: KernelVersion): string {
  const counter = atLeast(kernel, '6.18')
    ? 'PAWSTimewait'
    : atLeast(kernel, '6.13')
      ? 'PAWSEstab, or PAWSTimewait where the kernel has it'
      : 'PAWSEstab';
  return fillMessage(atLeast(kernel, '4.10') ? NAT_CAVEATS.since410 : NAT_CAVEATS.before410, { kernel: kernel.text, counter });
}

/** Whether tcp_tw_reuse is explicitly asked for: configured 1 or 2, or live 1 (2 is the default since 4.18). */
export function reuseRequested(
  facts: Facts,
): { value: number; where: string; line?: { file: string; line: number; column: number } } | undefined {
  const state = facts.keys.get(REUSE);
  const configured = state?.configured;
  if (configured) {
    const value = firstNumber(configuredValue(REUSE, configured.value));
    return value === 1 || value === 2
      ? {
          value,
          where: `${configured.file}:${configured.line}`,
          line: { file: configured.file, line: configured.line, column: configured.keyColumn },
        }
      : undefined;
  }
  return firstNumber(state?.live) === 1 ? { value: 1, where: 'live' } : undefined;
}

const FIX_CONFIGURED = 'Set it to 1, the default.';
const FIX_CONFIGURED_OFFSETS = 'Set it to 1, the default: timestamps with a random offset.';
const FIX_LIVE = 'No config line sets it: turn it on with "sysctl -w net.ipv4.tcp_timestamps=1" and find what turned it off.';

export const timestampsOff: Rule = {
  meta: {
    id: 'timestamps-off',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'loses PAWS, RTT measurement and tw_reuse: worse behaviour' },
    description: 'tcp_timestamps = 0: no PAWS protection, tcp_tw_reuse cannot work, SYN cookies drop window scaling/SACK/ECN.',
    keys: [KEY],
    needs: [['config'], ['live']],
    references: [
      'docs/kernel/timestamps.md#tcp_timestamps',
      'docs/kernel/time-wait.md#tcp_tw_reuse',
      'docs/kernel/time-wait.md#tcp_tw_recycle',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_input.c?h=v6.12.118 (tcp_conn_request)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=95a22caee396 (tcp: randomize tcp timestamp offsets for each connection)',
    ],
    messages: {
      off: `tcp_timestamps = 0 removes PAWS, tcp_tw_reuse and SYN-cookie options: set it to 1\ntcp_timestamps = 0 turns off TCP timestamps (RFC 7323): PAWS no longer rejects old duplicate segments on fast or long-lived connections, connect() can never take over a TIME-WAIT 4-tuple (tcp_tw_reuse needs a peer timestamp), and when SYN cookies fire the handshake loses window scaling, SACK and ECN (docs/kernel/timestamps.md#tcp_timestamps; docs/kernel/time-wait.md#tcp_tw_reuse). ${FIX_CONFIGURED}`,
      offRandom: `tcp_timestamps = 0 removes PAWS, tcp_tw_reuse and SYN-cookie options: set it to 1\ntcp_timestamps = 0 turns off TCP timestamps (RFC 7323): PAWS no longer rejects old duplicate segments on fast or long-lived connections, connect() can never take over a TIME-WAIT 4-tuple (tcp_tw_reuse needs a peer timestamp), and when SYN cookies fire the handshake loses window scaling, SACK and ECN (docs/kernel/timestamps.md#tcp_timestamps; docs/kernel/time-wait.md#tcp_tw_reuse). ${FIX_CONFIGURED_OFFSETS}`,
      offLive: `tcp_timestamps is 0 at runtime, which removes PAWS, tcp_tw_reuse and SYN-cookie options: turn it on\ntcp_timestamps = 0 turns off TCP timestamps (RFC 7323): PAWS no longer rejects old duplicate segments on fast or long-lived connections, connect() can never take over a TIME-WAIT 4-tuple (tcp_tw_reuse needs a peer timestamp), and when SYN cookies fire the handshake loses window scaling, SACK and ECN (docs/kernel/timestamps.md#tcp_timestamps; docs/kernel/time-wait.md#tcp_tw_reuse). ${FIX_LIVE}`,
      offWithReuse: `tcp_timestamps = 0 removes PAWS and makes tcp_tw_reuse useless: set it to 1\ntcp_timestamps = 0 turns off TCP timestamps (RFC 7323): PAWS no longer rejects old duplicate segments on fast or long-lived connections, and when SYN cookies fire the handshake loses window scaling, SACK and ECN (docs/kernel/timestamps.md#tcp_timestamps). It also makes tcp_tw_reuse = {reuse} ({reuseWhere}) useless (see tw-reuse-without-timestamps). ${FIX_CONFIGURED}`,
      offWithReuseRandom: `tcp_timestamps = 0 removes PAWS and makes tcp_tw_reuse useless: set it to 1\ntcp_timestamps = 0 turns off TCP timestamps (RFC 7323): PAWS no longer rejects old duplicate segments on fast or long-lived connections, and when SYN cookies fire the handshake loses window scaling, SACK and ECN (docs/kernel/timestamps.md#tcp_timestamps). It also makes tcp_tw_reuse = {reuse} ({reuseWhere}) useless (see tw-reuse-without-timestamps). ${FIX_CONFIGURED_OFFSETS}`,
      offWithReuseLive: `tcp_timestamps is 0 at runtime, which removes PAWS and makes tcp_tw_reuse useless: turn it on\ntcp_timestamps = 0 turns off TCP timestamps (RFC 7323): PAWS no longer rejects old duplicate segments on fast or long-lived connections, and when SYN cookies fire the handshake loses window scaling, SACK and ECN (docs/kernel/timestamps.md#tcp_timestamps). It also makes tcp_tw_reuse = {reuse} ({reuseWhere}) useless (see tw-reuse-without-timestamps). ${FIX_LIVE}`,
    },
    reasons: {
      on: 'tcp_timestamps = 0 removes PAWS, makes tcp_tw_reuse a no-op and strips window scaling, SACK and ECN from SYN-cookie handshakes (docs/kernel/timestamps.md#tcp_timestamps; docs/kernel/time-wait.md#tcp_tw_reuse).',
    },
  },
  check({ facts, context }) {
    const state = facts.keys.get(KEY);
    const configured = state?.configured;
    const value = configured ? firstNumber(configuredValue(KEY, configured.value)) : firstNumber(state?.live);
    if (value !== 0) return [];
    const fix = configured ? (atLeast(facts.kernel, '4.10') ? 'Random' : '') : 'Live';
    const reuse = reuseRequested(facts);
    const report: RuleReport = {
      messageId: `${reuse ? 'offWithReuse' : 'off'}${fix}`,
      data: reuse ? { reuse: reuse.value, reuseWhere: reuse.where } : {},
      key: KEY,
      evidence: { tcp_timestamps: 0, ...(reuse ? { tcp_tw_reuse: reuse.value } : {}) },
      ...(configured ? { location: { file: configured.file, line: configured.line, column: configured.keyColumn } } : {}),
      ...(configured
        ? {
            change: {
              key: KEY,
              to: '1',
              why: fillMessage(timestampsOff.meta.reasons!.on!),
              priority: 'evidence' as const,
            },
          }
        : {}),
      ...(context.clientsBehindNat ? { caveats: [timestampsNatCaveat(facts.kernel)] } : {}),
    };
    return [report];
  },
};
