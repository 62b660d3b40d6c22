/**
 * The YAML formats, told apart by content: cloud-init (`#cloud-config`), Kubernetes (apiVersion +
 * kind), compose (`services:`), Ansible (a list of plays or tasks), Salt states (`sysctl.present`),
 * and, in any YAML, maps of sysctl keys under a `*sysctl*` key. Loaded only when a YAML file is
 * reviewed: the `yaml` package is not initialised for plain sysctl files.
 */
import { ExtractionBuilder } from './builder.js';
import { isAnsibleDocument, readAnsible, type VariableFiles } from './ansible.js';
import { isCloudConfig, readCloudInit } from './cloud-init.js';
import { isComposeDocument, readCompose } from './compose.js';
import { isKubernetesDocument, readKubernetes } from './kubernetes.js';
import { isSaltDocument, readSalt } from './salt.js';
import { hasSysctlMap, readSysctlMaps } from './sysctl-map.js';
import type { EmbeddedFormat, Extraction } from './types.js';
import { parseYaml } from './yaml-source.js';

const LABELS: Partial<Record<EmbeddedFormat, string>> = {
  'cloud-init': 'cloud-init user data',
  kubernetes: 'Kubernetes manifest',
  compose: 'Compose file',
  ansible: 'Ansible tasks',
  salt: 'Salt state',
  'sysctl-map': 'YAML data with a map of sysctls',
};

/** `cloudConfig`: the file is cloud-init configuration (/etc/cloud/cloud.cfg.d/*.cfg), which needs no `#cloud-config` header. */
export function readYaml(text: string, variableFiles?: VariableFiles, cloudConfig = false): Extraction | undefined {
  const { documents } = parseYaml(text);
  const builder = new ExtractionBuilder(text);
  let format: EmbeddedFormat;
  if (cloudConfig || isCloudConfig(text)) {
    format = 'cloud-init';
    readCloudInit(builder, documents);
  } else if (documents.some(isKubernetesDocument)) {
    format = 'kubernetes';
    readKubernetes(builder, documents);
  } else if (documents.some(isComposeDocument)) {
    format = 'compose';
    for (const document of documents.filter(isComposeDocument)) readCompose(builder, document);
  } else if (documents.some(isAnsibleDocument)) {
    format = 'ansible';
    readAnsible(builder, documents, variableFiles);
  } else if (documents.some(isSaltDocument)) {
    format = 'salt';
    readSalt(builder, documents);
  } else if (hasSysctlMap(documents)) {
    format = 'sysctl-map';
  } else {
    return undefined;
  }
  // Any YAML may also carry maps of sysctls (role vars inside a play, Helm values beside a manifest).
  if (format !== 'ansible' && format !== 'salt' && builder.assignments.length === 0) readSysctlMaps(builder, documents);
  if (format === 'sysctl-map' && builder.assignments.length === 0) return undefined;
  return builder.build(format, LABELS[format]!);
}
