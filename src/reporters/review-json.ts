/** review --format json: the documented shape (schemas/review.schema.json). Stable: fields are only ever added. */
import { countFindings, summaryLine } from '../reports/review-summary.js';
import type { ReviewReport } from '../reports/review.js';
import type { Pieces } from '../util/pieces.js';
import { jsonPieces } from './json-pieces.js';

/** The report object (depth 0) and its arrays (depth 1) are opened: each finding is written whole, one at a time. */
const OPEN_DEPTH = 2;

export function reviewJson(report: ReviewReport): Pieces {
  const { tool, kernel, policy, root, diffBase, files, findings, suppressed, unchangedLineFindings, skipped } = report;
  const summary = { ...countFindings(findings), files: files.length, text: summaryLine(report) };
  return jsonPieces(
    { tool, kernel, policy, root, diffBase, summary, files, findings, suppressed, unchangedLineFindings, skipped },
    OPEN_DEPTH,
  );
}
