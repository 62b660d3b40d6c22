import { dockerfileBuildSysctl } from '../../src/rules/dockerfile-build-sysctl.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(dockerfileBuildSysctl, {
  valid: [
    {
      name: 'sysctl -w in a script runs on the host',
      facts: {
        config: [
          {
            key: 'net.core.somaxconn',
            value: '4096',
            via: { tool: 'shell', command: 'sysctl -w', context: 'script', ignoreUnknown: false },
          },
        ],
      },
    },
    {
      name: 'an ENV for an in-container tuner',
      facts: {
        config: [{ key: 'net.ipv4.tcp_fin_timeout', value: '20', via: { tool: 'container-env', variable: 'net__ipv4__tcp_fin_timeout' } }],
      },
    },
  ],
  invalid: [
    {
      name: 'RUN sysctl -w',
      facts: {
        config: [
          {
            key: 'net.core.somaxconn',
            value: '4096',
            via: { tool: 'shell', command: 'sysctl -w', context: 'dockerfile-run', ignoreUnknown: false },
            file: 'Dockerfile',
          },
        ],
      },
      findings: [
        {
          messageId: 'buildOnly',
          message:
            /^RUN sysctl -w sets net\.core\.somaxconn = 4096 in the build container only.*docker run --sysctl net\.core\.somaxconn=4096/,
          severity: 'warning',
          file: 'Dockerfile',
        },
      ],
    },
  ],
});
