import { closeWaitLeak } from '../../src/rules/close-wait-leak.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(closeWaitLeak, {
  valid: [
    { name: '99 CLOSE_WAIT among 10000 sockets', facts: { sockets: { states: { ESTABLISHED: 9901, CLOSE_WAIT: 99 } } } },
    { name: '19 CLOSE_WAIT are 19% but fewer than 20', facts: { sockets: { states: { ESTABLISHED: 81, CLOSE_WAIT: 19 } } } },
    { name: '20 CLOSE_WAIT just below 5% (20 of 401)', facts: { sockets: { states: { ESTABLISHED: 381, CLOSE_WAIT: 20 } } } },
    { name: 'no sockets at all', facts: { sockets: {} } },
  ],
  invalid: [
    {
      name: 'a server on 8080 leaks 1200 CLOSE_WAIT and its clients on this host wait in FIN_WAIT2: one story, the process named',
      facts: {
        live: { 'net.ipv4.tcp_fin_timeout': 60, 'net.ipv4.tcp_keepalive_time': 7200 },
        sockets: {
          states: { CLOSE_WAIT: 1200, FIN_WAIT2: 1200, LISTEN: 1 },
          closeWaitByLocalPort: [{ port: 8080, count: 1200 }],
          listeners: [{ local: '127.0.0.1:8080', queued: 0, backlog: 4096, process: 'python3 (pid 9)' }],
          listenerSource: 'ss',
          listeningPorts: [8080],
          localPorts: { CLOSE_WAIT: [{ port: 8080, count: 1200 }], FIN_WAIT2: [{ port: 41000, count: 1 }] },
          remotes: { FIN_WAIT2: [{ endpoint: '127.0.0.1:8080', count: 1200 }] },
          closeWaitHolders: [{ process: 'python3 (pid 9)', count: 1200, localPorts: [{ port: 8080, count: 1200 }] }],
          processesShown: true,
        },
      },
      findings: [
        {
          messageId: 'leak',
          message:
            /^1200 sockets are in CLOSE_WAIT \(49% of 2401 TCP sockets\): their peers closed, and the application has not called close\(\); by local port: 8080 \(1200\); held by python3 \(pid 9\): 1200 on port 8080\. Their peers are on this host: 1200 FIN_WAIT2 sockets towards 127\.0\.0\.1:8080 wait for the FIN the server on that port never sends\. They are the same problem, not a second one.*no tcp_fin_timeout change is proposed for them\. No sysctl fixes this/,
          evidence: {
            CLOSE_WAIT: 1200,
            total: 2401,
            topLocalPort: 8080,
            topLocalPortCount: 1200,
            process: 'python3 (pid 9)',
            processCount: 1200,
            localFinWait2Peers: 1200,
          },
        },
      ],
    },
    {
      name: 'a client leaks CLOSE_WAIT towards a local server that closed: the FIN_WAIT2 sockets on the server port are its peers',
      facts: {
        sockets: {
          states: { CLOSE_WAIT: 300, FIN_WAIT2: 300, LISTEN: 1 },
          closeWaitByLocalPort: [{ port: 41000, count: 1 }],
          listeners: [{ local: '0.0.0.0:6379', queued: 0 }],
          listeningPorts: [6379],
          localPorts: { CLOSE_WAIT: [{ port: 41000, count: 1 }], FIN_WAIT2: [{ port: 6379, count: 300 }] },
          remotes: { CLOSE_WAIT: [{ endpoint: '127.0.0.1:6379', count: 300 }] },
        },
      },
      findings: [
        {
          messageId: 'leak',
          message:
            /spread over many local ports, i\.e\. outgoing connections.*Their peers are on this host: 300 FIN_WAIT2 sockets on 127\.0\.0\.1:6379 wait for the FIN its clients never send/,
        },
      ],
    },
    {
      name: '450 CLOSE_WAIT on a server port: the application does not close',
      facts: {
        live: {},
        sockets: {
          states: { ESTABLISHED: 300, CLOSE_WAIT: 450 },
          closeWaitByLocalPort: [
            { port: 8080, count: 420 },
            { port: 9000, count: 30 },
          ],
        },
      },
      findings: [
        {
          messageId: 'leak',
          message:
            /^450 sockets are in CLOSE_WAIT \(60% of 750 TCP sockets\): their peers closed, and the application has not called close\(\); by local port: 8080 \(420\), 9000 \(30\)\. No sysctl fixes this, so nothing is proposed: CLOSE_WAIT has no kernel timer, tcp_fin_timeout \(now 60\) bounds only orphaned FIN-WAIT-2 sockets, and keepalive \(SO_KEEPALIVE sockets only, first probe after 7200 s\).*Fix the application: close the socket when read\(\) returns 0/,
          severity: 'warning',
          evidence: { CLOSE_WAIT: 450, total: 750, topLocalPort: 8080, topLocalPortCount: 420 },
        },
      ],
    },
    {
      name: 'exactly 100 is reported whatever the total',
      facts: { sockets: { states: { ESTABLISHED: 99900, CLOSE_WAIT: 100 } } },
      findings: [
        {
          messageId: 'leak',
          message: /^100 sockets are in CLOSE_WAIT \(0% of 100000 TCP sockets\)/,
          evidence: { CLOSE_WAIT: 100, total: 100000 },
        },
      ],
    },
    {
      name: '20 of 400 (5%) spread over ephemeral ports: a client that does not close',
      facts: {
        sockets: {
          states: { ESTABLISHED: 380, CLOSE_WAIT: 20 },
          closeWaitByLocalPort: Array.from({ length: 20 }, (_, i) => ({ port: 40000 + i, count: 1 })),
        },
      },
      findings: [
        {
          messageId: 'leak',
          message:
            /^20 sockets are in CLOSE_WAIT \(5% of 400 TCP sockets\).*close\(\); they are spread over many local ports, i\.e\. outgoing connections: a client library or pool that does not close\./,
        },
      ],
    },
    {
      name: 'a configured tcp_fin_timeout is quoted and left alone',
      facts: {
        config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 10, comment: 'fix CLOSE_WAIT' }],
        sockets: { states: { CLOSE_WAIT: 500 }, closeWaitByLocalPort: [{ port: 5432, count: 200 }] },
      },
      findings: [
        {
          messageId: 'leak',
          message:
            /by local port: 5432 \(200\); the rest are spread over many local ports.*tcp_fin_timeout \(now 10\) bounds only orphaned FIN-WAIT-2/,
        },
      ],
    },
  ],
  skipped: [{ name: 'no socket table', facts: { live: {} }, reason: /cannot check: no socket table/ }],
});
