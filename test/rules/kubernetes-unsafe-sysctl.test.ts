import { kubernetesUnsafeSysctl } from '../../src/rules/kubernetes-unsafe-sysctl.js';
import type { AppliedVia } from '../../src/readers/embedded/types.js';
import { ruleTester } from '../helpers/rule-tester.js';

const pod = (hostNetwork = false): AppliedVia => ({
  tool: 'kubernetes',
  workload: 'Deployment/web',
  hostNetwork,
  hostIPC: false,
  valueType: 'string',
});

ruleTester(kubernetesUnsafeSysctl, {
  valid: [
    {
      name: 'ip_local_port_range is safe since the first release',
      facts: { kubernetes: '1.20', config: [{ key: 'net.ipv4.ip_local_port_range', value: '1024 65000', via: pod() }] },
    },
    {
      name: 'keepalive keys are safe from 1.29',
      facts: { kubernetes: '1.29', config: [{ key: 'net.ipv4.tcp_keepalive_time', value: '600', via: pod() }] },
    },
    {
      name: 'tcp_rmem is safe on 1.32 with a 4.15 kernel',
      facts: { kubernetes: '1.32', kernel: '5.4', config: [{ key: 'net.ipv4.tcp_rmem', value: '4096 131072 6291456', via: pod() }] },
    },
    {
      name: "a key in no namespace is container-sysctl-namespace's",
      facts: { config: [{ key: 'vm.max_map_count', value: '262144', via: pod() }] },
    },
    {
      name: 'hostNetwork makes every net key fail outright (container-sysctl-namespace)',
      facts: { config: [{ key: 'net.core.somaxconn', value: '4096', via: pod(true) }] },
    },
    { name: 'not a pod', facts: { config: [{ key: 'net.core.somaxconn', value: '4096' }] } },
  ],
  invalid: [
    {
      name: 'somaxconn is never safe',
      facts: { kubernetes: '1.37', config: [{ key: 'net.core.somaxconn', value: '4096', via: pod() }] },
      findings: [
        {
          messageId: 'unsafe',
          message:
            /net\.core\.somaxconn in the pod of Deployment\/web is not a safe sysctl on Kubernetes 1\.37 \(from --kubernetes\): .*--allowed-unsafe-sysctls=net\.core\.somaxconn/,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'tcp_keepalive_time before 1.29 says when it became safe',
      facts: { kubernetes: '1.28', config: [{ key: 'net.ipv4.tcp_keepalive_time', value: '600', via: pod() }] },
      findings: [{ messageId: 'unsafe', message: /not a safe sysctl on Kubernetes 1\.28 \(from --kubernetes\); it is safe from 1\.29/ }],
    },
    {
      name: 'tcp_slow_start_after_idle: safe only from 1.37',
      facts: { kubernetes: '1.36', config: [{ key: 'net.ipv4.tcp_slow_start_after_idle', value: '0', via: pod() }] },
      findings: [{ messageId: 'unsafe', message: /it is safe from 1\.37/ }],
    },
    {
      name: 'a safe key on a node kernel too old for it',
      facts: { kubernetes: '1.32', kernel: '4.14', config: [{ key: 'net.ipv4.tcp_wmem', value: '4096 16384 4194304', via: pod() }] },
      findings: [
        {
          messageId: 'kernelTooOld',
          message: /safe on Kubernetes 1\.32 only on nodes with kernel 4\.15 or later: the target kernel 4\.14 is older/,
        },
      ],
    },
  ],
});
