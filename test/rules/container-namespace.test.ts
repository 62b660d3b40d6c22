import { containerNamespace } from '../../src/rules/container-namespace.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(containerNamespace, {
  valid: [
    { name: 'not a container', facts: { live: {}, container: false, config: [{ key: 'net.ipv4.tcp_max_orphans', value: 262144 }] } },
    { name: 'container detection not available', facts: { live: {} } },
  ],
  invalid: [
    {
      name: 'a container with per-pod, global and read-only keys configured',
      facts: {
        container: true,
        live: {},
        config: [
          { key: 'net.ipv4.tcp_keepalive_time', value: 300 },
          { key: 'net.core.somaxconn', value: 8192 },
          { key: 'net.ipv4.tcp_max_orphans', value: 262144 },
          { key: 'net.netfilter.nf_conntrack_max', value: 1000000 },
          { key: 'net.ipv4.ip_local_port_range', value: '10240 65535' },
          { key: 'net.ipv4.tcp_tw_recycle', value: 0 },
        ],
      },
      findings: [
        {
          messageId: 'container',
          message:
            /^This host runs in a container \(test\): its network namespace started from kernel defaults for every per-namespace key, not from the node's sysctl\.conf.*Kubernetes allows as safe sysctls: net\.ipv4\.ip_local_port_range \(initial list\), net\.ipv4\.tcp_keepalive_time \(since 1\.29\)\. Per-pod keys that need the kubelet's --allowed-unsafe-sysctls: net\.core\.somaxconn\. Global keys, absent in this namespace .*: net\.ipv4\.tcp_max_orphans\. Global and read-only here; set on the node: net\.netfilter\.nf_conntrack_max\. .*hostNetwork: true/,
          severity: 'info',
          evidence: { container: 'test', perNamespaceSafe: 2, perNamespaceUnsafe: 1, global: 2 },
        },
      ],
    },
    {
      name: 'a container with nothing configured',
      facts: { container: true, live: {} },
      findings: [
        {
          messageId: 'container',
          message: /No configured or profile-targeted key is affected beyond that\./,
          evidence: { container: 'test', perNamespaceSafe: 0, perNamespaceUnsafe: 0, global: 0 },
        },
      ],
    },
  ],
  skipped: [{ name: 'nothing read', facts: { container: true }, reason: /cannot check: no live values.*no config files were read/ }],
});
