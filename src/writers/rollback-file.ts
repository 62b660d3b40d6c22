/**
 * The rollback file: the values keys had before `apply` changed them, as a sysctl.conf-style
 * file (so `sysctl -p FILE` can restore it too, without our checks). Header lines are comments;
 * `sysctl-advisor apply --rollback FILE` reads the assignments back in order.
 */
import { readFileSync } from 'node:fs';
import { describeInvalid, parseConfigText } from '../config/index.js';
import { fsReason, InputError, InputErrors } from '../util/errors.js';
import type { ApplyEntry } from './kernel-values.js';

export interface RollbackHeader {
  /** ISO time of the apply. */
  readonly writtenAt: string;
  /** What was applied ("/etc/sysctl.d/90-sysctl-advisor.conf", "the wizard's accepted changes"). */
  readonly appliedFrom: string;
  readonly kernelRelease?: string;
  /** readlink /proc/self/ns/net: values are per network namespace, so the file says which one. */
  readonly netns?: string;
}

export function renderRollbackFile(header: RollbackHeader, previous: readonly { key: string; value: string }[]): string {
  const lines = [
    '# sysctl-advisor rollback file: the values these keys had before "sysctl-advisor apply" changed them.',
    `# Written ${header.writtenAt} when applying ${header.appliedFrom}.`,
    ...(header.kernelRelease ? [`# Kernel ${header.kernelRelease}.`] : []),
    ...(header.netns ? [`# Network namespace ${header.netns} (per-namespace keys were changed there only).`] : []),
    '# Restore: sysctl-advisor apply --rollback THIS_FILE   (sysctl -p THIS_FILE also works, without the checks)',
    '',
    ...previous.map(({ key, value }) => `${key} = ${value}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The assignments of a drop-in or rollback file, in order. Anything apply could not do exactly
 * like the boot tools (globs, invalid lines, "-key" exclusions) is refused with its line.
 */
export function readAssignments(file: string): ApplyEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'no such file' : (fsReason(code) ?? (error as Error).message), { file });
  }
  const parsed = parseConfigText(text, file);
  const problems: InputError[] = [];
  for (const line of parsed.lines) {
    if (line.kind === 'invalid')
      problems.push(new InputError(`${describeInvalid(line)}; fix it before applying`, { file, line: line.line }));
    if (line.kind === 'exclusion')
      problems.push(new InputError('"-key" exclusions only matter to globs at boot; apply does not take them', { file, line: line.line }));
    if (line.kind === 'assignment' && line.isGlob)
      problems.push(
        new InputError(`glob keys (${line.key}) are not applied by apply; use "sysctl -p" for them`, { file, line: line.line }),
      );
    if (line.kind === 'assignment' && line.procPath === null)
      problems.push(new InputError(`"${line.key}" names nothing under /proc/sys`, { file, line: line.line }));
  }
  // All of them at once, so the file is fixed in one pass.
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new InputErrors(problems);
  const entries = parsed.assignments.map((line) => ({ key: line.canonicalKey, value: line.value, source: { file, line: line.line } }));
  if (entries.length === 0) throw new InputError('no "key = value" line to apply', { file });
  // A key set twice takes its last value, as both boot tools end up doing.
  const last = new Map(entries.map((entry) => [entry.key, entry]));
  return entries.filter((entry) => last.get(entry.key) === entry);
}
