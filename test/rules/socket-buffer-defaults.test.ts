import { socketBufferDefaults } from '../../src/rules/socket-buffer-defaults.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(socketBufferDefaults, {
  valid: [
    {
      name: 'defaults below their maxima and small',
      facts: {
        config: [
          { key: 'net.core.rmem_default', value: 262144 },
          { key: 'net.core.rmem_max', value: 16777216 },
          { key: 'net.core.wmem_default', value: 1048576 },
        ],
      },
    },
    { name: 'only maxima raised', facts: { config: [{ key: 'net.core.rmem_max', value: 134217728 }] } },
  ],
  invalid: [
    {
      name: 'amq/ansible-lemp: defaults of 30 MiB above maxima of 12 MiB',
      facts: {
        config: [
          { key: 'net.core.rmem_default', value: 31457280 },
          { key: 'net.core.rmem_max', value: 12582912 },
          { key: 'net.core.wmem_default', value: 31457280 },
          { key: 'net.core.wmem_max', value: 12582912 },
        ],
      },
      findings: [
        {
          messageId: 'aboveMax',
          message:
            /^net\.core\.rmem_default = 31457280 is above net\.core\.rmem_max = 12582912: lower the default or raise the maximum\nEvery socket gets more receive buffer than setsockopt may ask for/,
          severity: 'warning',
          line: 1,
        },
        {
          messageId: 'aboveMax',
          message:
            /^net\.core\.wmem_default = 31457280 is above net\.core\.wmem_max = 12582912: lower the default or raise the maximum\nEvery socket gets more send buffer/,
          line: 3,
        },
      ],
    },
    {
      name: 'a system-wide default of 256 MiB (below its maximum)',
      facts: {
        config: [
          { key: 'net.core.rmem_default', value: 268435456 },
          { key: 'net.core.rmem_max', value: 268435456 },
        ],
      },
      findings: [
        {
          messageId: 'large',
          message:
            /^net\.core\.rmem_default = 268435456 \(256 MiB\) is a large default receive buffer: keep it small and raise net\.core\.rmem_max\nIt gives every socket a 256 MiB receive buffer/,
        },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: {} }, reason: /no config files were read/ }],
});
