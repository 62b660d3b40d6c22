/**
 * A unified diff of two texts (config files are small: an LCS table is fast enough and keeps the
 * code obvious). Output matches `diff -u` hunks so `patch -p0` and reviewers read it as usual.
 */
const CONTEXT = 3;

type Edit = { readonly kind: ' ' | '-' | '+'; readonly text: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function edits(before: readonly string[], after: readonly string[]): Edit[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j] = length of the longest common subsequence of before[i..] and after[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const result: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      result.push({ kind: ' ', text: before[i]! });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
      result.push({ kind: '+', text: after[j]! });
      j++;
    } else {
      result.push({ kind: '-', text: before[i]! });
      i++;
    }
  }
  return result;
}

/** "--- a/FILE\n+++ b/FILE\n@@ ... @@" hunks; empty string when the texts are equal. */
export function unifiedDiff(oldName: string, newName: string, before: string, after: string): string {
  if (before === after) return '';
  const all = edits(splitLines(before), splitLines(after));
  const changed = all.map((edit, index) => (edit.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return '';
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - CONTEXT);
    const end = Math.min(all.length, index + CONTEXT + 1);
    const last = hunks.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  for (const [start, end] of hunks) {
    const oldStart = all.slice(0, start).filter((e) => e.kind !== '+').length;
    const newStart = all.slice(0, start).filter((e) => e.kind !== '-').length;
    const slice = all.slice(start, end);
    const oldCount = slice.filter((e) => e.kind !== '+').length;
    const newCount = slice.filter((e) => e.kind !== '-').length;
    out.push(`@@ -${oldCount === 0 ? oldStart : oldStart + 1},${oldCount} +${newCount === 0 ? newStart : newStart + 1},${newCount} @@`);
    for (const edit of slice) out.push(`${edit.kind}${edit.text}`);
  }
  return `${out.join('\n')}\n`;
}
