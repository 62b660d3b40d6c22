/**
 * A Delivery as a pod's `securityContext.sysctls`, limited to what the kubelet of the stated
 * Kubernetes release allows by default on the delivery's kernel; the rest is listed with the
 * reason (unsafe: needs --allowed-unsafe-sysctls and the privileged Pod Security level; or not
 * namespaced: a node setting). Sources: docs/kernel/namespaces.md#kubernetes and
 * https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/.
 */
import { atLeast, formatKernel } from '../kernel/version.js';
import { kubernetesMinor, namespaceOf, safeSysctl } from '../params/kubernetes-sysctls.js';
import { packageVersion } from '../util/package-info.js';
import type { Delivery } from './delivery.js';
import { yamlString } from './emit-ansible.js';
import { wrapWords } from '../util/wrap.js';

export function podSysctlVerdict(key: string, kubernetes: string, delivery: Delivery): { safe: true } | { safe: false; reason: string } {
  const safe = safeSysctl(key);
  const kernel = formatKernel(delivery.kernel);
  if (safe && kubernetesMinor(safe.since) <= kubernetesMinor(kubernetes)) {
    if (safe.kernel === undefined || atLeast(delivery.kernel, safe.kernel)) return { safe: true };
    return { safe: false, reason: `safe in ${kubernetes} only on kernel ${safe.kernel} or later; the kubelet drops it on ${kernel}` };
  }
  if (namespaceOf(key) === undefined)
    return {
      safe: false,
      reason: "not namespaced: it is the node's setting, not a pod's (use the TuneD profile or the drop-in on the node)",
    };
  const later = safe ? ` (safe from ${safe.since})` : '';
  return {
    safe: false,
    reason: `unsafe in ${kubernetes}${later}: needs the node's kubelet --allowed-unsafe-sysctls=${key} and the privileged Pod Security level`,
  };
}

export function emitKubernetesPodSysctls(delivery: Delivery, kubernetes: string): string {
  const verdicts = delivery.settings.map((setting) => ({ setting, verdict: podSysctlVerdict(setting.key, kubernetes, delivery) }));
  const safe = verdicts.filter((v) => v.verdict.safe);
  const unsafe = verdicts.filter((v) => !v.verdict.safe);
  const out = [
    `# Written by sysctl-advisor ${packageVersion()}: ${delivery.title}`,
    `# Pod sysctls the kubelet of Kubernetes ${kubernetes} allows by default on kernel ${formatKernel(delivery.kernel)}; merge into the pod spec.`,
    "# Pod sysctls apply to the pod's own network namespace only; the pod must not use hostNetwork.",
  ];
  if (unsafe.length > 0) {
    out.push('# Not included:');
    for (const { setting, verdict } of unsafe)
      for (const [i, line] of wrapWords(`${setting.key} = ${setting.value}: ${verdict.safe ? '' : verdict.reason}`, 110).entries())
        out.push(`#   ${i === 0 ? '' : '  '}${line}`);
  }
  out.push('spec:', '  securityContext:');
  if (safe.length === 0) return [...out, '    sysctls: []', ''].join('\n');
  out.push('    sysctls:');
  for (const { setting } of safe) {
    for (const why of setting.why) for (const line of wrapWords(why, 100)) out.push(`      # ${line}`);
    out.push(`      - name: ${setting.key}`, `        value: ${yamlString(setting.value)}`);
  }
  return [...out, ''].join('\n');
}
