import { tunedModifier } from '../../src/rules/tuned-modifier.js';
import type { AppliedVia } from '../../src/readers/embedded/types.js';
import { ruleTester } from '../helpers/rule-tester.js';

const raise: AppliedVia = { tool: 'tuned', section: 'sysctl', modifier: '>' };

ruleTester(tunedModifier, {
  valid: [
    { name: '>2048 on somaxconn (throughput-performance)', facts: { config: [{ key: 'net.core.somaxconn', value: '2048', via: raise }] } },
    {
      name: 'no modifier',
      facts: {
        config: [{ key: 'net.ipv4.ip_local_port_range', value: '1024 65000', via: { tool: 'tuned', section: 'sysctl', modifier: null } }],
      },
    },
  ],
  invalid: [
    {
      name: 'a vector value cannot be compared',
      facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '1024 65000', via: raise }] },
      findings: [
        {
          messageId: 'notInteger',
          message:
            /net\.ipv4\.ip_local_port_range = >1024 65000: ">" makes TuneD compare.*"1024 65000" is not one integer.*writes ">1024 65000", which the kernel rejects/,
          severity: 'error',
        },
      ],
    },
    {
      name: 'one integer on a vector key: the current value is not one number',
      facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '1024', via: { tool: 'tuned', section: 'sysctl', modifier: '<' } }] },
      findings: [{ messageId: 'notInteger', message: /the current value of net\.ipv4\.ip_local_port_range is more than one number/ }],
    },
  ],
});
