/**
 * Which embedded format a file is, from its content first and its name second: a file whose
 * lines are sysctl lines is a sysctl file whatever its name (a `tuning.sh` holding `k=v` lines
 * is read by sysctl -p as such), and a Jinja-templated sysctl file is read as a template. This
 * module is cheap (no YAML parser): review asks it about every file.
 */
import { detectNotSysctl, type NotSysctl } from '../../config/detect.js';
import type { EmbeddedFormat } from './types.js';

/**
 * A format to read, or `yaml` when the YAML reader must look inside to tell Ansible from
 * Kubernetes. `cloud-init` is never detected from content (user data says `#cloud-config`, which
 * `yaml` finds): it is for cloud-init's own configuration files, which do not (review --root).
 */
export type DetectedFormat = Exclude<EmbeddedFormat, 'ansible' | 'kubernetes' | 'compose' | 'salt' | 'sysctl-map'> | 'yaml';

const TEMPLATE_LINE = /^[ \t]*(?:\{%|\{\{|\{#|<%)/m; // [ \t], not \s: \s would cross lines and backtrack
const TEMPLATE_NAME = /\.(?:j2|jinja2?|tmpl|tpl|erb|epp)$/;
const PUPPET_SYSCTL = /^[ \t]*sysctl[ \t]*\{[ \t]*['"]/m;
const CHEF_RESOURCE = /^[ \t]*sysctl(?:_param)?[ \t]*\(?[ \t]*['"][^'"\n]+['"][ \t]*\)?[ \t]*do[ \t]*$/m;

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export interface Detection {
  /** Why it is not a sysctl file (null: it is one, or a template of one). */
  readonly notSysctl: NotSysctl | null;
  /** The embedded format to read, when there is one. */
  readonly format: DetectedFormat | undefined;
}

export function detectFormat(path: string, text: string): Detection {
  const notSysctl = detectNotSysctl(text);
  const name = basename(path);
  // Ruby and Puppet code looks like shell or like nothing to the line classifier: name and syntax decide.
  if (/\.pp$/.test(name) || PUPPET_SYSCTL.test(text))
    return { notSysctl: notSysctl ?? { format: 'puppet', line: 1, reason: 'Puppet manifest' }, format: 'puppet' };
  if (/\.rb$/.test(name) || CHEF_RESOURCE.test(text))
    return { notSysctl: notSysctl ?? { format: 'chef-ruby', line: 1, reason: 'Chef recipe (Ruby)' }, format: 'chef' };
  if (notSysctl === null) {
    if (TEMPLATE_LINE.test(text) || TEMPLATE_NAME.test(name)) return { notSysctl: null, format: 'sysctl-template' };
    return { notSysctl: null, format: undefined };
  }
  switch (notSysctl.format) {
    case 'binary':
    case 'sysctl-a-dump':
      return { notSysctl, format: undefined };
    case 'shell-script':
      return { notSysctl, format: /^(?:Dockerfile|Containerfile)(?:\..*)?$|\.dockerfile$/i.test(name) ? 'dockerfile' : 'shell' };
    case 'yaml':
      return { notSysctl, format: 'yaml' };
    case 'ini-sections':
      return { notSysctl, format: 'tuned' };
    case 'chef-ruby':
      return { notSysctl, format: 'chef' };
    case 'dockerfile':
      return { notSysctl, format: 'dockerfile' };
    case 'nix':
      return { notSysctl, format: 'nixos' };
    case 'puppet':
      return { notSysctl, format: 'puppet' };
  }
  return { notSysctl, format: undefined };
}
