import { conntrackKeepalive } from '../../src/rules/conntrack-keepalive.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(conntrackKeepalive, {
  valid: [
    { name: 'no conntrack timeout set', facts: { config: [{ key: 'net.ipv4.tcp_keepalive_time', value: 600 }] } },
    {
      name: 'established timeout above the keepalive time',
      facts: {
        config: [
          { key: 'net.netfilter.nf_conntrack_tcp_timeout_established', value: 7440 },
          { key: 'net.ipv4.tcp_keepalive_time', value: 1200 },
        ],
      },
    },
    {
      name: 'above the default keepalive time (7200 s)',
      facts: { config: [{ key: 'net.netfilter.nf_conntrack_tcp_timeout_established', value: 28800 }] },
    },
  ],
  invalid: [
    {
      name: 'AntiFlood: 120 s with tcp_keepalive_time 600 and nf_conntrack_tcp_loose 0',
      facts: {
        config: [
          { key: 'net.netfilter.nf_conntrack_tcp_loose', value: 0 },
          { key: 'net.netfilter.nf_conntrack_tcp_timeout_established', value: 120 },
          { key: 'net.ipv4.tcp_keepalive_time', value: 600 },
        ],
      },
      findings: [
        {
          message:
            /^nf_conntrack_tcp_timeout_established = 120 s expires idle connections before keepalive \(600 s\): raise it above\nAn idle connection .* tcp_keepalive_time = 600 s \(line 3\).*With nf_conntrack_tcp_loose = 0 \(line 1\) conntrack does not pick the connection up again/,
          severity: 'warning',
          line: 2,
          evidence: { established: 120, keepalive: 600, loose: 0 },
        },
      ],
    },
    {
      name: 'below the default keepalive time, loose tracking on (the default)',
      facts: { config: [{ key: 'net.netfilter.nf_conntrack_tcp_timeout_established', value: 3600 }] },
      findings: [
        {
          message:
            /keepalive \(7200 s\)[\s\S]*\(the kernel default\)[\s\S]*nf_conntrack_tcp_loose = 1 \(the default\) conntrack picks it up again/,
        },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: {} }, reason: /no config files were read/ }],
});
