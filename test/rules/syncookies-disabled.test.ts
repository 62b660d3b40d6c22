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
          messageId: 'disabledNat',
          message:
            /^tcp_syncookies = 0: a SYN flood shuts out real clients; set it to 1 When a listener's SYN queue is full, new SYNs are dropped \(TCPReqQFullDrop; .*\. Severity: clients reach this host through NAT \(context clientsBehindNat\), so it serves remote clients\.$/,
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
        {
          messageId: 'disabledPrivate',
          message: /Severity: no public-facing profile and no clients behind NAT, hence a warning\./,
          severity: 'warning',
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_syncookies', to: '1' }],
    },
    {
      name: 'live 0 with no config line: on now, and 1 pinned in the drop-in',
      facts: { live: { 'net.ipv4.tcp_syncookies': 0 } },
      findings: [
        {
          messageId: 'disabledLiveNat',
          message: /the plan turns it on now and writes 1 to the drop-in/,
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
          messageId: 'actsLikeOne',
          data: { value: 3 },
          message: /^tcp_syncookies = 3 acts like 1: write 1 to say what it does$/,
          severity: 'info',
        },
      ],
    },
    {
      name: '2 is a deliberate choice',
      facts: { config: [{ key: 'net.ipv4.tcp_syncookies', value: 2 }] },
      findings: [
        {
          messageId: 'everySyn',
          message: /^Every SYN gets a cookie and no request socket is kept, even without a flood, .*Use 1 unless/,
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
        { messageId: 'everySynNoTimestamps', message: /With tcp_timestamps = 0 here every connection loses them\./, severity: 'info' },
      ],
    },
  ],
  skipped: [{ name: 'nothing read', facts: {}, reason: /cannot check/ }],
});
