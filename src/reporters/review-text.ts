/**
 * review, for people: findings grouped by file, each headed by one line in the shape compilers
 * use, so editors and terminals link it (`file:line:col  severity  headline  [rule-id]`); the
 * detail (numbers, caveats, source) and the fix, if any, indented beneath, wrapped to the
 * terminal's width (80 when stdout is not a terminal); then a summary that says which kernel was assumed.
 */
import type { Severity } from '../engine/types.js';
import { summaryLine } from '../reports/review-summary.js';
import type { ReviewReport } from '../reports/review.js';
import { Pieces } from '../util/pieces.js';
import { DEFAULT_WIDTH, wrapText } from '../util/wrap.js';
import type { Paint } from './colour.js';

const DETAIL_INDENT = '    ';

export function reviewText(report: ReviewReport, paint: Paint, width: number = DEFAULT_WIDTH): Pieces {
  return new Pieces(() => lines(report, paint, width));
}

function* lines(report: ReviewReport, paint: Paint, width: number): Generator<string> {
  const colourOf: Record<Severity, (s: string) => string> = { error: paint.red, warning: paint.yellow, info: paint.cyan };
  let previousFile: string | undefined;
  for (const finding of report.findings) {
    if (previousFile !== undefined && finding.file !== previousFile) yield '\n';
    previousFile = finding.file;
    const where = paint.bold(`${finding.file}:${finding.line}:${finding.column}`);
    yield `${where}  ${colourOf[finding.severity](finding.severity)}  ${finding.message}  ${paint.dim(`[${finding.rule}]`)}\n`;
    if (finding.detail !== undefined) for (const line of wrapText(finding.detail, DETAIL_INDENT, width)) yield `${paint.dim(line)}\n`;
    if (finding.fix) for (const line of wrapText(`fix: ${finding.fix.description}`, DETAIL_INDENT, width)) yield `${paint.dim(line)}\n`;
  }
  if (report.findings.length > 0) yield '\n';
  const failing = report.findings.some((f) => f.severity === 'error');
  yield `${(failing ? paint.red : report.findings.length ? paint.yellow : paint.green)(summaryLine(report))}\n`;
}
