import { listenOverflow } from '../../src/rules/listen-overflow.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(listenOverflow, {
  valid: [
    {
      name: 'no overflow counted and short accept queues',
      facts: { live: { 'net.core.somaxconn': 4096 }, counters: { ListenOverflows: 0, ListenDrops: 0 }, sockets: { listeners: [{ local: '0.0.0.0:80', queued: 10, backlog: 511 }] } },
    },
    {
      name: 'a queue just below 90% of its backlog (459 of 511)',
      facts: { live: { 'net.core.somaxconn': 4096 }, sockets: { listeners: [{ local: '0.0.0.0:80', queued: 459, backlog: 511 }] } },
    },
    { name: 'counters only, all zero', facts: { counters: { ListenOverflows: 0, ListenDrops: 0 } } },
    { name: 'an empty listener with backlog 0', facts: { sockets: { listeners: [{ local: '127.0.0.1:9000', queued: 0, backlog: 0 }] } } },
  ],
  invalid: [
    {
      name: 'a listener full at somaxconn 4096: raise it to 8192',
      facts: {
        live: { 'net.core.somaxconn': 4096 },
        counters: { ListenOverflows: 1200, ListenDrops: 1250 },
        sockets: {
          listeners: [
            { local: '0.0.0.0:443', queued: 4097, backlog: 4096 },
            { local: '0.0.0.0:80', queued: 480, backlog: 511 },
          ],
        },
      },
      findings: [
        {
          message:
            /^Accept queues overflow: ListenOverflows is 1200 and ListenDrops 1250 \(cumulative since boot: compare two readings.*the 50 drops beyond overflows.*\); 0\.0\.0\.0:443 has 4097 connections waiting with a backlog of 4096 \(full\); 0\.0\.0\.0:80 has 480 connections waiting with a backlog of 511 \(nearly full\)\..*net\.core\.somaxconn = 4096 is the binding cap \(0\.0\.0\.0:443 has a backlog equal to it\).*tcp_abort_on_overflow \(now 0\) does not help/,
          severity: 'warning',
          key: 'net.core.somaxconn',
          evidence: { ListenOverflows: 1200, ListenDrops: 1250, somaxconn: 4096, largestBacklog: 4096, listenersFull: 1, listenersNearlyFull: 1 },
        },
        {
          message: /^Raise net\.core\.somaxconn from 4096 \(kernel default 4096\) to 8192 \(2 × the largest listener backlog 4096, rounded up to a power of two\)\. It is read at listen\(\) time only: restart the service on 0\.0\.0\.0:443.*backlog=8192", default 511/,
          change: { key: 'net.core.somaxconn', to: '8192' },
        },
      ],
      changes: [{ key: 'net.core.somaxconn', from: null, to: '8192', runtime: { from: '4096', to: '8192' }, rules: ['listen-overflow'] }],
    },
    {
      name: 'somaxconn lowered to 128 by config, counters only, cookies off: 4096 and tcp_max_syn_backlog advice',
      facts: {
        live: { 'net.core.somaxconn': 128, 'net.ipv4.tcp_syncookies': 0, 'net.ipv4.tcp_max_syn_backlog': 512 },
        config: [{ key: 'net.core.somaxconn', value: 128 }],
        counters: { ListenOverflows: 10, ListenDrops: 40 },
      },
      findings: [
        { message: /ListenOverflows is 10 and ListenDrops 40 .*net\.core\.somaxconn is 128, below the kernel default of 4096 since 5\.4/, evidence: { ListenOverflows: 10, ListenDrops: 40, somaxconn: 128 } },
        { message: /^Raise net\.core\.somaxconn from 128 \(kernel default 4096\) to 4096 \(the kernel default since 5\.4\)\..*restart each listening service/ },
        { message: /^tcp_syncookies is 0, so tcp_max_syn_backlog \(512; kernel default 2048\) is in play.*better fix is tcp_syncookies = 1, after which tcp_max_syn_backlog is ignored/, key: 'net.ipv4.tcp_max_syn_backlog' },
      ],
      changes: [{ key: 'net.core.somaxconn', from: '128', to: '4096', file: '/etc/sysctl.d/50-test.conf', line: 1 }],
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
          message: /0\.0\.0\.0:80 has 512 connections waiting with a backlog of 511 \(full\).*net\.core\.somaxconn = 4096 is not what limits this listener: the application asked listen\(\) for a backlog of 511.*tcp_max_syn_backlog = 65536 in \/etc\/sysctl\.d\/50-test\.conf is ignored while tcp_syncookies is on/,
          evidence: { ListenOverflows: 0, ListenDrops: 0, somaxconn: 4096, largestBacklog: 511, listenersFull: 1, listenersNearlyFull: 0 },
        },
      ],
    },
    {
      name: 'nearly full at 90% (460 of 511)',
      facts: { live: { 'net.core.somaxconn': 4096 }, sockets: { listeners: [{ local: '[::]:8443', queued: 460, backlog: 511 }] } },
      findings: [{ message: /\[::\]:8443 has 460 connections waiting with a backlog of 511 \(nearly full\)/ }],
    },
    {
      name: 'an old kernel default of 128 caps a full listener: 4096',
      facts: { kernel: '4.19', live: { 'net.core.somaxconn': 128 }, sockets: { listeners: [{ local: '0.0.0.0:80', queued: 129, backlog: 128 }] } },
      findings: [{ message: /binding cap/ }, { message: /from 128 \(kernel default 128\) to 4096/ }],
      changes: [{ key: 'net.core.somaxconn', from: null, to: '4096', runtime: { from: '128', to: '4096' } }],
    },
  ],
  skipped: [{ name: 'neither counters nor sockets', facts: { live: { 'net.core.somaxconn': 4096 } }, reason: /cannot check: no kernel counters.*no socket table/ }],
});
