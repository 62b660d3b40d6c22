import { drift } from '../../src/rules/drift.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(drift, {
  valid: [
    {
      name: 'live equals configured',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 30 }], live: { 'net.ipv4.tcp_fin_timeout': 30 } },
    },
    {
      name: 'the kernel ignored an inline comment',
      facts: { config: [{ key: 'net.ipv4.tcp_keepalive_time', value: '600 # ten minutes' }], live: { 'net.ipv4.tcp_keepalive_time': 600 } },
    },
    {
      name: 'hex configured, decimal live',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: '0x1e' }], live: { 'net.ipv4.tcp_fin_timeout': 30 } },
    },
    {
      name: 'vector whitespace',
      facts: {
        config: [
          { key: 'net.ipv4.ip_local_port_range', value: '10000    65000' },
          { key: 'net.ipv4.tcp_rmem', value: '4096\t131072  6291456' },
        ],
        live: { 'net.ipv4.ip_local_port_range': '10000 65000', 'net.ipv4.tcp_rmem': '4096 131072 6291456' },
      },
    },
    {
      name: 'only the low end configured',
      facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '20000' }], live: { 'net.ipv4.ip_local_port_range': '20000 60999' } },
    },
    {
      name: 'a rejected value leaves the old one (invalid-value reports it)',
      facts: { config: [{ key: 'net.ipv4.tcp_syn_retries', value: 0 }], live: { 'net.ipv4.tcp_syn_retries': 6 } },
    },
    { name: 'a key absent live', facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 30 }], live: {} } },
  ],
  invalid: [
    {
      name: 'configured 30, live 60',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 30 }], live: { 'net.ipv4.tcp_fin_timeout': 60 } },
      findings: [
        {
          messageId: 'drift',
          message:
            /^net\.ipv4\.tcp_fin_timeout: configured 30 at \/etc\/sysctl\.d\/50-test\.conf:1, live 60: the file was not applied since it changed, or the key was changed at runtime \(sysctl -w, an agent, a container runtime\)\. If the file is right, apply it with "sysctl --system" \(or reboot\)/,
          severity: 'info',
          line: 1,
          column: 28,
          evidence: { configured: '30', live: '60' },
          caveats: undefined,
        },
      ],
    },
    {
      name: 'a vector outside the catalogue',
      facts: { config: [{ key: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' }], live: { 'net.ipv4.tcp_rmem': '4096 131072 6291456' } },
      findings: [{ messageId: 'drift', message: /^net\.ipv4\.tcp_rmem: configured 4096 87380 6291456 at .*, live 4096 131072 6291456:/ }],
    },
    {
      name: 'inside a container the host files do not apply',
      facts: { container: true, config: [{ key: 'net.core.somaxconn', value: 65535 }], live: { 'net.core.somaxconn': 4096 } },
      findings: [
        {
          messageId: 'drift',
          message: /configured 65535 .* live 4096/,
          caveats: [
            "This looks like a container: per-namespace keys start from kernel defaults in every new network namespace, not from the host's files (docs/kernel/namespaces.md#new-namespace-defaults).",
          ],
        },
      ],
    },
  ],
  skipped: [
    { name: 'no live values', facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 30 }] }, reason: /no live values/ },
    { name: 'no config files', facts: { live: { 'net.ipv4.tcp_fin_timeout': 30 } }, reason: /no config files were read/ },
  ],
});
