/**
 * The embedded-format readers: one entry point from a detected format to an Extraction. YAML
 * formats are imported only when a YAML file is read.
 */
import { readChef } from './chef.js';
import type { DetectedFormat } from './detect.js';
import { readDockerfile } from './dockerfile.js';
import { readNixos } from './nixos.js';
import { readPuppet } from './puppet.js';
import { ExtractionBuilder } from './builder.js';
import { readShellSource } from './shell.js';
import { readSysctlTemplate } from './template.js';
import { readTuned, type TunedIncludes } from './tuned.js';
import type { Extraction } from './types.js';
import type { VariableFiles } from './ansible.js';

export type { Extraction } from './types.js';

export interface ReadOptions {
  /** The file's path as shown (names the file a template renders to). */
  readonly path?: string;
  /** The files (role vars and defaults, group_vars/all) that may define a variable an Ansible loop names. */
  readonly variableFiles?: VariableFiles;
  /** Where the profiles a TuneD profile includes are found. */
  readonly tunedIncludes?: TunedIncludes;
}

export function readShellScript(text: string): Extraction {
  const builder = new ExtractionBuilder(text);
  builder.unit('script', 'the script');
  readShellSource(builder, text, (i) => i, { context: 'script', unit: 'script' });
  return builder.build('shell', 'shell script');
}

/** The settings a file of `format` holds; undefined when a YAML file is none of the formats read. */
export async function readEmbedded(format: DetectedFormat, text: string, options: ReadOptions = {}): Promise<Extraction | undefined> {
  switch (format) {
    case 'shell':
      return readShellScript(text);
    case 'dockerfile':
      return readDockerfile(text);
    case 'tuned':
      return readTuned(text, options.tunedIncludes);
    case 'chef':
      return readChef(text);
    case 'puppet':
      return readPuppet(text);
    case 'nixos':
      return readNixos(text);
    case 'sysctl-template':
      return readSysctlTemplate(text, options.path);
    case 'yaml':
      return (await import('./yaml-formats.js')).readYaml(text, options.variableFiles);
    case 'cloud-init':
      return (await import('./yaml-formats.js')).readYaml(text, undefined, true);
  }
}
