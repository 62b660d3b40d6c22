/** `--emit FORMAT --out-dir DIR [--kubernetes X.Y]`, shared by generate and fleet. */
import type { Argv } from 'yargs';
import { kubernetesFlag } from './flag-checks.js';
import { NEWEST_KNOWN_KUBERNETES } from '../params/kubernetes-sysctls.js';
import { EMIT_FORMATS, type EmitFormat } from '../reporters/emit.js';

export function withEmitOptions<T>(yargs: Argv<T>, formats: readonly EmitFormat[] = EMIT_FORMATS) {
  return yargs
    .option('emit', {
      type: 'array',
      string: true,
      choices: formats,
      describe: `Also write the changes for an engine that applies them, into --out-dir (repeatable): ${formats.join(', ')}`,
    })
    .option('out-dir', { type: 'string', describe: 'Directory for the --emit files (created if missing; each file written atomically)' })
    .option('kubernetes', {
      type: 'string',
      requiresArg: true,
      coerce: kubernetesFlag,
      describe: `With --emit kubernetes: the release whose kubelet safe set the pod snippet keeps to (default ${NEWEST_KNOWN_KUBERNETES})`,
    });
}
