/**
 * review --format github: GitHub Actions workflow commands, so findings show up inline on the
 * pull request ("::error file=F,line=L,col=C,title=HEADLINE [RULE]::detail"): the headline is the
 * annotation's title, the detail (and the fix) its body. Escaping as the Actions
 * toolkit does (actions/toolkit command.ts): in the message % CR LF; in properties also : and ,.
 */
import type { Severity } from '../engine/types.js';
import { summaryLine } from '../reports/review-summary.js';
import type { ReviewReport } from '../reports/review.js';
import { Pieces } from '../util/pieces.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function reviewGithub(report: ReviewReport): Pieces {
  return new Pieces(() => lines(report));
}

function* lines(report: ReviewReport): Generator<string> {
  for (const finding of report.findings) {
    const properties = [
      `file=${escapeProperty(finding.file)}`,
      `line=${finding.line}`,
      `col=${finding.column}`,
      `title=${escapeProperty(`${finding.message} [${finding.rule}]`)}`,
    ].join(',');
    const body = finding.detail ?? finding.message;
    const message = finding.fix ? `${body}\nFix: ${finding.fix.description}` : body;
    yield `::${COMMAND[finding.severity]} ${properties}::${escapeData(message)}\n`;
  }
  // A plain line, not a command: the summary belongs in the log, not among the annotations.
  yield `sysctl-advisor review: ${summaryLine(report)}\n`;
}
