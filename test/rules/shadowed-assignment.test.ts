import { shadowedAssignment } from '../../src/rules/shadowed-assignment.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(shadowedAssignment, {
  valid: [
    {
      name: 'every key set once',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_fin_timeout', value: 30 },
          { key: 'net.ipv4.tcp_keepalive_time', value: 600 },
        ],
      },
    },
  ],
  invalid: [
    {
      name: 'a later file overrides an earlier one (procps ends with /etc/sysctl.conf)',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_keepalive_time', value: 300, file: '/usr/lib/sysctl.d/50-vendor.conf' },
          { key: 'net.ipv4.tcp_keepalive_time', value: 400, file: '/etc/sysctl.conf' },
        ],
      },
      findings: [
        {
          messageId: 'overridden',
          message:
            /^net\.ipv4\.tcp_keepalive_time = 300 here is overridden by net\.ipv4\.tcp_keepalive_time = 400 at \/etc\/sysctl\.conf:1, which is applied later: procps "sysctl --system" writes every occurrence in order \(the key holds 300 until the later line\), systemd-sysctl applies only the last one/,
          severity: 'info',
          file: '/usr/lib/sysctl.d/50-vendor.conf',
          line: 1,
          column: 1,
          evidence: { overriddenBy: '/etc/sysctl.conf:1', value: '400' },
        },
      ],
    },
    {
      name: 'three lines in one file: two findings, anchored at each shadowed line',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_fin_timeout', value: 30 },
          { key: 'net.ipv4.tcp_keepalive_time', value: 600 },
          { key: 'net.ipv4.tcp_fin_timeout', value: 20 },
          { key: 'net.ipv4.tcp_fin_timeout', value: 15 },
        ],
      },
      findings: [
        {
          messageId: 'overridden',
          message: /= 30 here is overridden by net\.ipv4\.tcp_fin_timeout = 15 at \/etc\/sysctl\.d\/50-test\.conf:4/,
          line: 1,
        },
        {
          messageId: 'overridden',
          message: /= 20 here is overridden by net\.ipv4\.tcp_fin_timeout = 15 at \/etc\/sysctl\.d\/50-test\.conf:4/,
          line: 3,
        },
      ],
    },
    {
      name: 'the same value twice (an inline comment does not change what is stored)',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_syn_retries', value: 3 },
          { key: 'net.ipv4.tcp_syn_retries', value: '3 # again' },
        ],
      },
      findings: [
        {
          messageId: 'redundant',
          message: /= 3 here is repeated at \/etc\/sysctl\.d\/50-test\.conf:2 with the same value.*this line has no effect/,
        },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: {} }, reason: /no config files were read/ }],
});
