/**
 * Compose files: each service's `sysctls:`, a map (`net.core.somaxconn: 1024`) or a list of
 * `k=v` strings (the Compose specification, services.sysctls, https://github.com/compose-spec/compose-spec/blob/main/05-services.md). The engine passes them to runc, which writes them into the
 * container's namespaces at start and refuses keys that are not namespaced, and net.* keys with
 * `network_mode: host` (runc libcontainer/configs/validate/validator.go sysctl(), https://github.com/opencontainers/runc). Each service is its own unit. `command:` of a service is read as
 * shell when it is a string, as exec words when it is a list.
 */
import type { ExtractionBuilder } from './builder.js';
import { readYamlCommand } from './yaml-command.js';
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

const SERVICE_KEYS = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'ports',
  'environment',
  'volumes',
  'sysctls',
  'networks',
  'depends_on',
  'restart',
]);

/** A compose file: top-level `services` whose entries look like services. */
export function isComposeDocument(document: Document): boolean {
  const services = get(document.contents, 'services');
  return isMap(services) && entries(services).some(([, , service]) => entries(service).some(([key]) => SERVICE_KEYS.has(key)));
}

export function readCompose(builder: ExtractionBuilder, document: Document): void {
  for (const [name, , service] of entries(get(document.contents, 'services'))) {
    const unit = builder.unit(`service:${name}`, `service ${name}`);
    const networkMode = textOf(get(service, 'network_mode')) ?? null;
    const ipc = textOf(get(service, 'ipc')) ?? null;
    const sysctls = get(service, 'sysctls');
    const add = (key: string, keyOffset: number, valueNode: Node | null, valueText: string, valueOffset: number) => {
      const templated = isTemplated(valueText) || valueText.includes('${');
      builder.add({
        key,
        keyPosition: builder.at(keyOffset),
        value: templated ? undefined : valueText,
        valueText,
        valuePosition: builder.at(valueOffset),
        ...(templated ? { unknownValue: `the value ${valueText} is interpolated when compose runs` } : {}),
        via: { tool: 'compose', service: name, networkMode, ipc, valueType: valueNode ? goScalarType(valueNode) : 'string' },
        unit,
      });
    };
    if (isMap(sysctls)) {
      for (const [key, keyNode, valueNode] of entries(sysctls)) {
        const valueText = textOf(valueNode) ?? '';
        add(
          key,
          contentOffset(keyNode, builder.text),
          valueNode,
          valueText,
          valueNode ? contentOffset(valueNode, builder.text) : contentOffset(keyNode, builder.text),
        );
      }
    } else if (isSeq(sysctls)) {
      for (const item of sysctls.items) {
        if (!isScalar(item)) continue;
        const { value, offsets } = scalarWithOffsets(item, builder.text);
        const eq = value.indexOf('=');
        if (eq <= 0) continue;
        add(value.slice(0, eq), offsets[0]!, null, value.slice(eq + 1), offsets[eq + 1] ?? offsets[eq]! + 1);
      }
    }
    const command = get(service, 'command');
    readYamlCommand(builder, command, { context: 'container-command', unit });
  }
}
