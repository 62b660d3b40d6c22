/** The two edits a review proposes: remove a line, or replace the value of an assignment. */
import type { AssignmentLine, ConfigLine } from '../config/index.js';
import type { ReviewFix } from '../reports/review.js';

/** Deletes the whole line with its line ending (a last line without one: just its text). */
export function removeLineFix(line: ConfigLine, description: string): ReviewFix {
  const region =
    line.ending === 'none'
      ? { startLine: line.line, startColumn: 1, endLine: line.line, endColumn: line.text.length + 1 }
      : { startLine: line.line, startColumn: 1, endLine: line.line + 1, endColumn: 1 };
  return { kind: 'remove-line', description, region, insert: '' };
}

/** Replaces exactly what the tools pass to the kernel (the value without surrounding blanks). */
export function replaceValueFix(line: AssignmentLine, to: string, description: string): ReviewFix {
  return {
    kind: 'replace-value',
    description,
    region: { startLine: line.line, startColumn: line.valueColumn, endLine: line.line, endColumn: line.valueColumn + line.value.length },
    insert: to,
  };
}

/** The assignment on `line` when it sets `key` (canonical dotted), else undefined. */
export function assignmentOf(lines: readonly ConfigLine[], line: number, key: string): AssignmentLine | undefined {
  const found = lines[line - 1];
  return found?.kind === 'assignment' && found.canonicalKey === key ? found : undefined;
}
