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
      facts: {
        live: {},
        sockets: { states: { SYN_RECV: 10, ESTABLISHED: 500 }, listeners: LISTENERS },
        counters: { TCPReqQFullDrop: 0, TCPReqQFullDoCookies: 0, SyncookiesSent: 0 },
      },
    },
    {
      name: 'SYN_RECV just below half of the backlogs (510 of 1022)',
      facts: { sockets: { states: { SYN_RECV: 510 }, listeners: LISTENERS } },
    },
    { name: 'SYN_RECV 1023 without listener backlogs', facts: { sockets: { states: { SYN_RECV: 1023 } } } },
    {
      name: 'tcp_syncookies=2 answers every SYN with a cookie: its counters are not a flood',
      facts: {
        live: { 'net.ipv4.tcp_syncookies': 2 },
        counters: { TCPReqQFullDoCookies: 20000, SyncookiesSent: 20000, SyncookiesRecv: 18000 },
      },
    },
  ],
  invalid: [
    {
      name: 'SYNs dropped with cookies off in config: error, cookies on (safety); tcp_synack_retries is left alone and why',
      facts: {
        live: { 'net.ipv4.tcp_syncookies': 0 },
        config: [{ key: 'net.ipv4.tcp_syncookies', value: 0, comment: 'no cookies' }],
        counters: { TCPReqQFullDrop: 1500, ListenDrops: 1500 },
        countersSince: 'boot',
        sockets: { states: { SYN_RECV: 600 }, listeners: LISTENERS, localPorts: { SYN_RECV: [{ port: 443, count: 600 }] } },
      },
      findings: [
        {
          messageId: 'flood',
          message:
            /^SYN queues are under pressure on 0\.0\.0\.0:443, backlog 511: 600 half-open connections \(SYN_RECV\) now against listener backlogs totalling 1022 \(58%\); TCPReqQFullDrop 1500 since boot: SYNs dropped at a full SYN queue without a cookie\. tcp_syncookies = 0: a full SYN queue drops SYNs.*These counters are totals since boot.*run advise --interval 5.*ListenDrops counts these SYN-queue drops too, so they are not accept-queue overflows/,
          severity: 'error',
          evidence: {
            SYN_RECV: 600,
            listenerBacklogs: 1022,
            listener: '0.0.0.0:443',
            TCPReqQFullDrop: 1500,
            TCPReqQFullDoCookies: 0,
            SyncookiesSent: 0,
            SyncookiesRecv: 0,
            SyncookiesFailed: 0,
            tcp_syncookies: 0,
          },
        },
        {
          messageId: 'syncookiesOff',
          message:
            /^tcp_syncookies is 0 \(kernel default 1\): set it to 1\. With 0 a full SYN queue drops SYNs \(TCPReqQFullDrop 1500 since boot\).*Never 0.*2 \(a cookie for every SYN.*only as a deliberate choice/,
          severity: 'error',
          change: { key: 'net.ipv4.tcp_syncookies', to: '1' },
        },
        {
          messageId: 'synackRetries',
          message:
            /^tcp_synack_retries \(5; kernel default 5\) is left as is: cookies are the fix for a full SYN queue \(above\).*retransmissions at 1, 3, 7, 15, 31 s and is dropped at 63 s at the latest.*the kernel prunes old requests itself: it lowers the retry limit, down to 2, for requests that already had a retransmission.*lifetimes of 7–15 s instead of 63 s/,
          severity: 'info',
          key: 'net.ipv4.tcp_synack_retries',
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_syncookies', from: '0', to: '1', rules: ['syn-flood'], file: '/etc/sysctl.d/50-test.conf', line: 2 }],
    },
    {
      name: 'cookies off at runtime only: the running kernel gets 1 now, and the drop-in pins it',
      facts: { live: { 'net.ipv4.tcp_syncookies': 0, 'net.ipv4.tcp_synack_retries': 3 }, counters: { TCPReqQFullDrop: 15 } },
      findings: [
        { messageId: 'flood', message: /TCPReqQFullDrop 15/, severity: 'error' },
        {
          messageId: 'syncookiesOff',
          message:
            /set it to 1 now \(the plan sets the running kernel and writes 1 to the drop-in; no config file sets 0, so something set it at runtime: find it\)/,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_syncookies', from: null, to: '1', runtime: { from: '0', to: '1' } }],
    },
    {
      name: 'cookies sent and valid cookies returning, cookies on: a warning, and no SYN-ACK retries change while cookies absorb it',
      facts: {
        live: { 'net.ipv4.tcp_syncookies': 1 },
        counters: { TCPReqQFullDoCookies: 20, SyncookiesSent: 20, SyncookiesRecv: 18, SyncookiesFailed: 1 },
      },
      findings: [
        {
          messageId: 'flood',
          message:
            /TCPReqQFullDoCookies 20 and SyncookiesSent 20 since boot \(or since this network namespace was created\): SYNs answered with cookies because a SYN queue was full; SyncookiesRecv 18 valid and SyncookiesFailed 1 invalid cookie ACKs\. tcp_syncookies = 1: .*real clients still get in\. Valid cookies returning mean real clients completed handshakes by cookie.*cookies are a fallback, not capacity/,
          severity: 'warning',
        },
        {
          messageId: 'synackRetries',
          message: /tcp_synack_retries \(5; kernel default 5\) is left as is: cookies answer SYNs once a queue is full/,
          severity: 'info',
        },
      ],
    },
    {
      name: 'a flood now, measured over a window: the rate beside the total',
      facts: {
        live: { 'net.ipv4.tcp_syncookies': 1, 'net.ipv4.tcp_synack_retries': 3 },
        counters: { TCPReqQFullDoCookies: 20411, SyncookiesSent: 20411 },
        countersSince: 'namespace',
        window: { seconds: 5, deltas: { TCPReqQFullDoCookies: 16697, SyncookiesSent: 16697 } },
        sockets: {
          states: { SYN_RECV: 129 },
          listeners: [{ local: '0.0.0.0:9001', queued: 0, backlog: 128, process: 'python3 (pid 10)' }],
          localPorts: { SYN_RECV: [{ port: 9001, count: 129 }] },
        },
      },
      findings: [
        {
          messageId: 'flood',
          message:
            /^SYN queues are under pressure on 0\.0\.0\.0:9001 \(python3 \(pid 10\)\), backlog 128: 129 half-open connections.*TCPReqQFullDoCookies 20411 \(\+16697 over the last 5 s, 3339\/s\) and SyncookiesSent 20411 since this network namespace was created.*Over the last 5 s: TCPReqQFullDoCookies \+16697 \(3339\/s\), so it is happening now/,
          severity: 'warning',
          evidence: {
            SYN_RECV: 129,
            listenerBacklogs: 128,
            listener: '0.0.0.0:9001',
            TCPReqQFullDrop: 0,
            TCPReqQFullDropPerSecond: 0,
            TCPReqQFullDoCookies: 20411,
            TCPReqQFullDoCookiesPerSecond: 3339,
            SyncookiesSent: 20411,
            SyncookiesRecv: 0,
            SyncookiesFailed: 0,
            tcp_syncookies: 1,
          },
        },
      ],
    },
    {
      name: 'the flood is over: counters not growing and no half-open pile: a note',
      facts: {
        live: { 'net.ipv4.tcp_syncookies': 1, 'net.ipv4.tcp_synack_retries': 3 },
        counters: { TCPReqQFullDoCookies: 41, SyncookiesSent: 41 },
        window: { seconds: 2, deltas: {} },
        sockets: { states: { SYN_RECV: 0 } },
      },
      findings: [
        {
          messageId: 'flood',
          message:
            /TCPReqQFullDoCookies 41 \(not growing over the last 2 s\).*none of them grew: the totals .* are old, and no change is made from them alone/,
          severity: 'info',
        },
      ],
    },
    {
      name: '1024 SYN_RECV with SYN-ACK retries already 3: nothing to change',
      facts: { live: { 'net.ipv4.tcp_synack_retries': 3 }, sockets: { states: { SYN_RECV: 1024 } } },
      findings: [
        {
          messageId: 'flood',
          message: /^SYN queues are under pressure: 1024 half-open connections \(SYN_RECV\) now\. tcp_syncookies = 1/,
          severity: 'warning',
          evidence: {
            SYN_RECV: 1024,
            TCPReqQFullDrop: 0,
            TCPReqQFullDoCookies: 0,
            SyncookiesSent: 0,
            SyncookiesRecv: 0,
            SyncookiesFailed: 0,
            tcp_syncookies: 1,
          },
        },
      ],
    },
    {
      name: 'SYN-ACK retries 6 hold a half-open request up to 127 s: said, not changed',
      facts: {
        live: { 'net.ipv4.tcp_synack_retries': 6 },
        sockets: {
          states: { SYN_RECV: 300 },
          listeners: [
            { local: '0.0.0.0:22', queued: 0, backlog: 128 },
            { local: '0.0.0.0:25', queued: 0, backlog: 100 },
          ],
        },
      },
      findings: [
        { messageId: 'flood', message: /300 half-open connections \(SYN_RECV\) now against listener backlogs totalling 228 \(131%\)/ },
        { messageId: 'synackRetries', message: /at 1, 3, 7, 15, 31, 63 s and is dropped at 127 s at the latest/, severity: 'info' },
      ],
    },
    {
      name: 'tcp_syncookies=2 with drops still reports, without proposing 1',
      facts: {
        live: { 'net.ipv4.tcp_syncookies': 2, 'net.ipv4.tcp_synack_retries': 2 },
        counters: { TCPReqQFullDrop: 4, SyncookiesSent: 900 },
      },
      findings: [
        {
          messageId: 'flood',
          message: /TCPReqQFullDrop 4.*tcp_syncookies = 2: every SYN is answered with a cookie \(a deliberate choice/,
          severity: 'error',
        },
      ],
    },
  ],
  skipped: [{ name: 'neither counters nor sockets', facts: { live: {} }, reason: /cannot check: no kernel counters.*no socket table/ }],
});
