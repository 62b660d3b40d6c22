/**
 * A sysctl a container runtime cannot set: runc writes a container's sysctls into its own
 * namespaces and refuses the rest, so the pod or container never starts. Kubernetes pods, compose
 * services and `docker run --sysctl` go through the same checks (runc libcontainer/configs/validate/validator.go sysctl(), https://github.com/opencontainers/runc; kubernetes pkg/kubelet/sysctl/namespace.go; kubernetes pkg/kubelet/sysctl/allowlist.go):
 * a key in no namespace (vm.*, fs.file-max, kernel.pid_max); net.* with the host's network
 * namespace; an IPC key with the host's IPC namespace; and a host-wide net key that a child
 * network namespace does not have (docs/kernel/namespaces.md#kubernetes).
 */
import { isContainerVia } from '../readers/embedded/types.js';
import type { ConfigAssignment } from '../facts/types.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { namespaceOf } from '../params/kubernetes-sysctls.js';
import { absentInChildNamespace } from '../params/key-presence.js';

/** How the finding names where the setting is and what refuses it. */
function who(assignment: ConfigAssignment): { where: string; refuses: string } {
  const via = assignment.via!;
  if (via.tool === 'kubernetes')
    return { where: `the pod of ${via.workload}`, refuses: 'the kubelet rejects the pod with SysctlForbidden' };
  if (via.tool === 'compose') return { where: `service ${via.service}`, refuses: 'runc refuses it and the container does not start' };
  return { where: 'docker run --sysctl', refuses: 'runc refuses it and the container does not start' };
}

function hostMode(assignment: ConfigAssignment, namespace: 'net' | 'ipc'): string | undefined {
  const via = assignment.via!;
  if (via.tool === 'kubernetes')
    return namespace === 'net' ? (via.hostNetwork ? 'hostNetwork: true' : undefined) : via.hostIPC ? 'hostIPC: true' : undefined;
  if (via.tool === 'compose' || via.tool === 'docker-run') {
    const mode = namespace === 'net' ? via.networkMode : via.ipc;
    return mode === 'host'
      ? `${namespace === 'net' ? (via.tool === 'compose' ? 'network_mode' : '--network') : via.tool === 'compose' ? 'ipc' : '--ipc'}: host`
      : undefined;
  }
  return undefined;
}

export const containerSysctlNamespace: Rule = {
  meta: {
    id: 'container-sysctl-namespace',
    severity: 'error',
    severities: { allowed: ['error'], why: 'the runtime refuses a sysctl that is not namespaced: the container does not start' },
    description:
      'A pod, compose service or docker run sets a sysctl its container cannot have: not namespaced, host namespace, or absent in a child namespace.',
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/namespaces.md#kubernetes',
      'https://github.com/opencontainers/runc/blob/main/libcontainer/configs/validate/validator.go (sysctl)',
      'https://github.com/kubernetes/kubernetes/tree/master/pkg/kubelet/sysctl (namespace.go, allowlist.go)',
      'https://github.com/docker/compose/issues/12073 (missing key at start)',
    ],
    messages: {
      notNamespaced:
        "{key} is host-wide, not namespaced: a container cannot set it; set it on the node\n{key} in {where} is not a namespaced sysctl: a container can only set kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.* (IPC namespace) and net.* (network namespace), so {refuses}: {error}. A host-wide key belongs to the node: set it in the node's sysctl.d (a DaemonSet or the node image), not in the container.",
      hostNamespace:
        "{key} is refused in the host's {namespace} namespace: drop {mode} or set it on the host\n{key} in {where} is a {namespace} sysctl, but the container uses the host's {namespace} namespace ({mode}): {refuses}, since it would change the host: {error}. Drop {mode}, or set the key on the host.",
      absentInNamespace:
        '{key} is host-wide: the container fails to start writing it; set it on the host\n{key} in {where} is host-wide: a child network namespace has no {path} (docs/kernel/namespaces.md#kubernetes), so runc fails to write it and the container does not start ("open /proc/sys/{path}: no such file or directory", docker/compose#12073). Set it on the host.',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    for (const assignment of facts.assignments) {
      const via = assignment.via;
      if (!isContainerVia(via)) continue;
      const key = assignment.key;
      const location = { file: assignment.file, line: assignment.line, column: assignment.keyColumn };
      const { where, refuses } = who(assignment);
      const namespace = namespaceOf(key);
      if (namespace === undefined) {
        const error =
          via.tool === 'kubernetes'
            ? `forbidden sysctl: "${key}" not allowlisted, and --allowed-unsafe-sysctls cannot name it`
            : `sysctl "${key}" is not in a separate kernel namespace`;
        yield { messageId: 'notNamespaced', data: { key, where, refuses, error }, key, location, evidence: { tool: via.tool } };
        continue;
      }
      const mode = hostMode(assignment, namespace);
      if (mode) {
        const error =
          via.tool === 'kubernetes'
            ? `"${key}" not allowed with host ${namespace} enabled`
            : namespace === 'net'
              ? `sysctl "${key}" not allowed in host network namespace`
              : `sysctl "${key}" is not allowed in the hosts ipc namespace`;
        yield {
          messageId: 'hostNamespace',
          data: { key, where, refuses, namespace: namespace === 'net' ? 'network' : 'IPC', mode, error },
          key,
          location,
          evidence: { mode },
        };
        continue;
      }
      if (namespace === 'net' && absentInChildNamespace(key)) {
        yield {
          messageId: 'absentInNamespace',
          data: { key, where, path: key.replaceAll('.', '/') },
          key,
          location,
          evidence: { tool: via.tool },
        };
      }
    }
  },
};
