/** review --format json: the documented shape (schemas/review.schema.json). Stable: fields are only ever added. */
import { countFindings, summaryLine } from '../review/summary.js';
import type { ReviewReport } from '../review/types.js';

export function reviewJson(report: ReviewReport): string {
  const { tool, kernel, policy, root, diffBase, files, findings, suppressed, unchangedLineFindings, skipped } = report;
  const summary = { ...countFindings(findings), files: files.length, text: summaryLine(report) };
  return `${JSON.stringify({ tool, kernel, policy, root, diffBase, summary, files, findings, suppressed, unchangedLineFindings, skipped }, null, 2)}\n`;
}
