/** Counting findings and saying so in one line, the same way in every format. */
import type { ReviewFinding, ReviewKernel, ReviewReport } from './review.js';

export interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
}

export function countFindings(findings: readonly ReviewFinding[]): Counts {
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const finding of findings) {
    if (finding.severity === 'error') errors++;
    else if (finding.severity === 'warning') warnings++;
    else notes++;
  }
  return { errors, warnings, notes };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "kernel 6.18 assumed" (no --kernel: the newest known) or "kernel 5.4 (--kernel)". */
export function kernelStatement(kernel: ReviewKernel): string {
  return kernel.assumed ? `kernel ${kernel.version} assumed` : `kernel ${kernel.version} (--kernel)`;
}

/** "3 errors, 2 warnings, 1 note in 4 files (kernel 6.18 assumed)", plus what --diff-base left out. */
export function summaryLine(report: ReviewReport): string {
  const { errors, warnings, notes } = countFindings(report.findings);
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notes, 'note')} in ${plural(report.files.length, 'file')} (${kernelStatement(report.kernel)})`;
  if (report.diffBase === null) return counts;
  const hidden = report.unchangedLineFindings;
  return `${counts}; only lines changed since ${report.diffBase}${hidden ? ` (${plural(hidden, 'finding')} on unchanged lines not shown)` : ''}`;
}
