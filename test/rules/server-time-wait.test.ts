import { serverTimeWait } from '../../src/rules/server-time-wait.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(serverTimeWait, {
  valid: [
    {
      name: 'a few TIME_WAIT sockets on the listening port',
      facts: { live: {}, sockets: { states: { TIME_WAIT: 5 }, listeningPorts: [80], localPorts: { TIME_WAIT: [{ port: 80, count: 5 }] } } },
    },
    {
      name: "client-side TIME_WAIT (ephemeral ports, no listener on them) is port-exhaustion's business",
      facts: {
        live: {},
        sockets: {
          states: { TIME_WAIT: 20000 },
          listeningPorts: [22],
          localPorts: {
            TIME_WAIT: [
              { port: 40001, count: 1 },
              { port: 40002, count: 1 },
            ],
          },
        },
      },
    },
  ],
  invalid: [
    {
      name: "13,500 TIME_WAIT on the server's own port 8080: normal, memory not ports, tcp_tw_reuse does not apply, nothing proposed",
      facts: {
        live: { 'net.ipv4.tcp_max_tw_buckets': 131072 },
        sockets: {
          states: { TIME_WAIT: 13600, ESTABLISHED: 10 },
          listeningPorts: [22, 8080],
          localPorts: {
            TIME_WAIT: [
              { port: 8080, count: 13500 },
              { port: 22, count: 100 },
            ],
          },
        },
        sockstat: { tw: 13600 },
      },
      findings: [
        {
          messageId: 'serverSide',
          message:
            /^13600 TIME_WAIT sockets sit on this host's listening ports 8080 \(13500\), 22 \(100\): the server closed those connections first.*That is normal and nothing is proposed\. They cost memory, not ports: each is a timewait minisock of ~256 bytes \(~4 MiB in all; tcp_max_tw_buckets = 131072 caps them at 10%\).*tcp_tw_reuse does not apply: it acts only in connect\(\)/,
          severity: 'info',
          key: 'net.ipv4.tcp_tw_reuse',
          evidence: { serverTimeWait: 13600, topPort: 8080, topPortCount: 13500, tcp_max_tw_buckets: 131072 },
        },
      ],
    },
  ],
  skipped: [{ name: 'no socket table', facts: { live: {} }, reason: /cannot check: no socket table/ }],
});
