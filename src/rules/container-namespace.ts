/**
 * Inside a container the network namespace started from kernel defaults for every per-netns key
 * (tcp_sk_init and inet_init_net re-initialise them), not from the node's sysctl.conf; global
 * keys are absent or read-only there. Which of the keys in play a pod can set, and how, is
 * docs/kernel/namespaces.md#new-namespace-defaults. Information only: nothing to change in a file.
 */
import type { Rule } from '../engine/types.js';
import { existsOn } from '../params/defaults.js';
import { findParam } from '../params/lookup.js';
import type { ParamSpec } from '../params/types.js';
import { compareText } from '../util/compare-text.js';

export const containerNamespace: Rule = {
  meta: {
    id: 'container-namespace',
    severity: 'info',
    severities: { allowed: ['info'], why: 'a fact about where values come from in a container, harmless' },
    description:
      'In a container, per-namespace keys start from kernel defaults, global keys cannot be set, and Kubernetes allows only some per pod.',
    keys: ['net.ipv4.tcp_max_orphans', 'net.core.netdev_max_backlog', 'net.netfilter.nf_conntrack_max'],
    needs: [['live'], ['config']],
    references: [
      'docs/kernel/namespaces.md#new-namespace-defaults',
      'docs/kernel/namespaces.md#kubernetes',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_ipv4.c?h=v6.12.118 (tcp_sk_init)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/af_inet.c?h=v6.12.118 (inet_init_net)',
      'docs/kernel/evidence/child_netns_defaults.txt',
      'https://github.com/kubernetes/kubernetes/blob/b0cb9cc1e0a8/pkg/kubelet/sysctl/safe_sysctls.go',
      'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
    ],
    messages: {
      container:
        "This host is a container: node sysctls do not reach it; set per-namespace keys in the pod spec\nThis host runs in a container ({evidence}): its network namespace started from kernel defaults for every per-namespace key, not from the node's sysctl.conf, so node values do not reach it and values set here do not reach the node (docs/kernel/namespaces.md#new-namespace-defaults). " +
        "{keys} In Kubernetes, set per-pod keys in the pod's spec.securityContext.sysctls: safe sysctls are allowed by default, every other per-namespace key only when the node's kubelet lists it in --allowed-unsafe-sysctls; " +
        "net.* sysctls are refused for pods with hostNetwork: true, which share the node's namespace and values (docs/kernel/namespaces.md#kubernetes).",
    },
  },
  check({ facts, profile }) {
    if (facts.container?.isContainer !== true) return [];
    const inPlay = new Set<string>();
    for (const state of facts.keys.values()) if (state.configured) inPlay.add(state.key);
    for (const key of profile.targets.keys()) inPlay.add(key);
    const specs = [...inPlay]
      .map((key) => findParam(key))
      .filter((spec): spec is ParamSpec => spec !== undefined && !spec.readOnly && existsOn(spec, facts.kernel))
      .sort((a, b) => compareText(a.key, b.key));

    const safe = specs.filter((s) => s.scope === 'netns' && s.k8sSafeSince !== undefined);
    const unsafe = specs.filter((s) => s.scope === 'netns' && s.k8sSafeSince === undefined);
    const global = specs.filter((s) => s.scope === 'global');
    const readOnly = specs.filter((s) => s.scope === 'global-readonly-in-netns');
    const sentences = [
      safe.length
        ? `Per-pod keys among those configured or targeted that Kubernetes allows as safe sysctls: ${safe.map((s) => `${s.key} (${s.k8sSafeSince === 'initial' ? 'initial list' : `since ${s.k8sSafeSince}`})`).join(', ')}.`
        : '',
      unsafe.length ? `Per-pod keys that need the kubelet's --allowed-unsafe-sysctls: ${unsafe.map((s) => s.key).join(', ')}.` : '',
      global.length
        ? `Global keys, absent in this namespace (a line for one makes procps "sysctl -p" fail with "cannot stat" and exit 1); set them on the node: ${global.map((s) => s.key).join(', ')}.`
        : '',
      readOnly.length ? `Global and read-only here; set on the node: ${readOnly.map((s) => s.key).join(', ')}.` : '',
    ].filter(Boolean);
    return [
      {
        messageId: 'container',
        data: {
          evidence: facts.container.evidence,
          keys: sentences.length ? sentences.join(' ') : 'No configured or profile-targeted key is affected beyond that.',
        },
        evidence: {
          container: facts.container.evidence,
          perNamespaceSafe: safe.length,
          perNamespaceUnsafe: unsafe.length,
          global: global.length + readOnly.length,
        },
      },
    ];
  },
};
