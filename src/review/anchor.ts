/**
 * Engine findings → review findings: every one anchored at file:line:column, with the fix the
 * engine decided on. The engine merges proposals per key (a safety rule beats a profile target,
 * a harmful value is never proposed), so a finding carries a fix only when its own proposal is
 * the change the engine kept.
 */
import type { Facts } from '../facts/types.js';
import type { Change, Finding, Result } from '../engine/types.js';
import { assignmentOf, removeLineFix, replaceValueFix } from './fixes.js';
import type { SourceFile } from './sources.js';
import type { ReviewFinding, ReviewFix } from '../reports/review.js';

import { BUILTIN_CHECKS } from '../engine/builtin-checks.js';

export function anchorEngineFindings(result: Result, facts: Facts, files: ReadonlyMap<string, SourceFile>): ReviewFinding[] {
  const changes = new Map(result.changes.map((change) => [change.key, change]));
  const anchored: ReviewFinding[] = [];
  for (const finding of result.findings) {
    // The engine's own check of profile targets: review has the profile-policy check instead.
    if (finding.rule === BUILTIN_CHECKS.profile.meta.id) continue;
    const anchor = anchorOf(finding, facts);
    // No line to point at: the finding is about a kernel default, which no reviewed file sets.
    if (!anchor) continue;
    const source = files.get(anchor.file);
    if (!source) continue;
    const fix = fixFor(finding, source, anchor.line, changes, facts, files);
    const column = anchor.column || firstColumn(source, anchor.line);
    // Whole literals, fields in the order JSON shows them, so every finding of a big review has one
    // shape and none is built from spreads (bench/review.ts). A fix is rare enough to be added.
    const reviewFinding: { -readonly [K in keyof ReviewFinding]: ReviewFinding[K] } = finding.key
      ? {
          rule: finding.rule,
          messageId: finding.messageId,
          severity: finding.severity,
          message: finding.message,
          detail: finding.detail,
          data: finding.data,
          file: source.display,
          line: anchor.line,
          column,
          scope: 'line',
          key: finding.key,
        }
      : {
          rule: finding.rule,
          messageId: finding.messageId,
          severity: finding.severity,
          message: finding.message,
          detail: finding.detail,
          data: finding.data,
          file: source.display,
          line: anchor.line,
          column,
          scope: 'line',
        };
    if (fix) reviewFinding.fix = fix;
    anchored.push(reviewFinding);
  }
  return anchored;
}

/** Where a finding points; column 0 when it names none (the line's first non-blank character is used). */
function anchorOf(finding: Finding, facts: Facts): { file: string; line: number; column: number } | undefined {
  if (finding.file !== undefined && finding.line !== undefined)
    return { file: finding.file, line: finding.line, column: finding.column ?? 0 };
  const configured = finding.key ? facts.keys.get(finding.key)?.configured : undefined;
  return configured ? { file: configured.file, line: configured.line, column: configured.keyColumn } : undefined;
}

function firstColumn(source: SourceFile, line: number): number {
  const text = source.parsed.lines[line - 1]?.text ?? '';
  return text.length - text.trimStart().length + 1;
}

function fixFor(
  finding: Finding,
  source: SourceFile,
  line: number,
  changes: ReadonlyMap<string, Change>,
  facts: Facts,
  files: ReadonlyMap<string, SourceFile>,
): ReviewFix | undefined {
  const proposed = finding.change;
  if (!proposed) return undefined;
  const decided = changes.get(proposed.key);
  if (!decided || decided.to !== proposed.to) return undefined;
  const here = assignmentOf(source.parsed.lines, line, proposed.key);
  if (proposed.to === null) return here ? removeLineFix(here, `Remove line ${line} (${proposed.key})`) : undefined;
  // The value to replace is on the finding's line, or else on the line that wins for the key.
  if (here) return replaceValueFix(here, proposed.to, `Set ${proposed.key} = ${proposed.to}`);
  const configured = facts.keys.get(proposed.key)?.configured;
  const winnerFile = configured ? files.get(configured.file) : undefined;
  const winner = configured && winnerFile === source ? assignmentOf(source.parsed.lines, configured.line, proposed.key) : undefined;
  return winner ? replaceValueFix(winner, proposed.to, `Set ${proposed.key} = ${proposed.to}`) : undefined;
}
