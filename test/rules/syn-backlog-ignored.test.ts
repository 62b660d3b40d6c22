import { synBacklogIgnored } from '../../src/rules/syn-backlog-ignored.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(synBacklogIgnored, {
  valid: [
    { name: 'nothing set', facts: { config: [] } },
    {
      name: 'tcp_max_syn_backlog at its default (2048 with 24 GiB on 6.8)',
      facts: { config: [{ key: 'net.ipv4.tcp_max_syn_backlog', value: 2048 }] },
    },
    {
      name: 'tcp_max_syn_backlog with syncookies off: it is used then',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_max_syn_backlog', value: 65535 },
          { key: 'net.ipv4.tcp_syncookies', value: 0 },
        ],
      },
    },
    { name: 'somaxconn at or above the 6.8 default', facts: { config: [{ key: 'net.core.somaxconn', value: 65535 }] } },
    { name: 'somaxconn 128 on 4.9 is the default there', facts: { kernel: '4.9', config: [{ key: 'net.core.somaxconn', value: 128 }] } },
  ],
  invalid: [
    {
      name: 'tcp_max_syn_backlog raised with syncookies at their default',
      facts: { config: [{ key: 'net.ipv4.tcp_max_syn_backlog', value: 65535 }] },
      findings: [
        {
          messageId: 'ignored',
          message:
            /^tcp_max_syn_backlog = 65535 is ignored while tcp_syncookies = 1: the kernel consults it only when syncookies are off\. Each listener's SYN queue is bounded by its own backlog, min\(listen\(\) backlog, net\.core\.somaxconn = 4096\), and SYNs beyond it get cookies \(measured: listen\(4\) with tcp_max_syn_backlog = 2048 kept only 5 SYN-RECV entries; docs\/kernel\/syn-queue-and-cookies\.md#tcp_max_syn_backlog; listen\(2\)\)\. To hold more half-open connections, raise net\.core\.somaxconn and the backlog the application passes to listen\(\); this line can go\.$/,
          severity: 'info',
          line: 1,
          column: 1,
          evidence: { tcp_max_syn_backlog: 65535, tcp_syncookies: 1 },
        },
      ],
    },
    {
      name: 'with syncookies = 2 live',
      facts: {
        config: [{ key: 'net.ipv4.tcp_max_syn_backlog', value: 8192 }],
        live: { 'net.ipv4.tcp_syncookies': 2, 'net.core.somaxconn': 4096 },
      },
      findings: [
        {
          messageId: 'ignored',
          message: /is ignored while tcp_syncookies = 2/,
          evidence: { tcp_max_syn_backlog: 8192, tcp_syncookies: 2 },
        },
      ],
    },
    {
      name: 'somaxconn 128 on 6.8 (default 4096), both findings, ListenOverflows counted',
      facts: {
        kernel: '6.8',
        config: [
          { key: 'net.core.somaxconn', value: 128 },
          { key: 'net.ipv4.tcp_max_syn_backlog', value: 65535 },
        ],
        counters: { ListenOverflows: 7 },
      },
      findings: [
        {
          messageId: 'somaxconnLow',
          data: { value: 128, default: 4096, kernel: '6.8', queue: 129 },
          severity: 'warning',
          line: 1,
          evidence: { somaxconn: 128, default: 4096, ListenOverflows: 7 },
        },
        { messageId: 'ignored', message: /^tcp_max_syn_backlog = 65535 .*net\.core\.somaxconn = 128\)/, severity: 'info', line: 2 },
      ],
    },
    {
      name: 'somaxconn 64 on 4.9 (default 128)',
      facts: { kernel: '4.9', config: [{ key: 'net.core.somaxconn', value: 64 }] },
      findings: [
        { messageId: 'somaxconnLow', message: /^net\.core\.somaxconn = 64 .*below the kernel default 128 on 4\.9/, severity: 'warning' },
      ],
    },
    {
      name: 'live somaxconn 1024 without a config line',
      facts: { kernel: '5.4', live: { 'net.core.somaxconn': 1024 } },
      findings: [
        {
          messageId: 'somaxconnLowLive',
          message:
            /^net\.core\.somaxconn is 1024 at runtime, below the default 4096: .*raise it with "sysctl -w net\.core\.somaxconn=4096"/,
          file: undefined,
        },
      ],
    },
  ],
  skipped: [{ name: 'nothing read', facts: {}, reason: /cannot check/ }],
});
