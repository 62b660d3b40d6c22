/**
 * A pod sysctl outside the kubelet's safe set for the target Kubernetes release: the pod is
 * scheduled but fails to start (SysctlForbidden) unless every node's kubelet allows the name with
 * --allowed-unsafe-sysctls, and Pod Security "baseline" and "restricted" reject it too
 * (docs/kernel/namespaces.md#kubernetes; kubernetes pkg/kubelet/sysctl/safe_sysctls.go, 1.37 from kubernetes#138389).
 * A safe key whose kernel requirement the target kernel misses is dropped from the safe set by
 * the kubelet on such a node. Keys in no namespace are container-sysctl-namespace's.
 */
import type { Rule, RuleReport } from '../engine/types.js';
import { atLeast } from '../kernel/version.js';
import { kubernetesMinor, NEWEST_KNOWN_KUBERNETES, namespaceOf, safeSysctl } from '../params/kubernetes-sysctls.js';

export const kubernetesUnsafeSysctl: Rule = {
  meta: {
    id: 'kubernetes-unsafe-sysctl',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'the kubelet refuses the pod unless allowed: it does not do what it claims' },
    description:
      'A pod sets a sysctl outside the safe set of the target Kubernetes release: it needs a kubelet allowlist, or the pod fails to start.',
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/namespaces.md#kubernetes',
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/sysctl/safe_sysctls.go',
      'https://github.com/kubernetes/kubernetes/pull/138389 (1.37)',
      'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
    ],
    messages: {
      unsafe:
        '{key} is not a safe sysctl on Kubernetes {version}: the pod fails unless the kubelet allows it\n{key} in the pod of {workload} is not a safe sysctl on Kubernetes {version} (from {versionSource}){later}: the pod is scheduled but fails to start with SysctlForbidden ("forbidden sysctl: \\"{key}\\" not allowlisted") unless every node it can land on runs its kubelet with --allowed-unsafe-sysctls={key} (allowedUnsafeSysctls in KubeletConfiguration), and Pod Security baseline and restricted reject it. Allow it on the node pool, or set it on the nodes instead.',
      kernelTooOld:
        '{key} is safe only on kernel {needs}+, not {kernel}: the pod fails to start unless the kubelet allows it\n{key} in the pod of {workload} is safe on Kubernetes {version} only on nodes with kernel {needs} or later: the target kernel {kernel} is older, so the kubelet drops it from its safe list ("kernel version is too old") and the pod fails to start with SysctlForbidden unless the kubelet allows it.',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    const version = facts.kubernetes?.version ?? NEWEST_KNOWN_KUBERNETES;
    const versionSource = facts.kubernetes?.source ?? 'newest known';
    for (const assignment of facts.assignments) {
      const via = assignment.via;
      if (via?.tool !== 'kubernetes') continue;
      const key = assignment.key;
      // Not namespaced, or in the host's namespace: container-sysctl-namespace says it fails outright.
      const namespace = namespaceOf(key);
      if (namespace === undefined || (namespace === 'net' && via.hostNetwork) || (namespace === 'ipc' && via.hostIPC)) continue;
      const location = { file: assignment.file, line: assignment.line, column: assignment.keyColumn };
      const safe = safeSysctl(key);
      if (safe && kubernetesMinor(safe.since) <= kubernetesMinor(version)) {
        if (safe.kernel && !atLeast(facts.kernel, safe.kernel)) {
          yield {
            messageId: 'kernelTooOld',
            data: { key, workload: via.workload, version, needs: safe.kernel, kernel: facts.kernel.text },
            key,
            location,
            evidence: { needsKernel: safe.kernel },
          };
        }
        continue;
      }
      const later = safe ? `; it is safe from ${safe.since}` : '';
      yield {
        messageId: 'unsafe',
        data: { key, workload: via.workload, version, versionSource, later },
        key,
        location,
        evidence: { kubernetes: version },
      };
    }
  },
};
