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
      name: '450 CLOSE_WAIT on a server port: the application does not close',
      facts: { live: {}, sockets: { states: { ESTABLISHED: 300, CLOSE_WAIT: 450 }, closeWaitByLocalPort: [{ port: 8080, count: 420 }, { port: 9000, count: 30 }] } },
      findings: [
        {
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
      findings: [{ message: /^100 sockets are in CLOSE_WAIT \(0% of 100000 TCP sockets\)/, evidence: { CLOSE_WAIT: 100, total: 100000 } }],
    },
    {
      name: '20 of 400 (5%) spread over ephemeral ports: a client that does not close',
      facts: { sockets: { states: { ESTABLISHED: 380, CLOSE_WAIT: 20 }, closeWaitByLocalPort: Array.from({ length: 20 }, (_, i) => ({ port: 40000 + i, count: 1 })) } },
      findings: [{ message: /^20 sockets are in CLOSE_WAIT \(5% of 400 TCP sockets\).*close\(\); they are spread over many local ports, i\.e\. outgoing connections: a client library or pool that does not close\./ }],
    },
    {
      name: 'a configured tcp_fin_timeout is quoted and left alone',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 10, comment: 'fix CLOSE_WAIT' }], sockets: { states: { CLOSE_WAIT: 500 }, closeWaitByLocalPort: [{ port: 5432, count: 200 }] } },
      findings: [{ message: /by local port: 5432 \(200\); the rest are spread over many local ports.*tcp_fin_timeout \(now 10\) bounds only orphaned FIN-WAIT-2/ }],
    },
  ],
  skipped: [{ name: 'no socket table', facts: { live: {} }, reason: /cannot check: no socket table/ }],
});
