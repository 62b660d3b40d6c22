import { twReuseWithoutTimestamps } from '../../src/rules/tw-reuse-without-timestamps.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(twReuseWithoutTimestamps, {
  valid: [
    { name: 'tcp_tw_reuse = 1 with timestamps at their default', facts: { config: [{ key: 'net.ipv4.tcp_tw_reuse', value: 1 }] } },
    {
      name: 'tcp_tw_reuse = 1 with timestamps = 1',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_tw_reuse', value: 1 },
          { key: 'net.ipv4.tcp_timestamps', value: 1 },
        ],
      },
    },
    {
      name: 'timestamps = 0 and tcp_tw_reuse not asked for (timestamps-off reports it)',
      facts: { config: [{ key: 'net.ipv4.tcp_timestamps', value: 0 }] },
    },
    {
      name: 'timestamps = 0 and tcp_tw_reuse = 0',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_tw_reuse', value: 0 },
          { key: 'net.ipv4.tcp_timestamps', value: 0 },
        ],
      },
    },
    { name: 'live default 2 is not "asked for"', facts: { live: { 'net.ipv4.tcp_tw_reuse': 2, 'net.ipv4.tcp_timestamps': 0 } } },
  ],
  invalid: [
    {
      name: 'tcp_tw_reuse = 1 with tcp_timestamps = 0 on 6.8',
      facts: {
        kernel: '6.8',
        config: [
          { key: 'net.ipv4.tcp_tw_reuse', value: 1 },
          { key: 'net.ipv4.tcp_timestamps', value: 0 },
        ],
      },
      findings: [
        {
          messageId: 'noTimestamps',
          message:
            /^tcp_tw_reuse = 1 \(\/etc\/sysctl\.d\/50-test\.conf:1\) never takes effect: tcp_timestamps = 0 \(\/etc\/sysctl\.d\/50-test\.conf:2\), and connect\(\) takes over a TIME-WAIT 4-tuple only when the old connection recorded a peer timestamp \(measured on 6\.18: reuse = 1 with timestamps off never reused a port; docs\/kernel\/time-wait\.md#tcp_tw_reuse\)\. Outgoing connections still wait out the full 60 s TIME-WAIT before their 4-tuple can be used again\. Turn timestamps on \(timestamps-off proposes tcp_timestamps = 1\); until then this tcp_tw_reuse setting does nothing\.$/,
          severity: 'warning',
          line: 1,
          column: 1,
          evidence: { tcp_tw_reuse: 1, tcp_timestamps: 0 },
          caveats: [
            'Clients behind NAT: timestamps are safe with NAT; the NAT problem was tcp_tw_recycle (per-host timestamp check), removed in 4.12. One case remains: when this host still holds a TIME-WAIT for the same 4-tuple, a new SYN carrying an older timestamp fails the PAWS check and is dropped (PAWSEstab) (docs/kernel/time-wait.md#server-side-time-wait-and-paws).',
          ],
        },
      ],
      // The change (tcp_timestamps = 1) is timestamps-off's: one rule proposes it.
      changes: [],
    },
    {
      name: 'tcp_tw_reuse = 2 (loopback only) on 4.19, no NAT',
      facts: {
        kernel: '4.19',
        config: [
          { key: 'net.ipv4.tcp_tw_reuse', value: 2 },
          { key: 'net.ipv4.tcp_timestamps', value: 0 },
        ],
      },
      context: { clientsBehindNat: false },
      findings: [
        {
          messageId: 'noTimestamps',
          message: /^tcp_tw_reuse = 2 .*Outgoing loopback connections still wait out the full 60 s TIME-WAIT/,
          caveats: undefined,
        },
      ],
    },
    {
      name: 'on 4.9 the NAT caveat says there were no per-connection offsets yet',
      facts: {
        kernel: '4.9',
        config: [
          { key: 'net.ipv4.tcp_tw_reuse', value: 1 },
          { key: 'net.ipv4.tcp_timestamps', value: 0 },
        ],
      },
      findings: [
        {
          messageId: 'noTimestamps',
          message: /^tcp_tw_reuse = 1/,
          caveats: [
            'Clients behind NAT: on 4.9 timestamps have no random offset (that came in 4.10), but without tcp_tw_recycle nothing drops SYNs per host; only a TIME-WAIT on this host for the same 4-tuple can reject a new SYN carrying an older timestamp (PAWSEstab) (docs/kernel/time-wait.md#server-side-time-wait-and-paws).',
          ],
        },
      ],
    },
    {
      name: 'live values only: no line to anchor',
      facts: { live: { 'net.ipv4.tcp_tw_reuse': 1, 'net.ipv4.tcp_timestamps': 0 } },
      findings: [
        {
          messageId: 'noTimestamps',
          message: /^tcp_tw_reuse = 1 \(live\) never takes effect: tcp_timestamps = 0 \(live\)/,
          file: undefined,
          line: undefined,
        },
      ],
    },
    {
      name: 'tcp_tw_reuse live 1, timestamps configured 0: anchored at the timestamps line',
      facts: { config: [{ key: 'net.ipv4.tcp_timestamps', value: 0 }], live: { 'net.ipv4.tcp_tw_reuse': 1, 'net.ipv4.tcp_timestamps': 0 } },
      findings: [
        {
          messageId: 'noTimestamps',
          message: /^tcp_tw_reuse = 1 \(live\) never takes effect: tcp_timestamps = 0 \(\/etc\/sysctl\.d\/50-test\.conf:1\)/,
          line: 1,
        },
      ],
    },
  ],
  skipped: [{ name: 'nothing read', facts: {}, reason: /cannot check/ }],
});
