/**
 * tcp_tw_reuse asked for while tcp_timestamps = 0: connect() takes over a TIME-WAIT 4-tuple only
 * when the old connection recorded a peer timestamp, so reuse never happens (docs/kernel/time-wait.md#tcp_tw_reuse,
 * measured). The fix (tcp_timestamps = 1) is proposed by timestamps-off, which owns that key;
 * this rule explains why the tcp_tw_reuse line does nothing.
 */
import { configuredValue, firstNumber } from '../engine/key-values.js';
import type { Rule } from '../engine/types.js';
import { reuseRequested, timestampsNatCaveat } from './timestamps-off.js';

const KEY = 'net.ipv4.tcp_tw_reuse';
const TIMESTAMPS = 'net.ipv4.tcp_timestamps';

export const twReuseWithoutTimestamps: Rule = {
  meta: {
    id: 'tw-reuse-without-timestamps',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'tw_reuse needs timestamps: it does not do what it claims' },
    description: 'tcp_tw_reuse is set while tcp_timestamps = 0, so TIME-WAIT 4-tuples are never reused.',
    keys: [KEY, TIMESTAMPS],
    needs: [['config'], ['live']],
    references: [
      'docs/kernel/time-wait.md#tcp_tw_reuse',
      'docs/kernel/time-wait.md#tcp_tw_recycle',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_ipv4.c?h=v6.12.118 (tcp_twsk_unique)',
      'docs/kernel/evidence/twreuse_test.txt',
    ],
    messages: {
      noTimestamps:
        'tcp_tw_reuse = {reuse} does nothing while tcp_timestamps = 0: turn timestamps on\ntcp_tw_reuse = {reuse} ({reuseWhere}) never takes effect: tcp_timestamps = 0 ({timestampsWhere}), and connect() takes over a TIME-WAIT 4-tuple only when the old connection recorded a peer timestamp (measured on 6.18: reuse = 1 with timestamps off never reused a port; docs/kernel/time-wait.md#tcp_tw_reuse). {scope} connections still wait out the full 60 s TIME-WAIT before their 4-tuple can be used again. Turn timestamps on (timestamps-off proposes tcp_timestamps = 1); until then this tcp_tw_reuse setting does nothing.',
    },
  },
  check({ facts, context }) {
    const reuse = reuseRequested(facts);
    if (!reuse) return [];
    const state = facts.keys.get(TIMESTAMPS);
    const configured = state?.configured;
    const timestamps = configured ? firstNumber(configuredValue(TIMESTAMPS, configured.value)) : firstNumber(state?.live);
    if (timestamps !== 0) return [];
    const location =
      reuse.line ?? (configured ? { file: configured.file, line: configured.line, column: configured.keyColumn } : undefined);
    return [
      {
        messageId: 'noTimestamps',
        data: {
          reuse: reuse.value,
          reuseWhere: reuse.where,
          timestampsWhere: configured ? `${configured.file}:${configured.line}` : 'live',
          scope: reuse.value === 2 ? 'Outgoing loopback' : 'Outgoing',
        },
        key: KEY,
        evidence: { tcp_tw_reuse: reuse.value, tcp_timestamps: 0 },
        ...(location ? { location } : {}),
        ...(context.clientsBehindNat ? { caveats: [timestampsNatCaveat(facts.kernel)] } : {}),
      },
    ];
  },
};
