import { twBucketsOverflow } from '../../src/rules/tw-buckets-overflow.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(twBucketsOverflow, {
  valid: [
    {
      name: 'well below the cap, no overflow',
      facts: { live: { 'net.ipv4.tcp_max_tw_buckets': 131072 }, sockstat: { tw: 5000 }, counters: { TCPTimeWaitOverflow: 0 } },
    },
    {
      name: 'no counters but a socket table under the cap',
      facts: { live: { 'net.ipv4.tcp_max_tw_buckets': 131072 }, sockets: { states: { TIME_WAIT: 900 } } },
    },
  ],
  invalid: [
    {
      name: 'overflow counted, cap lowered by config',
      facts: {
        live: { 'net.ipv4.tcp_max_tw_buckets': 5000 },
        config: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: 5000, comment: 'fewer TIME_WAIT' }],
        sockstat: { tw: 5000 },
        counters: { TCPTimeWaitOverflow: 1234 },
      },
      findings: [
        {
          messageId: 'overflow',
          message:
            /tcp_max_tw_buckets is 5000, and TCPTimeWaitOverflow counted 1234 sockets that skipped TIME-WAIT since boot \(or since this network namespace was created\), and 5000 timewait sockets are held now.*Raise it to 131072 \(the kernel default for this host/,
          severity: 'error',
          evidence: { tcp_max_tw_buckets: 5000, TCPTimeWaitOverflow: 1234, timewait: 5000 },
        },
      ],
      // 2 × 5000 is below this host's default (131072 with 24 GiB): the default is the floor.
      changes: [{ key: 'net.ipv4.tcp_max_tw_buckets', from: '5000', to: '131072', file: '/etc/sysctl.d/50-test.conf', line: 2 }],
    },
    {
      name: 'at the cap with a large host default',
      facts: {
        memTotalBytes: 1024 ** 3,
        live: { 'net.ipv4.tcp_max_tw_buckets': 8192 },
        sockstat: { tw: 8192 },
        counters: { TCPTimeWaitOverflow: 7 },
        sockets: {
          states: { TIME_WAIT: 8192 },
          timeWaitByRemote: [{ endpoint: '10.0.0.5:443', count: 8000 }],
          localPorts: { TIME_WAIT: [{ port: 41000, count: 1 }] },
        },
      },
      findings: [
        { messageId: 'overflow', message: /8192 timewait sockets are held now \(most towards 10\.0\.0\.5:443: 8000\).*Raise it to 16384/ },
      ],
      changes: [
        {
          key: 'net.ipv4.tcp_max_tw_buckets',
          from: null,
          to: '16384',
          runtime: { from: '8192', to: '16384' },
          rules: ['tw-buckets-overflow'],
        },
      ],
    },
    {
      name: 'server-side TIME-WAIT at the cap: the local port that holds it is named',
      facts: {
        live: { 'net.ipv4.tcp_max_tw_buckets': 131072 },
        sockstat: { tw: 131072 },
        sockets: { states: { TIME_WAIT: 131072 }, localPorts: { TIME_WAIT: [{ port: 443, count: 131000 }] } },
      },
      findings: [{ messageId: 'overflow', message: /131072 timewait sockets are held now \(most on local port 443: 131000\)/ }],
      changes: [{ key: 'net.ipv4.tcp_max_tw_buckets', to: '262144' }],
    },
  ],
  skipped: [{ name: 'no live values', facts: { counters: { TCPTimeWaitOverflow: 3 } }, reason: /no live values/ }],
});
