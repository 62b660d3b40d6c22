import { containerSysctlValue } from '../../src/rules/container-sysctl-value.js';
import type { AppliedVia, ScalarType } from '../../src/readers/embedded/types.js';
import { ruleTester } from '../helpers/rule-tester.js';

const pod = (valueType: ScalarType = 'string'): AppliedVia => ({
  tool: 'kubernetes',
  workload: 'Deployment/web',
  hostNetwork: false,
  hostIPC: false,
  valueType,
});

ruleTester(containerSysctlValue, {
  valid: [
    { name: 'a quoted string', facts: { config: [{ key: 'net.core.somaxconn', value: '4096', via: pod() }] } },
    {
      name: 'a compose map value may be a number',
      facts: {
        config: [
          {
            key: 'net.core.somaxconn',
            value: '1024',
            via: { tool: 'compose', service: 'api', networkMode: null, ipc: null, valueType: 'integer' },
          },
        ],
      },
    },
    {
      name: "quotes in a sysctl.conf value are other rules' business",
      facts: { config: [{ key: 'kernel.core_pattern', value: '"core"' }] },
    },
  ],
  invalid: [
    {
      name: 'a YAML integer in a pod',
      facts: { config: [{ key: 'net.ipv4.tcp_keepalive_time', value: '600', via: pod('integer') }] },
      findings: [
        {
          messageId: 'notString',
          message:
            /the value 600 is a YAML integer.*rejects the whole Deployment\/web \("json: cannot unmarshal number into Go struct field Sysctl.*Quote it: value: "600"/,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a YAML boolean',
      facts: { config: [{ key: 'net.ipv4.tcp_syncookies', value: 'true', via: pod('boolean') }] },
      findings: [{ messageId: 'notString', message: /is a YAML boolean.*cannot unmarshal bool/ }],
    },
    {
      name: 'escaped quotes inside the value reach the kernel',
      facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '"1024 65000"', via: pod() }] },
      findings: [
        {
          messageId: 'quotesInside',
          message:
            /has quotes inside it.*write \/proc\/sys\/net\/ipv4\/ip_local_port_range: invalid argument.*pod does not start\. Remove the inner quotes: 1024 65000/,
        },
      ],
    },
    {
      name: 'docker run --sysctl with single quotes kept',
      facts: { config: [{ key: 'net.core.somaxconn', value: "'1024'", via: { tool: 'docker-run', networkMode: null, ipc: null } }] },
      findings: [{ messageId: 'quotesInside', message: /container does not start/ }],
    },
  ],
});
