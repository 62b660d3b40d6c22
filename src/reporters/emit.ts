/** `--emit FORMAT`: which files each engine's format makes from a Delivery, named after it. */
import type { Delivery } from './delivery.js';
import { emitAnsiblePlaybook, emitAnsibleVars } from './emit-ansible.js';
import { emitKubernetesPodSysctls } from './emit-kubernetes.js';
import { emitTunedProfile } from './emit-tuned.js';
import type { EmittedFile } from '../writers/emitted-files.js';

/** The --emit, --out-dir and --kubernetes flags generate and fleet share. */
export interface EmitFlags {
  readonly emit?: readonly EmitFormat[];
  readonly outDir?: string;
  readonly kubernetes?: string;
}

export const EMIT_FORMATS = ['ansible', 'ansible-vars', 'kubernetes', 'tuned', 'node-exporter'] as const;
export type EmitFormat = (typeof EMIT_FORMATS)[number];

export function deliveryFiles(delivery: Delivery, formats: readonly EmitFormat[], kubernetes: string): EmittedFile[] {
  const files: EmittedFile[] = [];
  for (const format of formats) {
    if (format === 'ansible') files.push({ path: `${delivery.name}.yml`, content: emitAnsiblePlaybook(delivery) });
    else if (format === 'ansible-vars') files.push({ path: `${delivery.name}.vars.yml`, content: emitAnsibleVars(delivery) });
    else if (format === 'kubernetes')
      files.push({ path: `${delivery.name}.pod-sysctls.yaml`, content: emitKubernetesPodSysctls(delivery, kubernetes) });
    else if (format === 'tuned')
      files.push({ path: `tuned/sysctl-advisor-${delivery.name}/tuned.conf`, content: emitTunedProfile(delivery) });
  }
  return files;
}
