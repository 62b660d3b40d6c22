import { twBucketsLowered } from '../../src/rules/tw-buckets-lowered.js';
import { ruleTester } from '../helpers/rule-tester.js';

const WHY =
  'At the cap, closing sockets skip TIME-WAIT unprotected (TCPTimeWaitOverflow); lowering it trades safety for nothing (docs/kernel/time-wait.md#tcp_max_tw_buckets).';

ruleTester(twBucketsLowered, {
  valid: [
    { name: 'not configured', facts: { config: [] } },
    { name: 'configured to the default (131072 with 24 GiB)', facts: { config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 131072 }] } },
    { name: 'raised above the default', facts: { config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 2000000 }] } },
    {
      name: 'the default of a 1 GiB host (4096)',
      facts: { memTotalBytes: 1024 ** 3, config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 4096 }] },
    },
    { name: "a value the kernel rejects is invalid-value's", facts: { config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 'many' }] } },
  ],
  invalid: [
    {
      name: '5000 on a 24 GiB host running 6.8',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 5000, comment: 'fewer TIME_WAIT' }] },
      findings: [
        {
          messageId: 'lowered',
          message:
            /^tcp_max_tw_buckets = 5000 is below the kernel default 131072 on 6\.8 for this host \(ehash_entries \/ 2 = 131072\)\. At the cap, closing sockets skip TIME-WAIT entirely, with no protection against old duplicate segments on a reused 4-tuple; only TCPTimeWaitOverflow counts them \(6\.x logs nothing\)\..*Remove the line to get the default back\.$/,
          severity: 'warning',
          line: 2,
          column: 1,
          evidence: { tcp_max_tw_buckets: 5000, default: 131072 },
        },
      ],
      changes: [
        {
          key: 'net.ipv4.tcp_max_tw_buckets',
          from: '5000',
          to: null,
          rules: ['tw-buckets-lowered'],
          why: WHY,
          file: '/etc/sysctl.d/50-test.conf',
          line: 2,
        },
      ],
    },
    {
      name: 'on a 1 GiB host running 4.9 the default is 4096',
      facts: { kernel: '4.9', memTotalBytes: 1024 ** 3, config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 2000 }] },
      findings: [
        {
          messageId: 'lowered',
          message: /is below the kernel default 4096 on 4\.9 for this host \(ehash_entries \/ 2 = 4096\)/,
          evidence: { tcp_max_tw_buckets: 2000, default: 4096 },
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_max_tw_buckets', to: null }],
    },
    {
      name: "TIME-WAIT already overflows: the new cap is tw-buckets-overflow's to size",
      facts: {
        config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 100000 }],
        live: { 'net.ipv4.tcp_max_tw_buckets': 100000 },
        sockstat: { tw: 100000 },
        counters: { TCPTimeWaitOverflow: 77 },
      },
      findings: [
        {
          messageId: 'loweredAndOverflowing',
          message:
            /and TIME-WAIT already reaches the cap here\..*tw-buckets-overflow proposes the new cap from the observed peak, never below the default\.$/,
        },
      ],
      changes: [],
    },
    {
      name: 'lowered at runtime only: the default back now, no line (it returns at boot)',
      facts: { kernel: '6.8', live: { 'net.ipv4.tcp_max_tw_buckets': 100 } },
      findings: [
        {
          messageId: 'loweredLive',
          message:
            /^tcp_max_tw_buckets is 100 in the running kernel although no config file sets it: below the kernel default 131072 on 6\.8 .*Put the default back now/,
          evidence: { tcp_max_tw_buckets: 100, default: 131072 },
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_max_tw_buckets', from: null, to: null, runtime: { from: '100', to: '131072' } }],
    },
    {
      name: 'a line and the running kernel, memory unknown: the largest default, explicitly',
      facts: {
        memTotalBytes: null,
        config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 5000 }],
        live: { 'net.ipv4.tcp_max_tw_buckets': 5000 },
      },
      findings: [
        {
          messageId: 'loweredUnknownMemoryLive',
          message:
            /this host's memory is unknown, so the default it would get back cannot be computed\..*Set it to 262144, the largest default any host has\.$/,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_max_tw_buckets', from: '5000', to: '262144', runtime: { from: '5000', to: '262144' } }],
    },
    {
      name: 'a file only, memory unknown (a review): remove the line',
      facts: { memTotalBytes: null, config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 5000 }] },
      findings: [
        {
          messageId: 'loweredUnknownMemory',
          message: /on any host with more than 1 GiB of RAM; this host's memory is unknown\..*Remove the line to get the default back\.$/,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_max_tw_buckets', from: '5000', to: null, runtime: null }],
    },
  ],
  skipped: [{ name: 'nothing read', facts: {}, reason: /cannot check: no config files were read; no live values/ }],
});
