import { timestampsOff } from '../../src/rules/timestamps-off.js';
import { ruleTester } from '../helpers/rule-tester.js';

const WHY =
  'tcp_timestamps = 0 removes PAWS, makes tcp_tw_reuse a no-op and strips window scaling, SACK and ECN from SYN-cookie handshakes (docs/kernel/timestamps.md#tcp_timestamps; docs/kernel/time-wait.md#tcp_tw_reuse).';

ruleTester(timestampsOff, {
  valid: [
    { name: 'nothing sets it (default 1)', facts: { config: [] } },
    { name: 'configured 1', facts: { config: [{ key: 'net.ipv4.tcp_timestamps', value: 1 }] } },
    { name: 'configured 2 (on, without offsets)', facts: { config: [{ key: 'net.ipv4.tcp_timestamps', value: 2 }] } },
    { name: 'live 1', facts: { live: { 'net.ipv4.tcp_timestamps': 1 } } },
    {
      name: 'configured 1 wins over a drifted live 0 (drift reports that)',
      facts: { config: [{ key: 'net.ipv4.tcp_timestamps', value: 1 }], live: { 'net.ipv4.tcp_timestamps': 0 } },
    },
  ],
  invalid: [
    {
      name: 'configured 0 on 6.8, clients behind NAT',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_timestamps', value: 0, comment: 'fix NAT' }] },
      findings: [
        {
          messageId: 'offRandom',
          message:
            /^tcp_timestamps = 0 turns off TCP timestamps \(RFC 7323\): PAWS no longer rejects old duplicate segments on fast or long-lived connections, connect\(\) can never take over a TIME-WAIT 4-tuple \(tcp_tw_reuse needs a peer timestamp\), and when SYN cookies fire the handshake loses window scaling, SACK and ECN \(docs\/kernel\/timestamps\.md#tcp_timestamps; docs\/kernel\/time-wait\.md#tcp_tw_reuse\)\. Set it to 1, the default: timestamps with a random offset\.$/,
          severity: 'warning',
          line: 2,
          column: 1,
          evidence: { tcp_timestamps: 0 },
          caveats: [
            'Clients behind NAT: timestamps are safe with NAT; the NAT problem was tcp_tw_recycle (per-host timestamp check), removed in 4.12. One case remains: when this host still holds a TIME-WAIT for the same 4-tuple, a new SYN carrying an older timestamp fails the PAWS check and is dropped (PAWSEstab) (docs/kernel/time-wait.md#server-side-time-wait-and-paws).',
          ],
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_timestamps', from: '0', to: '1', rules: ['timestamps-off'], why: WHY, line: 2 }],
    },
    {
      name: 'on 6.18 the PAWS drop in TIME-WAIT has its own counter',
      facts: { kernel: '6.18', config: [{ key: 'net.ipv4.tcp_timestamps', value: 0 }] },
      findings: [
        {
          messageId: 'offRandom',
          message: /^tcp_timestamps = 0/,
          caveats: [
            'Clients behind NAT: timestamps are safe with NAT; the NAT problem was tcp_tw_recycle (per-host timestamp check), removed in 4.12. One case remains: when this host still holds a TIME-WAIT for the same 4-tuple, a new SYN carrying an older timestamp fails the PAWS check and is dropped (PAWSTimewait) (docs/kernel/time-wait.md#server-side-time-wait-and-paws).',
          ],
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_timestamps', to: '1' }],
    },
    {
      name: 'on 4.9 there are no per-connection offsets yet',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_timestamps', value: 0 }] },
      findings: [
        {
          messageId: 'off',
          message: /Set it to 1, the default\.$/,
          caveats: [
            'Clients behind NAT: on 4.9 timestamps have no random offset (that came in 4.10), but without tcp_tw_recycle nothing drops SYNs per host; only a TIME-WAIT on this host for the same 4-tuple can reject a new SYN carrying an older timestamp (PAWSEstab) (docs/kernel/time-wait.md#server-side-time-wait-and-paws).',
          ],
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_timestamps', to: '1' }],
    },
    {
      name: 'with tcp_tw_reuse set, the reuse side is left to tw-reuse-without-timestamps',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_tw_reuse', value: 1 },
          { key: 'net.ipv4.tcp_timestamps', value: 0 },
        ],
      },
      context: { clientsBehindNat: false },
      findings: [
        {
          messageId: 'offWithReuseRandom',
          message:
            /, and when SYN cookies fire the handshake loses window scaling, SACK and ECN \(docs\/kernel\/timestamps\.md#tcp_timestamps\)\. It also makes tcp_tw_reuse = 1 \(\/etc\/sysctl\.d\/50-test\.conf:1\) useless \(see tw-reuse-without-timestamps\)\./,
          evidence: { tcp_timestamps: 0, tcp_tw_reuse: 1 },
          caveats: undefined,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_timestamps', to: '1', rules: ['timestamps-off'] }],
    },
    {
      name: 'live 0 with no config line: nothing to change in a file',
      facts: { live: { 'net.ipv4.tcp_timestamps': 0 } },
      context: { clientsBehindNat: false },
      findings: [
        {
          messageId: 'offLive',
          message: /^tcp_timestamps = 0.*No config line sets it: turn it on with "sysctl -w net\.ipv4\.tcp_timestamps=1"/,
          file: undefined,
        },
      ],
    },
  ],
  skipped: [{ name: 'nothing read', facts: {}, reason: /cannot check: no config files were read; no live values/ }],
});
