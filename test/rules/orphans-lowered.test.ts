import { orphansLowered } from '../../src/rules/orphans-lowered.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(orphansLowered, {
  valid: [
    { name: 'raised', facts: { config: [{ key: 'net.ipv4.tcp_max_orphans', value: 400000 }] } },
    {
      name: 'below the default only on hosts above 8 GiB (memory unknown)',
      facts: { memTotalBytes: null, config: [{ key: 'net.ipv4.tcp_max_orphans', value: 32768 }] },
    },
    {
      name: 'at the default of this host (4 GiB)',
      facts: { memTotalBytes: 4 * 2 ** 30, config: [{ key: 'net.ipv4.tcp_max_orphans', value: 16384 }] },
    },
  ],
  invalid: [
    {
      name: 'PageSpeedPlus: 16384, memory unknown',
      facts: { memTotalBytes: null, config: [{ key: 'net.ipv4.tcp_max_orphans', value: 16384 }] },
      findings: [
        {
          messageId: 'loweredUnknownMemory',
          message:
            /^tcp_max_orphans = 16384 is below the kernel default on any host with more than 4 GiB of RAM: remove the line\nThe default is half/,
          severity: 'warning',
          line: 1,
        },
      ],
    },
    {
      name: 'known memory: 16 GiB gives 65536',
      facts: { memTotalBytes: 16 * 2 ** 30, config: [{ key: 'net.ipv4.tcp_max_orphans', value: 32768 }] },
      findings: [{ messageId: 'lowered', message: /^tcp_max_orphans = 32768 is below the kernel default \(65536\) here: remove the line/ }],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: {} }, reason: /no config files were read/ }],
});
