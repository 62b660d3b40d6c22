import { syncookiesDisabled } from '../../src/rules/syncookies-disabled.js';
import { ruleTester } from '../helpers/rule-tester.js';

const WHY =
  'Without SYN cookies a full SYN queue drops SYNs (TCPReqQFullDrop), so a SYN flood shuts out real clients (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).';

ruleTester(syncookiesDisabled, {
  valid: [
    { name: 'configured 1', facts: { config: [{ key: 'net.ipv4.tcp_syncookies', value: 1 }] } },
    { name: 'live 1', facts: { live: { 'net.ipv4.tcp_syncookies': 1 } } },
    { name: 'not set', facts: { config: [] } },
  ],
  invalid: [
    {
      name: 'configured 0, clients behind NAT: error, propose 1',
      facts: { config: [{ key: 'net.ipv4.tcp_syncookies', value: 0 }], counters: { TCPReqQFullDrop: 15 } },
      findings: [
        {
          message:
            /^tcp_syncookies = 0 \(\/etc\/sysctl\.d\/50-test\.conf:1\): when a listener's SYN queue is full, new SYNs are dropped \(TCPReqQFullDrop; "Possible SYN flooding on port \.\.\. Dropping request\."\), so a SYN flood, or any burst beyond the listen backlog, shuts out real clients\. With 1 the kernel answers those SYNs with a cookie and keeps no state \(measured: listen\(4\), 20 SYNs → 15 dropped with 0, 15 cookied with 1; docs\/kernel\/syn-queue-and-cookies\.md#tcp_syncookies\)\. This host already counted 15 TCPReqQFullDrop\. Severity: clients reach this host through NAT \(context clientsBehindNat\), so it serves remote clients\. Set it to 1 \(the default\)\.$/,
          severity: 'error',
          line: 1,
          column: 1,
          evidence: { tcp_syncookies: 0, TCPReqQFullDrop: 15 },
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_syncookies', from: '0', to: '1', runtime: null, rules: ['syncookies-disabled'], why: WHY }],
    },
    {
      name: 'configured 0, no NAT, no public profile: warning',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_syncookies', value: 0 }] },
      context: { clientsBehindNat: false },
      findings: [
        { message: /Severity: no public-facing profile and no clients behind NAT, hence a warning\. Set it to 1/, severity: 'warning' },
      ],
      changes: [{ key: 'net.ipv4.tcp_syncookies', to: '1' }],
    },
    {
      name: 'live 0 with no config line: on now, and 1 pinned in the drop-in',
      facts: { live: { 'net.ipv4.tcp_syncookies': 0 } },
      findings: [
        {
          message: /^tcp_syncookies = 0 \(live, no config line\).*the plan turns it on now and writes 1 to the drop-in/,
          severity: 'error',
          file: undefined,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_syncookies', from: null, to: '1', runtime: { from: '0', to: '1' } }],
    },
    {
      name: '3 acts like 1',
      facts: { config: [{ key: 'net.ipv4.tcp_syncookies', value: 3 }] },
      findings: [
        {
          message:
            /^tcp_syncookies = 3 \(\/etc\/sysctl\.d\/50-test\.conf:1\) acts like 1: the kernel only tests "!= 0" and "== 2" \(docs\/kernel\/syn-queue-and-cookies\.md#tcp_syncookies\)\. Write 1 to say what it does\.$/,
          severity: 'info',
        },
      ],
    },
    {
      name: '2 is a deliberate choice',
      facts: { config: [{ key: 'net.ipv4.tcp_syncookies', value: 2 }] },
      findings: [
        {
          message:
            /^tcp_syncookies = 2 .* is a deliberate choice: every SYN gets a cookie and no request socket is kept, even without a flood, and the "Possible SYN flooding" warning is never logged \(docs\/kernel\/syn-queue-and-cookies\.md#tcp_syncookies\)\. Cookies carry window scaling, SACK and ECN only in the timestamp option\. Use 1/,
          severity: 'info',
        },
      ],
    },
    {
      name: '2 with timestamps off: every connection loses the options',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_syncookies', value: 2 },
          { key: 'net.ipv4.tcp_timestamps', value: 0 },
        ],
      },
      findings: [
        { message: /only in the timestamp option, and with tcp_timestamps = 0 here every connection loses them\./, severity: 'info' },
      ],
    },
  ],
  skipped: [{ name: 'nothing read', facts: {}, reason: /cannot check/ }],
});
