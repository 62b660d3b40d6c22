import { synFlood } from '../../src/rules/syn-flood.js';
import { ruleTester } from '../helpers/rule-tester.js';

const LISTENERS = [
  { local: '0.0.0.0:443', queued: 0, backlog: 511 },
  { local: '0.0.0.0:80', queued: 0, backlog: 511 },
];

ruleTester(synFlood, {
  valid: [
    {
      name: 'a few half-open connections and no cookies',
      facts: { live: {}, sockets: { states: { SYN_RECV: 10, ESTABLISHED: 500 }, listeners: LISTENERS }, counters: { TCPReqQFullDrop: 0, TCPReqQFullDoCookies: 0, SyncookiesSent: 0 } },
    },
    { name: 'SYN_RECV just below half of the backlogs (510 of 1022)', facts: { sockets: { states: { SYN_RECV: 510 }, listeners: LISTENERS } } },
    { name: 'SYN_RECV 1023 without listener backlogs', facts: { sockets: { states: { SYN_RECV: 1023 } } } },
    {
      name: 'tcp_syncookies=2 answers every SYN with a cookie: its counters are not a flood',
      facts: { live: { 'net.ipv4.tcp_syncookies': 2 }, counters: { TCPReqQFullDoCookies: 20000, SyncookiesSent: 20000, SyncookiesRecv: 18000 } },
    },
  ],
  invalid: [
    {
      name: 'SYNs dropped with cookies off in config: error, cookies on (safety), SYN-ACK retries 3',
      facts: {
        live: { 'net.ipv4.tcp_syncookies': 0 },
        config: [{ key: 'net.ipv4.tcp_syncookies', value: 0, comment: 'no cookies' }],
        counters: { TCPReqQFullDrop: 1500, ListenDrops: 1500 },
        sockets: { states: { SYN_RECV: 600 }, listeners: LISTENERS },
      },
      findings: [
        {
          message:
            /^SYN queues are under pressure: 600 half-open connections \(SYN_RECV\) against listener backlogs totalling 1022 \(58%\); TCPReqQFullDrop 1500: SYNs dropped at a full SYN queue without a cookie\. tcp_syncookies = 0: a full SYN queue drops SYNs.*Counters are cumulative since boot/,
          severity: 'error',
          evidence: { SYN_RECV: 600, listenerBacklogs: 1022, TCPReqQFullDrop: 1500, TCPReqQFullDoCookies: 0, SyncookiesSent: 0, SyncookiesRecv: 0, SyncookiesFailed: 0, tcp_syncookies: 0 },
        },
        {
          message: /^tcp_syncookies is 0 \(kernel default 1\): set it to 1\. With 0 a full SYN queue drops SYNs \(TCPReqQFullDrop 1500 since boot\).*Never 0.*2 \(a cookie for every SYN.*only as a deliberate choice/,
          severity: 'error',
          change: { key: 'net.ipv4.tcp_syncookies', to: '1' },
        },
        {
          message: /^tcp_synack_retries is 5 \(kernel default 5\): .*retransmissions at 1, 3, 7, 15, 31 s .*dropped at 63 s\. Set it to 3 \(retransmissions at 1, 3, 7 s, dropped at 15 s\) so spoofed SYNs free their slots 4\.2× sooner/,
          severity: 'error',
          change: { key: 'net.ipv4.tcp_synack_retries', to: '3' },
          caveats: ['A client whose SYN-ACKs are all lost (lossy mobile links) loses the attempt after 15 s instead of 63 s unless it retransmits its SYN.'],
        },
      ],
      changes: [
        { key: 'net.ipv4.tcp_synack_retries', from: null, to: '3', runtime: null, rules: ['syn-flood'] },
        { key: 'net.ipv4.tcp_syncookies', from: '0', to: '1', rules: ['syn-flood'], file: '/etc/sysctl.d/50-test.conf', line: 2 },
      ],
    },
    {
      name: 'cookies off at runtime only: the running kernel gets 1 now, and the drop-in pins it',
      facts: { live: { 'net.ipv4.tcp_syncookies': 0, 'net.ipv4.tcp_synack_retries': 3 }, counters: { TCPReqQFullDrop: 15 } },
      findings: [
        { message: /TCPReqQFullDrop 15/, severity: 'error' },
        { message: /set it to 1 now \(the plan sets the running kernel and writes 1 to the drop-in; no config file sets 0, so something set it at runtime: find it\)/ },
      ],
      changes: [{ key: 'net.ipv4.tcp_syncookies', from: null, to: '1', runtime: { from: '0', to: '1' } }],
    },
    {
      name: 'cookies sent and valid cookies returning, cookies on: warning and SYN-ACK retries',
      facts: { live: { 'net.ipv4.tcp_syncookies': 1 }, counters: { TCPReqQFullDoCookies: 20, SyncookiesSent: 20, SyncookiesRecv: 18, SyncookiesFailed: 1 } },
      findings: [
        {
          message:
            /TCPReqQFullDoCookies 20 and SyncookiesSent 20: SYNs answered with cookies because a SYN queue was full; SyncookiesRecv 18 valid and SyncookiesFailed 1 invalid cookie ACKs\. tcp_syncookies = 1: .*real clients still get in\. Valid cookies returning mean real clients completed handshakes by cookie.*cookies are a fallback, not capacity/,
          severity: 'warning',
        },
        { message: /tcp_synack_retries is 5/, severity: 'warning' },
      ],
      changes: [{ key: 'net.ipv4.tcp_synack_retries', from: null, to: '3', runtime: null }],
    },
    {
      name: '1024 SYN_RECV with SYN-ACK retries already 3: nothing to change',
      facts: { live: { 'net.ipv4.tcp_synack_retries': 3 }, sockets: { states: { SYN_RECV: 1024 } } },
      findings: [{ message: /^SYN queues are under pressure: 1024 half-open connections \(SYN_RECV\)\. tcp_syncookies = 1/, severity: 'warning', evidence: { SYN_RECV: 1024, TCPReqQFullDrop: 0, TCPReqQFullDoCookies: 0, SyncookiesSent: 0, SyncookiesRecv: 0, SyncookiesFailed: 0, tcp_syncookies: 1 } }],
    },
    {
      name: 'SYN-ACK retries 6 hold a half-open request 127 s',
      facts: { live: { 'net.ipv4.tcp_synack_retries': 6 }, sockets: { states: { SYN_RECV: 300 }, listeners: [{ local: '0.0.0.0:22', queued: 0, backlog: 128 }, { local: '0.0.0.0:25', queued: 0, backlog: 100 }] } },
      findings: [{ message: /300 half-open connections \(SYN_RECV\) against listener backlogs totalling 228 \(131%\)/ }, { message: /at 1, 3, 7, 15, 31, 63 s .*dropped at 127 s.*8\.5× sooner/ }],
      changes: [{ key: 'net.ipv4.tcp_synack_retries', from: null, to: '3', runtime: { from: '6', to: '3' } }],
    },
    {
      name: 'tcp_syncookies=2 with drops still reports, without proposing 1',
      facts: { live: { 'net.ipv4.tcp_syncookies': 2, 'net.ipv4.tcp_synack_retries': 2 }, counters: { TCPReqQFullDrop: 4, SyncookiesSent: 900 } },
      findings: [{ message: /TCPReqQFullDrop 4.*tcp_syncookies = 2: every SYN is answered with a cookie \(a deliberate choice/, severity: 'error' }],
    },
  ],
  skipped: [{ name: 'neither counters nor sockets', facts: { live: {} }, reason: /cannot check: no kernel counters.*no socket table/ }],
});
