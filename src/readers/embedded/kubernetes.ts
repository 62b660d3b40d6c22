/**
 * Kubernetes manifests (any number of documents, Helm output included): every pod spec, that
 * is a Pod's `spec` or a workload's pod template at any depth (Deployment, StatefulSet,
 * DaemonSet, ReplicaSet, Job, CronJob, and custom resources that embed one), gives
 *
 * - `securityContext.sysctls` (`[{name, value}]`): the kubelet checks the names against its
 *   allowlist and runc writes them into the pod's namespaces (Kubernetes "Using sysctls"), (kubernetes pkg/kubelet/sysctl/allowlist.go);
 * - the `command`/`args` of its containers and initContainers, read as shell (`sh -c '...'`) or
 *   as exec words (`["sysctl", "-w", "vm.max_map_count=262144"]`): the Helm-chart way around the
 *   allowlist (elastic/helm-charts elasticsearch/templates/statefulset.yaml, https://github.com/elastic/helm-charts; ingress-nginx docs/examples/customization/sysctl, https://github.com/kubernetes/ingress-nginx). Such a command changes the pod's network namespace, or the
 *   node's for host-wide keys and with hostNetwork.
 *
 * Each pod template is its own unit: two workloads never share a namespace.
 */
import type { ExtractionBuilder } from './builder.js';
import { readCommandWords, readShellSource } from './shell.js';
import type { ShellWord } from './shell-lexer.js';
import {
  contentOffset,
  entries,
  get,
  goScalarType,
  isMap,
  isScalar,
  isSeq,
  isTemplated,
  scalarWithOffsets,
  textOf,
  type Document,
  type Node,
} from './yaml-source.js';

/** A manifest: some document has apiVersion and kind. */
export function isKubernetesDocument(document: Document): boolean {
  const root = document.contents;
  return isMap(root) && textOf(get(root, 'apiVersion')) !== undefined && textOf(get(root, 'kind')) !== undefined;
}

export function readKubernetes(builder: ExtractionBuilder, documents: readonly Document[]): void {
  documents.forEach((document, index) => {
    const root = document.contents;
    if (!isMap(root)) return;
    const kind = textOf(get(root, 'kind')) ?? 'Object';
    const name = textOf(get(get(root, 'metadata'), 'name')) ?? `document ${index + 1}`;
    walk(root, (podSpec, path) => readPodSpec(builder, podSpec, `${kind}/${name}${path}`, index));
  });
}

/** Calls `visit` for every map that is a pod spec (has `containers`), with a path suffix for nested lists. */
function walk(node: unknown, visit: (podSpec: Node, path: string) => void, path = ''): void {
  if (isMap(node)) {
    if (isSeq(get(node, 'containers'))) {
      visit(node, path);
      return;
    }
    for (const [, , value] of entries(node)) walk(value, visit, path);
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walk(item, visit, node.items.length > 1 ? `${path}[${i}]` : path));
  }
}

function flag(node: Node | undefined): boolean {
  return isScalar(node) && node.value === true;
}

function readPodSpec(builder: ExtractionBuilder, spec: Node, workload: string, document: number): void {
  const unit = builder.unit(`${document}:${workload}`, `the pod of ${workload}`);
  const hostNetwork = flag(get(spec, 'hostNetwork'));
  const hostIPC = flag(get(spec, 'hostIPC'));
  const sysctls = get(get(spec, 'securityContext'), 'sysctls');
  if (isSeq(sysctls)) {
    for (const item of sysctls.items) {
      const nameNode = get(item, 'name');
      const valueNode = get(item, 'value');
      const key = textOf(nameNode);
      if (!nameNode || key === undefined) continue;
      const keyPosition = builder.at(contentOffset(nameNode, builder.text));
      if (isTemplated(key)) {
        builder.skip(keyPosition, `the sysctl name ${key} is a template expression, known only when the chart is rendered`);
        continue;
      }
      // A template expression may parse as a flow map ({{ .Values.x }}): show it as written.
      const valueText = textOf(valueNode) ?? (valueNode?.range ? builder.text.slice(valueNode.range[0], valueNode.range[1]).trim() : '');
      const templated = !isScalar(valueNode) || isTemplated(valueText);
      builder.add({
        key,
        keyPosition,
        value: templated ? undefined : valueText,
        valueText,
        valuePosition: builder.at(valueNode ? contentOffset(valueNode, builder.text) : contentOffset(nameNode, builder.text)),
        ...(templated
          ? {
              unknownValue: valueNode
                ? `the value ${valueText || 'here'} is a template expression, known only when the chart is rendered`
                : 'the entry has no value',
            }
          : {}),
        via: { tool: 'kubernetes', workload, hostNetwork, hostIPC, valueType: goScalarType(valueNode) },
        unit,
      });
    }
  }
  for (const list of ['initContainers', 'containers']) {
    const containers = get(spec, list);
    if (!isSeq(containers)) continue;
    for (const container of containers.items) {
      const words = [...commandWords(get(container, 'command'), builder.text), ...commandWords(get(container, 'args'), builder.text)];
      if (words.length === 0) continue;
      const options = { context: 'container-command' as const, unit };
      const shell = words.findIndex((w) => /^-[a-z]*c$/.test(w.text));
      if (shell > 0 && /(?:^|\/)(?:ba|da|a|z)?sh$/.test(words[0]!.text) && words[shell + 1]) {
        const script = words[shell + 1]!;
        readShellSource(builder, script.text, (i) => script.offsets[i] ?? script.start, options);
      } else {
        readCommandWords(builder, words, options);
      }
    }
  }
}

/** A `command:`/`args:` list as words with the file offset of each character. */
function commandWords(node: Node | undefined, text: string): ShellWord[] {
  if (!isSeq(node)) return [];
  const words: ShellWord[] = [];
  for (const item of node.items) {
    if (!isScalar(item)) continue;
    const { value, offsets } = scalarWithOffsets(item, text);
    words.push({
      text: value,
      offsets,
      expanded: Array.from({ length: value.length }, () => false),
      start: contentOffset(item as Node, text),
      quoted: true,
    });
  }
  return words;
}
