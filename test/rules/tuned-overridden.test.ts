import { tunedOverridden } from '../../src/rules/tuned-overridden.js';
import type { AppliedVia } from '../../src/readers/embedded/types.js';
import { ruleTester } from '../helpers/rule-tester.js';

const tuned: AppliedVia = { tool: 'tuned', section: 'sysctl', modifier: null };

ruleTester(tunedOverridden, {
  valid: [
    {
      name: 'no sysctl.d file sets the key',
      facts: { config: [{ key: 'net.core.somaxconn', value: '2048', via: tuned }], reappliedOverTuned: [] },
    },
    {
      name: 'the same value in both',
      facts: {
        config: [{ key: 'net.core.somaxconn', value: '2048', via: tuned }],
        reappliedOverTuned: [{ key: 'net.core.somaxconn', value: '2048', file: 'etc/sysctl.d/90.conf', line: 3 }],
      },
    },
    {
      name: "a sysctl.conf line is not TuneD's",
      facts: {
        config: [{ key: 'net.core.somaxconn', value: '2048' }],
        reappliedOverTuned: [{ key: 'net.core.somaxconn', value: '4096', file: 'etc/sysctl.d/90.conf', line: 3 }],
      },
    },
  ],
  invalid: [
    {
      name: '/etc/sysctl.d sets another value, which wins',
      facts: {
        config: [{ key: 'net.ipv4.tcp_keepalive_time', value: '120', via: tuned, file: 'tuned/web/tuned.conf' }],
        reappliedOverTuned: [{ key: 'net.ipv4.tcp_keepalive_time', value: '7200', file: 'etc/sysctl.d/99-defaults.conf', line: 4 }],
      },
      findings: [
        {
          messageId: 'overridden',
          message:
            /TuneD sets net\.ipv4\.tcp_keepalive_time = 120 here, then re-applies .*from '120' to '7200'": etc\/sysctl\.d\/99-defaults\.conf:4 sets 7200/,
          severity: 'warning',
          file: 'tuned/web/tuned.conf',
        },
      ],
    },
  ],
});
