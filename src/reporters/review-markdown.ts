/**
 * review --format markdown: a table to post as a pull-request comment (severity, location,
 * rule linked to its documentation, message), then the summary line.
 */
import type { Severity } from '../engine/types.js';
import { summaryLine } from '../reports/review-summary.js';
import type { ReviewReport } from '../reports/review.js';
import { Pieces } from '../util/pieces.js';

const BADGE: Record<Severity, string> = { error: '🔴 error', warning: '🟡 warning', info: '🔵 info' };

/** A table cell: "|" would end the cell and a newline the row; "\" must stay a backslash; HTML-like text is shown as text. */
export function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, '<br>');
}

/**
 * Inline code in a table cell: fenced with one more backtick than it contains. Backslash escapes
 * do not work inside code, but GitHub splits table cells at unescaped "|" before reading code
 * spans, so "\|" is the one escape needed (and honoured) there.
 */
function codeCell(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}

export function reviewMarkdown(report: ReviewReport): Pieces {
  return new Pieces(() => lines(report));
}

function* lines(report: ReviewReport): Generator<string> {
  const help = new Map(report.rules.map((rule) => [rule.id, rule.helpUri]));
  yield '### sysctl-advisor review\n\n';
  if (report.findings.length > 0) {
    yield '| Severity | Location | Rule | Message |\n|---|---|---|---|\n';
    for (const finding of report.findings) {
      const uri = help.get(finding.rule);
      const rule = uri ? `[${escapeCell(finding.rule)}](${uri})` : escapeCell(finding.rule);
      const text = finding.detail !== undefined ? `**${finding.message}**\n${finding.detail}` : finding.message;
      const message = finding.fix ? `${text}\nFix: ${finding.fix.description}` : text;
      yield `| ${BADGE[finding.severity]} | ${codeCell(`${finding.file}:${finding.line}:${finding.column}`)} | ${rule} | ${escapeCell(message)} |\n`;
    }
    yield '\n';
  }
  yield `**${escapeCell(summaryLine(report))}**\n`;
}
