import { listenOverflow } from '../../src/rules/listen-overflow.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(listenOverflow, {
  valid: [
    {
      name: 'no overflow counted and short accept queues',
      facts: {
        live: { 'net.core.somaxconn': 4096 },
        counters: { ListenOverflows: 0, ListenDrops: 0 },
        sockets: { listeners: [{ local: '0.0.0.0:80', queued: 10, backlog: 511 }] },
      },
    },
    {
      name: 'a queue just below 90% of its backlog (459 of 511)',
      facts: { live: { 'net.core.somaxconn': 4096 }, sockets: { listeners: [{ local: '0.0.0.0:80', queued: 459, backlog: 511 }] } },
    },
    { name: 'counters only, all zero', facts: { counters: { ListenOverflows: 0, ListenDrops: 0 } } },
    { name: 'an empty listener with backlog 0', facts: { sockets: { listeners: [{ local: '127.0.0.1:9000', queued: 0, backlog: 0 }] } } },
    {
      name: 'a SYN-queue flood with cookies off: ListenDrops equals TCPReqQFullDrop, ListenOverflows 0 (the syn-flood rule tells it)',
      facts: {
        live: { 'net.core.somaxconn': 4096, 'net.ipv4.tcp_syncookies': 0 },
        counters: { ListenOverflows: 0, ListenDrops: 48211, TCPReqQFullDrop: 48211 },
      },
    },
  ],
  invalid: [
    {
      name: 'a listener full at somaxconn 4096: raise it to 8192',
      facts: {
        live: { 'net.core.somaxconn': 4096 },
        counters: { ListenOverflows: 1200, ListenDrops: 1250 },
        sockets: {
          listeners: [
            { local: '0.0.0.0:443', queued: 4097, backlog: 4096, process: 'nginx (pid 812)' },
            { local: '0.0.0.0:80', queued: 480, backlog: 511 },
          ],
          listenerSource: 'ss',
        },
      },
      findings: [
        {
          messageId: 'overflow',
          message:
            /^Accept queues overflow: 0\.0\.0\.0:443 \(nginx \(pid 812\)\) has 4097 connections waiting with a backlog of 4096 \(full\); 0\.0\.0\.0:80 has 480 connections waiting with a backlog of 511 \(nearly full\); ListenOverflows 1200 since boot \(or since this network namespace was created\); ListenDrops 1250 also counts 50 other listener drops.*net\.core\.somaxconn = 4096 is the binding cap \(0\.0\.0\.0:443 is limited by it\).*run advise --interval 5 to measure their rate.*tcp_abort_on_overflow \(now 0\) does not help/,
          severity: 'warning',
          key: 'net.core.somaxconn',
          evidence: {
            ListenOverflows: 1200,
            ListenDrops: 1250,
            somaxconn: 4096,
            largestBacklog: 4096,
            listenersFull: 1,
            listenersNearlyFull: 1,
            fullestListener: '0.0.0.0:443',
          },
        },
        {
          messageId: 'raiseSomaxconn',
          message:
            /^Raise net\.core\.somaxconn from 4096 \(kernel default 4096\) to 8192 \(2 × the largest listener backlog 4096, rounded up to a power of two\)\. It is read at listen\(\) time only: restart the service on 0\.0\.0\.0:443.*backlog=8192", default 511/,
          change: { key: 'net.core.somaxconn', to: '8192' },
        },
      ],
      changes: [{ key: 'net.core.somaxconn', from: null, to: '8192', runtime: { from: '4096', to: '8192' }, rules: ['listen-overflow'] }],
    },
    {
      name: 'somaxconn lowered to 128 by config, counters only, one reading: reported, but a total alone changes nothing; cookies off: tcp_max_syn_backlog advice',
      facts: {
        live: { 'net.core.somaxconn': 128, 'net.ipv4.tcp_syncookies': 0, 'net.ipv4.tcp_max_syn_backlog': 512 },
        config: [{ key: 'net.core.somaxconn', value: 128 }],
        counters: { ListenOverflows: 10, ListenDrops: 40 },
        countersSince: 'boot',
      },
      findings: [
        {
          messageId: 'overflow',
          message:
            /^Accept queues overflow: ListenOverflows 10 since boot; ListenDrops 40 also counts 30 other listener drops.*net\.core\.somaxconn is 128, below the kernel default of 4096 since 5\.4/,
          severity: 'warning',
          evidence: { ListenOverflows: 10, ListenDrops: 40, somaxconn: 128 },
        },
        {
          messageId: 'synBacklog',
          message:
            /^tcp_syncookies is 0, so tcp_max_syn_backlog \(512; kernel default 2048\) is in play.*better fix is tcp_syncookies = 1, after which tcp_max_syn_backlog is ignored/,
          key: 'net.ipv4.tcp_max_syn_backlog',
        },
      ],
    },
    {
      name: 'somaxconn 128, ListenOverflows growing over a 5 s window: 4096',
      facts: {
        live: { 'net.core.somaxconn': 128 },
        config: [{ key: 'net.core.somaxconn', value: 128 }],
        counters: { ListenOverflows: 1010, ListenDrops: 1010 },
        countersSince: 'namespace',
        window: { seconds: 5, deltas: { ListenOverflows: 1000, ListenDrops: 1000 } },
      },
      findings: [
        {
          messageId: 'overflow',
          message:
            /^Accept queues overflow: ListenOverflows 1010 \(\+1000 over the last 5 s, 200\/s\) since this network namespace was created\..*Over the last 5 s: ListenOverflows \+1000 \(200\/s\), so it is happening now/,
          evidence: { ListenOverflows: 1010, ListenOverflowsPerSecond: 200, ListenDrops: 1010, somaxconn: 128 },
        },
        {
          messageId: 'raiseSomaxconn',
          message:
            /^Raise net\.core\.somaxconn from 128 \(kernel default 4096\) to 4096 \(the kernel default since 5\.4\)\..*restart each listening service/,
        },
      ],
      changes: [{ key: 'net.core.somaxconn', from: '128', to: '4096', file: '/etc/sysctl.d/50-test.conf', line: 1 }],
    },
    {
      name: 'old overflows, not growing over the window, no queue full now: a note, no change',
      facts: {
        live: { 'net.core.somaxconn': 128 },
        counters: { ListenOverflows: 120345, ListenDrops: 120345 },
        countersSince: 'boot',
        window: { seconds: 5, deltas: {} },
        sockets: { listeners: [{ local: '0.0.0.0:80', queued: 0, backlog: 128 }], listenerSource: 'ss' },
      },
      findings: [
        {
          messageId: 'overflow',
          severity: 'info',
          message:
            /^Accept queues overflow: 0\.0\.0\.0:80, the only listener, has a backlog of 128 \(no connection waiting when read\); ListenOverflows 120345 \(not growing over the last 5 s\) since boot\..*Over the last 5 s none of them grew: the totals \(since boot\) are old, and no change is made from them alone/,
        },
      ],
    },
    {
      name: 'the application backlog 511 is the cap, not somaxconn: no change; a configured tcp_max_syn_backlog is ignored',
      facts: {
        live: { 'net.core.somaxconn': 4096 },
        config: [{ key: 'net.ipv4.tcp_max_syn_backlog', value: 65536 }],
        sockets: { listeners: [{ local: '0.0.0.0:80', queued: 512, backlog: 511 }] },
      },
      findings: [
        {
          messageId: 'overflow',
          message:
            /0\.0\.0\.0:80 has 512 connections waiting with a backlog of 511 \(full\).*the cap is the application's own listen\(\) backlog of 511 = min\(511, somaxconn 4096\); net\.core\.somaxconn is not what limits this listener.*tcp_max_syn_backlog = 65536 in \/etc\/sysctl\.d\/50-test\.conf is ignored while tcp_syncookies is on/,
          evidence: {
            ListenOverflows: 0,
            ListenDrops: 0,
            somaxconn: 4096,
            largestBacklog: 511,
            listenersFull: 1,
            listenersNearlyFull: 0,
            fullestListener: '0.0.0.0:80',
          },
        },
      ],
    },
    {
      name: 'overflows counted while no queue is full at the moment of reading: the busiest listener is named with its backlog 4 as the cap',
      facts: {
        live: { 'net.core.somaxconn': 4096 },
        counters: { ListenOverflows: 270, ListenDrops: 270 },
        window: { seconds: 2, deltas: { ListenOverflows: 106, ListenDrops: 106 } },
        sockets: {
          listeners: [
            { local: '127.0.0.1:9000', queued: 3, backlog: 4, process: 'python3 (pid 7)' },
            { local: '0.0.0.0:22', queued: 0, backlog: 128 },
          ],
          listenerSource: 'ss',
        },
      },
      findings: [
        {
          messageId: 'overflow',
          message:
            /^Accept queues overflow: 127\.0\.0\.1:9000 \(python3 \(pid 7\)\) has 3 connections waiting with a backlog of 4 \(the fullest when read\); ListenOverflows 270 \(\+106 over the last 2 s, 53\/s\).*the cap is the application's own listen\(\) backlog of 4 = min\(4, somaxconn 4096\)/,
          evidence: {
            ListenOverflows: 270,
            ListenOverflowsPerSecond: 53,
            ListenDrops: 270,
            somaxconn: 4096,
            largestBacklog: 128,
            fullestListener: '127.0.0.1:9000',
          },
        },
      ],
    },
    {
      name: 'overflows growing, no queue holding a connection when read: the only listener is named, its backlog the cap',
      facts: {
        live: { 'net.core.somaxconn': 4096 },
        counters: { ListenOverflows: 300, ListenDrops: 300 },
        window: { seconds: 2, deltas: { ListenOverflows: 27, ListenDrops: 27 } },
        sockets: { listeners: [{ local: '127.0.0.1:9000', queued: 0, backlog: 4, process: 'python3 (pid 7)' }], listenerSource: 'ss' },
      },
      findings: [
        {
          messageId: 'overflow',
          message:
            /^Accept queues overflow: 127\.0\.0\.1:9000 \(python3 \(pid 7\)\), the only listener, has a backlog of 4 \(no connection waiting when read\); ListenOverflows 300.*the cap is the application's own listen\(\) backlog of 4/,
          evidence: {
            ListenOverflows: 300,
            ListenOverflowsPerSecond: 14,
            ListenDrops: 300,
            somaxconn: 4096,
            largestBacklog: 4,
            fullestListener: '127.0.0.1:9000',
          },
        },
      ],
    },
    {
      name: 'overflows, several idle listeners: their backlogs, smallest first, no cap claimed',
      facts: {
        live: { 'net.core.somaxconn': 4096 },
        counters: { ListenOverflows: 300, ListenDrops: 300 },
        sockets: {
          listeners: [
            { local: '0.0.0.0:443', queued: 0, backlog: 511 },
            { local: '127.0.0.1:9000', queued: 0, backlog: 4 },
          ],
          listenerSource: 'ss',
        },
      },
      findings: [
        {
          messageId: 'overflow',
          message:
            /^Accept queues overflow: no accept queue held a connection when read; the listeners' backlogs, smallest first: 127\.0\.0\.1:9000 4, 0\.0\.0\.0:443 511; ListenOverflows 300.*net\.core\.somaxconn is 4096\./,
        },
      ],
    },
    {
      name: '/proc/net/tcp only (no backlogs): the listener with connections waiting is named, and what is unknown said',
      facts: {
        live: { 'net.core.somaxconn': 4096 },
        counters: { ListenOverflows: 100, ListenDrops: 100 },
        sockets: {
          listeners: [
            { local: '127.0.0.1:9090', queued: 5 },
            { local: '0.0.0.0:22', queued: 0 },
          ],
          remotes: { SYN_SENT: [{ endpoint: '127.0.0.1:9090', count: 25 }] },
        },
      },
      findings: [
        {
          messageId: 'overflow',
          message:
            /^Accept queues overflow: 127\.0\.0\.1:9090 has 5 connections waiting \(backlog unknown: \/proc\/net\/tcp does not show it, ss -ltn does\); 25 connect\(\) calls on this host wait in SYN_SENT towards it; ListenOverflows 100/,
          evidence: { ListenOverflows: 100, ListenDrops: 100, somaxconn: 4096, fullestListener: '127.0.0.1:9090' },
        },
      ],
    },
    {
      name: 'nearly full at 90% (460 of 511)',
      facts: { live: { 'net.core.somaxconn': 4096 }, sockets: { listeners: [{ local: '[::]:8443', queued: 460, backlog: 511 }] } },
      findings: [{ messageId: 'overflow', message: /\[::\]:8443 has 460 connections waiting with a backlog of 511 \(nearly full\)/ }],
    },
    {
      name: 'an old kernel default of 128 caps a full listener: 4096',
      facts: {
        kernel: '4.19',
        live: { 'net.core.somaxconn': 128 },
        sockets: { listeners: [{ local: '0.0.0.0:80', queued: 129, backlog: 128 }] },
      },
      findings: [
        { messageId: 'overflow', message: /binding cap/ },
        { messageId: 'raiseSomaxconn', message: /from 128 \(kernel default 128\) to 4096/ },
      ],
      changes: [{ key: 'net.core.somaxconn', from: null, to: '4096', runtime: { from: '128', to: '4096' } }],
    },
    {
      name: '/proc/net/tcp only: a queue of 129 with somaxconn 128 is full at that cap: 4096',
      facts: {
        kernel: '4.19',
        live: { 'net.core.somaxconn': 128 },
        counters: { ListenOverflows: 5231, ListenDrops: 5231 },
        sockets: { listeners: [{ local: '0.0.0.0:8080', queued: 129 }] },
      },
      findings: [
        {
          messageId: 'overflow',
          message:
            /0\.0\.0\.0:8080 has 129 connections waiting, more than somaxconn 128 allows below a full queue: full at that cap.*net\.core\.somaxconn = 128 is the binding cap/,
        },
        { messageId: 'raiseSomaxconn', message: /from 128 \(kernel default 128\) to 4096/ },
      ],
      changes: [{ key: 'net.core.somaxconn', from: null, to: '4096' }],
    },
  ],
  skipped: [
    {
      name: 'neither counters nor sockets',
      facts: { live: { 'net.core.somaxconn': 4096 } },
      reason: /cannot check: no kernel counters.*no socket table/,
    },
  ],
});
