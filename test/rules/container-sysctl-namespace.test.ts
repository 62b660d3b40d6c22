import { containerSysctlNamespace } from '../../src/rules/container-sysctl-namespace.js';
import type { AppliedVia } from '../../src/readers/embedded/types.js';
import { ruleTester } from '../helpers/rule-tester.js';

const pod = (extra: Partial<Extract<AppliedVia, { tool: 'kubernetes' }>> = {}): AppliedVia => ({
  tool: 'kubernetes',
  workload: 'Deployment/web',
  hostNetwork: false,
  hostIPC: false,
  valueType: 'string',
  ...extra,
});
const service = (networkMode: string | null = null, ipc: string | null = null): AppliedVia => ({
  tool: 'compose',
  service: 'api',
  networkMode,
  ipc,
  valueType: 'string',
});

ruleTester(containerSysctlNamespace, {
  valid: [
    { name: "a net key in the pod's own namespace", facts: { config: [{ key: 'net.core.somaxconn', value: '4096', via: pod() }] } },
    { name: 'an IPC key in a compose service', facts: { config: [{ key: 'kernel.shmmax', value: '68719476736', via: service() }] } },
    { name: "a plain sysctl.conf line is not a container's", facts: { config: [{ key: 'vm.max_map_count', value: '262144' }] } },
    {
      name: 'docker run on its own network',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: '30', via: { tool: 'docker-run', networkMode: 'backend', ipc: null } }] },
    },
  ],
  invalid: [
    {
      name: 'a node-wide key in a pod: the kubelet cannot even allow it',
      facts: { config: [{ key: 'kernel.pid_max', value: '4194304', via: pod(), file: 'k8s/web.yaml' }] },
      findings: [
        {
          messageId: 'notNamespaced',
          message:
            /kernel\.pid_max in the pod of Deployment\/web is not a namespaced sysctl.*SysctlForbidden: forbidden sysctl: "kernel\.pid_max" not allowlisted/,
          severity: 'error',
          file: 'k8s/web.yaml',
          line: 1,
        },
      ],
    },
    {
      name: 'vm.* in a compose service: runc refuses it',
      facts: { config: [{ key: 'vm.overcommit_memory', value: '1', via: service() }] },
      findings: [
        {
          messageId: 'notNamespaced',
          message: /service api.*runc refuses it.*sysctl "vm\.overcommit_memory" is not in a separate kernel namespace/,
        },
      ],
    },
    {
      name: 'net.* with hostNetwork',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: '30', via: pod({ hostNetwork: true }) }] },
      findings: [
        {
          messageId: 'hostNamespace',
          message:
            /uses the host's network namespace \(hostNetwork: true\).*"net\.ipv4\.tcp_fin_timeout" not allowed with host net enabled/,
        },
      ],
    },
    {
      name: 'net.* with network_mode: host',
      facts: { config: [{ key: 'net.core.somaxconn', value: '1024', via: service('host') }] },
      findings: [{ messageId: 'hostNamespace', message: /\(network_mode: host\).*not allowed in host network namespace/ }],
    },
    {
      name: 'an IPC key with ipc: host',
      facts: { config: [{ key: 'kernel.msgmax', value: '65536', via: service(null, 'host') }] },
      findings: [
        {
          messageId: 'hostNamespace',
          message: /IPC sysctl, but the container uses the host's IPC namespace \(ipc: host\).*is not allowed in the hosts ipc namespace/,
        },
      ],
    },
    {
      name: 'a host-wide net key is absent in a child namespace',
      facts: {
        config: [{ key: 'net.core.netdev_max_backlog', value: '16384', via: { tool: 'docker-run', networkMode: null, ipc: null } }],
      },
      findings: [
        {
          messageId: 'absentInNamespace',
          message: /host-wide: a child network namespace has no net\/core\/netdev_max_backlog.*no such file or directory/,
        },
      ],
    },
  ],
});
