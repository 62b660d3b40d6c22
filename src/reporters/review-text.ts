/**
 * review, for people: one line per finding in the shape compilers use, so editors and terminals
 * link it (`file:line:col  severity  message  [rule-id]`), grouped by file, the fix (if any) on
 * the line below, and a summary that says which kernel was assumed.
 */
import type { Severity } from '../engine/types.js';
import { summaryLine } from '../reports/review-summary.js';
import type { ReviewReport } from '../reports/review.js';
import { Pieces } from '../util/pieces.js';
import type { Paint } from './colour.js';

export function reviewText(report: ReviewReport, paint: Paint): Pieces {
  return new Pieces(() => lines(report, paint));
}

function* lines(report: ReviewReport, paint: Paint): Generator<string> {
  const colourOf: Record<Severity, (s: string) => string> = { error: paint.red, warning: paint.yellow, info: paint.cyan };
  let previousFile: string | undefined;
  for (const finding of report.findings) {
    if (previousFile !== undefined && finding.file !== previousFile) yield '\n';
    previousFile = finding.file;
    const where = paint.bold(`${finding.file}:${finding.line}:${finding.column}`);
    yield `${where}  ${colourOf[finding.severity](finding.severity)}  ${finding.message}  ${paint.dim(`[${finding.rule}]`)}\n`;
    if (finding.fix) yield `${paint.dim(`    fix: ${finding.fix.description}`)}\n`;
  }
  if (report.findings.length > 0) yield '\n';
  const failing = report.findings.some((f) => f.severity === 'error');
  yield `${(failing ? paint.red : report.findings.length ? paint.yellow : paint.green)(summaryLine(report))}\n`;
}
