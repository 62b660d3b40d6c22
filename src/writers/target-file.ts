/**
 * The files advise proposes: the target drop-in with every changed key explained, and removals
 * in the files that set a key which must go (tcp_tw_recycle in /etc/sysctl.conf). The existing
 * target is edited in place (a key's line and the comment block above it are replaced), so a
 * second run on the written file proposes nothing.
 */
import { commentLines } from '../util/wrap.js';
import type { ConfigAssignment } from '../facts/types.js';
import { editsFiles, type Change } from '../engine/types.js';
import { parseConfigText } from '../config/parse.js';

export interface FileEdit {
  /** Path as shown to the user (relative to the root for a bundle). */
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

export interface ProposedFiles {
  readonly target: FileEdit;
  /** Other files whose lines must be removed. */
  readonly removals: readonly FileEdit[];
  /** Changes left out because a later file would override them. */
  readonly blocked: readonly Change[];
}

/** The key a line sets, as procps reads the line (config/parse.ts), or undefined for any other line. */
function keyOfLine(line: string): string | undefined {
  const parsed = parseConfigText(line, '').lines[0];
  return parsed?.kind === 'assignment' ? parsed.canonicalKey : undefined;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Removes every line that sets `key`, with the explanation block we wrote above it (comment
 * lines back to one starting "# KEY:"); the user's own comments stay. Returns where the first
 * removed block started, so a replacement lands in the same place.
 */
function removeKey(lines: readonly string[], key: string): { lines: string[]; at: number } {
  const result: string[] = [];
  let at = -1;
  for (const line of lines) {
    if (keyOfLine(line) !== key) {
      result.push(line);
      continue;
    }
    let blockStart = result.length;
    while (blockStart > 0 && result[blockStart - 1]!.startsWith('#') && !result[blockStart - 1]!.startsWith(`# ${key}:`)) blockStart--;
    if (blockStart > 0 && result[blockStart - 1]!.startsWith(`# ${key}:`)) result.splice(blockStart - 1);
    if (at < 0) at = result.length;
  }
  return { lines: result, at };
}

/** What the key was before this line: the line it replaces, else what the running kernel had. */
function wasText(change: Change): string {
  if (change.from !== null) return `was ${change.from}`;
  const before = change.runtime?.from ?? change.kernelDefault;
  return before === undefined ? 'not set' : `was ${before} (no file set it)`;
}

function explanation(change: Change): string[] {
  return [
    ...commentLines(`${change.key}: ${wasText(change)} → ${change.to} (${change.rules.join(', ')})`),
    ...commentLines(`Why: ${change.why}`),
  ];
}

export function proposeFiles(options: {
  readonly targetFile: string;
  readonly targetContent: string;
  readonly changes: readonly Change[];
  readonly assignments: readonly ConfigAssignment[];
  /** Reads another config file's current content (for removals). */
  readonly readFile: (file: string) => string;
  readonly header: readonly string[];
}): ProposedFiles {
  const blocked = options.changes.filter((change) => change.overriddenBy);
  // A change the files already agree with is for the running kernel only: no line to touch.
  const applicable = options.changes.filter((change) => !change.overriddenBy && editsFiles(change));
  let lines = splitLines(options.targetContent);
  if (lines.length === 0 && applicable.some((c) => c.to !== null)) lines = [...options.header, ''];
  for (const change of applicable) {
    const removed = removeKey(lines, change.key);
    lines = removed.lines;
    if (change.to === null) continue;
    const block = [...explanation(change), `${change.key} = ${change.to}`];
    if (removed.at >= 0) {
      lines.splice(removed.at, 0, ...block); // the key stays where it was
    } else {
      if (lines.length > 0 && lines.at(-1) !== '') lines.push('');
      lines.push(...block, '');
    }
  }
  while (lines.at(-1) === '') lines.pop();
  const after = lines.length ? `${lines.join('\n')}\n` : '';
  const removals: FileEdit[] = [];
  const removedKeys = new Set(applicable.filter((c) => c.to === null).map((c) => c.key));
  const otherFiles = [
    ...new Set(options.assignments.filter((a) => removedKeys.has(a.key) && a.file !== options.targetFile).map((a) => a.file)),
  ];
  for (const file of otherFiles) {
    const before = options.readFile(file);
    let edited = splitLines(before);
    for (const key of removedKeys) edited = removeKey(edited, key).lines;
    removals.push({ file, before, after: edited.length ? `${edited.join('\n')}\n` : '' });
  }
  return { target: { file: options.targetFile, before: options.targetContent, after }, removals, blocked };
}
