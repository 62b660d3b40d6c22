/**
 * Recognising text that is not a sysctl config file: shell scripts that write one through a
 * here-document, YAML (Ansible, Salt), INI files with [sections] (tuned.conf), Chef attributes,
 * Dockerfiles, Nix, binary data, and `sysctl -a` dumps saved as .conf. procps would happily
 * "apply" most of them line by line (printing "invalid syntax" or "cannot stat" for the rest),
 * so a reviewer must say plainly what the file is instead of listing a hundred bogus findings.
 *
 * All patterns are anchored and free of nested quantifiers (no backtracking traps).
 */
import type { ForeignLineHint } from './types.js';

const SHELL_COMMAND =
  /^(?:sudo\s+)?(?:\/(?:usr\/)?s?bin\/)?(?:sysctl|echo|cat|tee|printf|rm|mkdir|cp|mv|chmod|chown|ulimit|modprobe|export|set|source|sed|grep|systemctl|service|ln|touch|exit|local|\.)(?:\s|$)/;
const SHELL_CONTROL = /^(?:if|then|else|elif|fi|for|while|until|do|done|case|esac|function)(?:\s|;|$)/;
const SHELL_FUNCTION = /^[A-Za-z_][\w-]*\s*\(\)\s*\{?$/;
const HEREDOC_START = /<<-?\s*['"]?[A-Za-z_]\w*['"]?/;
const HEREDOC_END = /^(?:EOF|EOT|END|EOL)$/;
const SHEBANG = /^#!\s*\S*(?:sh|bash|zsh|dash|ksh)\b/;
const SECTION_HEADER = /^\[[A-Za-z][\w .:-]*\]$/;
const TEMPLATE_TAG = /^(?:\{%|\{\{|\{#)/;
const YAML_MAPPING = /^(?:-\s+)?[\w./-]+:(?:\s|$)/;
const CHEF_ATTRIBUTE = /^(?:default|override|normal|force_default|force_override|node)\[['"]/;
const DOCKERFILE_INSTRUCTION = /^(?:FROM|RUN|ENV|ADD|COPY|CMD|ENTRYPOINT|MAINTAINER|WORKDIR|ARG|LABEL|EXPOSE|USER|VOLUME)\s/;
const NIX_ATTRIBUTE = /^"[^"]+"\s*=.*;$/;
const NIX_SYSCTL_SET = /^boot\.kernel\.sysctl\s*=\s*\{?$/;
const BLANK = /\s/;
const LEFT_BRACKET = 0x5b;
const DOUBLE_QUOTE = 0x22;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const KEY_START = /^[A-Za-z0-9_*]/;

/**
 * Keys `sysctl -a` prints that no one writes in a config file: read-only or volatile.
 * One of them in a long file means the file is a dump.
 */
const DUMP_ONLY_KEYS = new Set([
  'fs.dentry-state',
  'fs.file-nr',
  'fs.inode-nr',
  'fs.inode-state',
  'kernel.ns_last_pid',
  'kernel.osrelease',
  'kernel.ostype',
  'kernel.random.boot_id',
  'kernel.random.entropy_avail',
  'kernel.random.uuid',
  'kernel.tainted',
  'kernel.version',
  'net.ipv4.tcp_available_congestion_control',
  'net.ipv4.tcp_available_ulp',
  'net.netfilter.nf_conntrack_count',
]);
const DUMP_MIN_ASSIGNMENTS = 50;

/** What a single line looks like when it is not sysctl syntax (trimmed text in). */
export function foreignLineHint(trimmed: string): ForeignLineHint | undefined {
  if (SHELL_COMMAND.test(trimmed) || SHELL_CONTROL.test(trimmed) || SHELL_FUNCTION.test(trimmed) || HEREDOC_START.test(trimmed)) {
    return 'shell-command';
  }
  if (HEREDOC_END.test(trimmed)) return 'heredoc-end';
  if (SECTION_HEADER.test(trimmed)) return 'section-header';
  if (TEMPLATE_TAG.test(trimmed)) return 'template-tag';
  if (trimmed === '---' || YAML_MAPPING.test(trimmed)) return 'yaml-mapping';
  return undefined;
}

export type ForeignFormat =
  | 'binary'
  | 'sysctl-a-dump'
  | 'ini-sections'
  | 'yaml'
  | 'chef-ruby'
  | 'dockerfile'
  | 'nix'
  | 'puppet'
  | 'shell-script'
  // nginx, Apache httpd, HAProxy or Envoy: read by the idle-timeout chain rules (readers/apps), not as sysctl.
  | 'app-config';

/** A verdict that a file is not a sysctl config file, with the line that shows it. */
export interface NotSysctl {
  readonly format: ForeignFormat;
  /** 1-based line that gives it away. */
  readonly line: number;
  /** One sentence for the user. */
  readonly reason: string;
}

interface Evidence {
  count: number;
  first: number;
  firstText: string;
}

function tally(): Evidence {
  return { count: 0, first: 0, firstText: '' };
}

function see(evidence: Evidence, line: number, text: string): void {
  if (evidence.count === 0) {
    evidence.first = line;
    evidence.firstText = text;
  }
  evidence.count++;
}

/** A real sysctl line: dotted or slashed key without blanks, then "=" (or a bare "-key"). */
function looksLikeSysctlLine(trimmed: string): boolean {
  const body = trimmed.startsWith('-') ? trimmed.slice(1) : trimmed;
  const eq = body.indexOf('=');
  const key = (eq === -1 ? (trimmed.startsWith('-') ? body : '') : body.slice(0, eq)).trim();
  if (key === '' || BLANK.test(key)) return false;
  return KEY_START.test(key) && (key.includes('.') || key.includes('/'));
}

function quote(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Says whether `text` is clearly not a sysctl.conf / sysctl.d file, and why; null when it is (or
 * may be) one — a sysctl file with a few bad lines is still a sysctl file, and its bad lines are
 * reported line by line.
 */
export function detectNotSysctl(text: string): NotSysctl | null {
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const line = countNewlines(text, nul) + 1;
    return { format: 'binary', line, reason: `binary data: line ${line} contains a NUL byte, so this is not a text config file` };
  }

  const sysctl = tally();
  const shell = tally();
  const heredoc = tally();
  const shebang = tally();
  const yaml = tally();
  const section = tally();
  const chef = tally();
  const docker = tally();
  const dockerFrom = tally();
  const nix = tally();
  const dumpKey = tally();
  let significant = 0;
  let firstSignificant = '';

  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    const trimmed = text.slice(start, end).trim();
    start = end + 1;
    if (trimmed === '') continue;
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (lineNumber <= 2 && SHEBANG.test(trimmed)) see(shebang, lineNumber, trimmed);
      continue;
    }
    significant++;
    if (significant === 1) firstSignificant = trimmed;
    if (looksLikeSysctlLine(trimmed)) {
      see(sysctl, lineNumber, trimmed);
      const eq = trimmed.indexOf('=');
      if (eq !== -1 && DUMP_ONLY_KEYS.has(trimmed.slice(0, eq).trim())) see(dumpKey, lineNumber, trimmed);
    }
    // Each pattern is tried only on a line that has what it cannot match without (a "<<", a
    // ":", a "[" first, ...): the same verdicts, without a dozen regular expressions on every
    // line of a 1,000-file review (bench/review.ts).
    const first = trimmed.charCodeAt(0);
    if (trimmed.includes('<<') && HEREDOC_START.test(trimmed)) see(heredoc, lineNumber, trimmed);
    if (SHELL_COMMAND.test(trimmed) || SHELL_CONTROL.test(trimmed) || (trimmed.includes('()') && SHELL_FUNCTION.test(trimmed)))
      see(shell, lineNumber, trimmed);
    if (trimmed === '---' || (trimmed.includes(':') && YAML_MAPPING.test(trimmed))) see(yaml, lineNumber, trimmed);
    if (first === LEFT_BRACKET && SECTION_HEADER.test(trimmed)) see(section, lineNumber, trimmed);
    if (trimmed.includes('[') && CHEF_ATTRIBUTE.test(trimmed)) see(chef, lineNumber, trimmed);
    if (first >= UPPER_A && first <= UPPER_Z && DOCKERFILE_INSTRUCTION.test(trimmed)) see(docker, lineNumber, trimmed);
    if (trimmed.startsWith('FROM ')) see(dockerFrom, lineNumber, trimmed);
    if ((first === DOUBLE_QUOTE && NIX_ATTRIBUTE.test(trimmed)) || (trimmed.startsWith('boot.') && NIX_SYSCTL_SET.test(trimmed)))
      see(nix, lineNumber, trimmed);
    if (end === text.length) break;
  }

  if (dumpKey.count > 0 && sysctl.count >= DUMP_MIN_ASSIGNMENTS) {
    return {
      format: 'sysctl-a-dump',
      line: dumpKey.first,
      reason: `looks like saved \`sysctl -a\` output (${sysctl.count} keys, including read-only ${quote(dumpKey.firstText)} on line ${dumpKey.first}), not a config file`,
    };
  }
  if (section.count > 0) {
    return {
      format: 'ini-sections',
      line: section.first,
      reason: `INI file with [sections] (e.g. tuned.conf): line ${section.first} is ${quote(section.firstText)}; sysctl files have no sections`,
    };
  }
  if (firstSignificant === '---' || (yaml.count >= 2 && yaml.count >= sysctl.count)) {
    return {
      format: 'yaml',
      line: yaml.first,
      reason: `YAML (Ansible, Salt, ...): line ${yaml.first} is ${quote(yaml.firstText)}; sysctl files have "key = value" lines only`,
    };
  }
  if (chef.count > 0 && chef.count * 2 >= significant) {
    return { format: 'chef-ruby', line: chef.first, reason: `Chef attributes (Ruby): line ${chef.first} is ${quote(chef.firstText)}` };
  }
  if (dockerFrom.count > 0 && docker.count >= 2) {
    return {
      format: 'dockerfile',
      line: dockerFrom.first,
      reason: `Dockerfile: line ${dockerFrom.first} is ${quote(dockerFrom.firstText)}`,
    };
  }
  if (nix.count >= 2) {
    return { format: 'nix', line: nix.first, reason: `Nix expression: line ${nix.first} is ${quote(nix.firstText)}` };
  }
  if (heredoc.count > 0) {
    return {
      format: 'shell-script',
      line: heredoc.first,
      reason: `shell script: line ${heredoc.first} starts a here-document (${quote(heredoc.firstText)}); the sysctl lines inside it are data for the script`,
    };
  }
  if ((shebang.count > 0 && shell.count > 0) || (shell.count >= 2 && shell.count > sysctl.count)) {
    const line = shebang.count > 0 ? shebang.first : shell.first;
    return {
      format: 'shell-script',
      line,
      reason: `shell script: ${shell.count} command line(s) such as ${quote(shell.firstText)} on line ${shell.first}, which sysctl cannot read`,
    };
  }
  return null;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
