/**
 * A unified diff of two texts, in the hunks `diff -u` prints, so `patch -p0` and reviewers read it
 * as usual. jsdiff finds the edits (Myers' O(ND) algorithm: a long file with a few changed lines
 * is cheap); the hunks are written here, with both counts always shown and no "\ No newline"
 * marker: a text without its final newline diffs as if it had one.
 */
import { structuredPatch } from 'diff';

const CONTEXT = 3;

function withFinalNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** "--- a/FILE\n+++ b/FILE\n@@ ... @@" hunks; empty string when the texts are equal. */
export function unifiedDiff(oldName: string, newName: string, before: string, after: string): string {
  if (before === after) return '';
  const { hunks } = structuredPatch(oldName, newName, withFinalNewline(before), withFinalNewline(after), undefined, undefined, {
    context: CONTEXT,
  });
  if (hunks.length === 0) return '';
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  for (const hunk of hunks) {
    // An empty side is numbered from the line before it, as diff -u does.
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    out.push(`@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`, ...hunk.lines);
  }
  return `${out.join('\n')}\n`;
}
