import { conntrackEstablishedBelowKeepalive } from '../../src/rules/conntrack-established-below-keepalive.js';
import { ruleTester } from '../helpers/rule-tester.js';

const ESTABLISHED = 'net.netfilter.nf_conntrack_tcp_timeout_established';

ruleTester(conntrackEstablishedBelowKeepalive, {
  valid: [
    { name: 'the defaults: 432000 s against 7200 s', facts: { live: { [ESTABLISHED]: 432000 } } },
    { name: 'kube-proxy’s 86400 s', facts: { live: { [ESTABLISHED]: 86400, 'net.ipv4.tcp_keepalive_time': 7200 } } },
    { name: 'no conntrack here (key not read) and no file sets it', facts: { live: { 'net.ipv4.tcp_keepalive_time': 7200 } } },
    {
      name: 'a short conntrack timeout with a keepalive that probes (and retries) in time',
      facts: { live: { [ESTABLISHED]: 600, 'net.ipv4.tcp_keepalive_time': 300, 'net.ipv4.tcp_keepalive_intvl': 60 } },
    },
  ],
  invalid: [
    {
      name: 'conntrack at 10 s (the end-to-end test’s firewall) with the default keepalive: raise it to the detection time',
      facts: {
        live: {
          [ESTABLISHED]: 10,
          'net.ipv4.tcp_keepalive_time': 7200,
          'net.ipv4.tcp_keepalive_intvl': 75,
          'net.ipv4.tcp_keepalive_probes': 9,
        },
      },
      findings: [
        {
          messageId: 'expiresBeforeProbe',
          message:
            /^Conntrack forgets idle flows after 10 s, before keepalive probes \(7200 s\): raise the timeout to 7875\nConntrack here drops the entry of a TCP flow idle for 10 s.*retried at 7275 s.*7200 \+ 9 × 75 = 7875 s \(2 h 11 min 15 s\)/s,
          evidence: {
            nf_conntrack_tcp_timeout_established: 10,
            tcp_keepalive_time: 7200,
            tcp_keepalive_intvl: 75,
            tcp_keepalive_probes: 9,
          },
        },
      ],
      changes: [{ key: ESTABLISHED, to: '7875' }],
    },
    {
      name: 'a config file sets it to 3600 below a keepalive of 3600: the line is named',
      facts: {
        config: [
          { key: ESTABLISHED, value: 3600, file: '/etc/sysctl.d/60-conntrack.conf' },
          { key: 'net.ipv4.tcp_keepalive_time', value: 3600 },
        ],
      },
      findings: [
        {
          messageId: 'expiresBeforeProbe',
          file: '/etc/sysctl.d/60-conntrack.conf',
          line: 1,
          message: /after 3600 s, before keepalive probes \(3600 s\): raise the timeout to 4275/,
        },
      ],
      changes: [{ key: ESTABLISHED, to: '4275' }],
    },
  ],
});
