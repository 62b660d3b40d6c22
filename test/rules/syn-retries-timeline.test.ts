import { synRetriesTimeline } from '../../src/rules/syn-retries-timeline.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(synRetriesTimeline, {
  valid: [
    {
      name: 'defaults configured',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_syn_retries', value: 6 },
          { key: 'net.ipv4.tcp_synack_retries', value: 5 },
        ],
      },
    },
    { name: 'nothing configured', facts: { config: [] } },
    { name: 'live defaults', facts: { live: { 'net.ipv4.tcp_syn_retries': 6, 'net.ipv4.tcp_synack_retries': 5 } } },
    { name: 'default 5 on 3.2 (6 since 3.7)', facts: { kernel: '3.2', config: [{ key: 'net.ipv4.tcp_syn_retries', value: 5 }] } },
    { name: 'a rejected value (invalid-value reports it)', facts: { config: [{ key: 'net.ipv4.tcp_syn_retries', value: 0 }] } },
  ],
  invalid: [
    {
      name: 'tcp_syn_retries = 2 on 6.8: 7 s, five retransmissions',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_syn_retries', value: 2 }] },
      findings: [
        {
          messageId: 'synTimeline',
          message:
            /^connect\(\) to a host that never answers fails after 7 s on 6\.8, with SYN retransmissions at 1, 2, 3, 4, 5 s \(tcp_syn_linear_timeouts = 4: the first 4 retransmissions come 1 s apart, and they add to the retry budget\), instead of 131 s \(2 min 11 s\) with the default 6\. Before 6\.5 the same value retransmits at 1, 3 s and fails after 7 s \(docs\/kernel\/retransmission-timing\.md#tcp_syn_retries\)\.$/,
          severity: 'info',
          line: 1,
          column: 1,
          evidence: { tcp_syn_retries: 2, tcp_syn_linear_timeouts: 4, failsAfterSeconds: 7, retransmissions: 5 },
        },
      ],
    },
    {
      name: 'tcp_syn_retries = 2 on 4.9: two retransmissions',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_syn_retries', value: 2 }] },
      findings: [
        {
          messageId: 'synTimelineExponential',
          message:
            /fails after 7 s on 4\.9, with SYN retransmissions at 1, 3 s, instead of 127 s \(2 min 7 s\) with the default 6\. From 6\.5 on \(tcp_syn_linear_timeouts = 4\) the same value retransmits at 1, 2, 3, 4, 5 s and fails after 7 s/,
          evidence: { tcp_syn_retries: 2, tcp_syn_linear_timeouts: 0, failsAfterSeconds: 7, retransmissions: 2 },
        },
      ],
    },
    {
      name: 'tcp_syn_retries = 3: 19 s on 6.8, 15 s on older kernels',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_syn_retries', value: 3 }] },
      findings: [
        {
          messageId: 'synTimeline',
          message:
            /fails after 19 s on 6\.8, with SYN retransmissions at 1, 2, 3, 4, 5, 7, 11 s .*Before 6\.5 the same value retransmits at 1, 3, 7 s and fails after 15 s/,
        },
      ],
    },
    {
      name: 'the live tcp_syn_linear_timeouts is used on 6.5+',
      facts: { kernel: '6.18', config: [{ key: 'net.ipv4.tcp_syn_retries', value: 3 }], live: { 'net.ipv4.tcp_syn_linear_timeouts': 2 } },
      findings: [
        {
          messageId: 'synTimeline',
          message: /fails after 17 s on 6\.18, with SYN retransmissions at 1, 2, 3, 5, 9 s \(tcp_syn_linear_timeouts = 2:/,
          evidence: { tcp_syn_retries: 3, tcp_syn_linear_timeouts: 2, failsAfterSeconds: 17, retransmissions: 5 },
        },
      ],
    },
    {
      name: "tcp_syn_retries = 6 on 3.2 differs from that kernel's default 5",
      facts: { kernel: '3.2', config: [{ key: 'net.ipv4.tcp_syn_retries', value: 6 }] },
      findings: [
        {
          messageId: 'synTimelineExponential',
          message:
            /fails after 127 s \(2 min 7 s\) on 3\.2, with SYN retransmissions at 1, 3, 7, 15, 31, 63 s, instead of 63 s with the default 5/,
        },
      ],
    },
    {
      name: 'tcp_syn_retries = 1: a warning',
      facts: { config: [{ key: 'net.ipv4.tcp_syn_retries', value: 1 }] },
      findings: [
        {
          messageId: 'synTooFew',
          message:
            /fails after 3 s on 6\.8, with SYN retransmissions at 1, 2 s .* That is too little for a lossy path or a brief outage: losing the SYN and its retransmissions for 3 s fails the connection\. Keep at least 2/,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'tcp_syn_retries = 8: more than 4 minutes',
      facts: { config: [{ key: 'net.ipv4.tcp_syn_retries', value: 8 }] },
      findings: [
        {
          messageId: 'synTooMany',
          message:
            /fails after 371 s \(6 min 11 s\) on 6\.8.*A connect\(\) to a dead address blocks for more than 4 minutes before ETIMEDOUT/,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'tcp_synack_retries = 2: info with the timeline',
      facts: { config: [{ key: 'net.ipv4.tcp_synack_retries', value: 2 }] },
      findings: [
        {
          messageId: 'synackTimeline',
          message:
            /^A half-open connection to this host's listeners gets SYN-ACK retransmissions at 1, 3 s and is dropped after 7 s, instead of 63 s with the default 5 \(tcp_syn_linear_timeouts does not apply here; when young requests are few in a SYN queue over half full, the kernel already lowers the count, down to 2, to drop old ones sooner\) \(docs\/kernel\/retransmission-timing\.md#tcp_synack_retries\)\.$/,
          severity: 'info',
          evidence: { tcp_synack_retries: 2, droppedAfterSeconds: 7 },
        },
      ],
    },
    {
      name: 'tcp_synack_retries = 1 and 0 (two files): warnings',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_synack_retries', value: 0 },
          { key: 'net.ipv4.tcp_synack_retries', value: 1, file: '/etc/sysctl.conf' },
        ],
      },
      findings: [
        {
          messageId: 'synackTooFew',
          message:
            /^A half-open .*retransmissions at 1 s and is dropped after 3 s.* If the client's final ACK is lost and no other one arrives within those 3 s, the request is dropped while the client believes it is connected, and its first data gets a reset\./,
          severity: 'warning',
          file: '/etc/sysctl.conf',
        },
      ],
    },
    {
      name: 'tcp_synack_retries = 0',
      facts: { live: { 'net.ipv4.tcp_synack_retries': 0 } },
      findings: [
        {
          messageId: 'synackTooFewNoRetransmission',
          message: /^A half-open .*gets no SYN-ACK retransmission and is dropped after 1 s/,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'both keys set: two findings',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_syn_retries', value: 4 },
          { key: 'net.ipv4.tcp_synack_retries', value: 3 },
        ],
      },
      findings: [
        { messageId: 'synTimeline', message: /^tcp_syn_retries = 4: .*fails after 35 s on 6\.8/, line: 1 },
        { messageId: 'synackTimeline', message: /^tcp_synack_retries = 3: .*at 1, 3, 7 s and is dropped after 15 s/, line: 2 },
      ],
    },
  ],
  skipped: [{ name: 'nothing read', facts: {}, reason: /cannot check/ }],
});
