/**
 * Waivers. sysctl.conf has no inline comments ("key = 1 # x" sends "1 # x" to the kernel), so a
 * waiver is a comment line directly above the line it silences, or one of a run of comment lines
 * directly above it:
 *
 *     # sysctl-advisor: ignore RULE-ID[, OTHER-ID] -- why this is fine here
 *     net.ipv4.some_key = 1
 *
 * A waiver silences the named rules on that one line. One without a reason silences nothing (a
 * waiver is a decision someone must be able to read later); one naming an unknown rule, or
 * silencing nothing, is reported too, so stale waivers do not pile up.
 */
import type { ConfigLine } from '../config/index.js';
import type { Severity } from '../engine/types.js';
import { editDistance } from '../params/lookup.js';
import { RULES } from '../rules/index.js';
import { builtinMessage, type BuiltinMessage } from '../engine/builtin-checks.js';
import { removeLineFix } from './fixes.js';
import type { SourceFile } from './sources.js';
import { WAIVER, type ReviewFinding, type SuppressedFinding } from '../reports/review.js';

const DIRECTIVE = /^[#;]\s*sysctl-advisor:\s*(.*)$/;
const IGNORE = /^ignore(?:\s+(.*))?$/;

export interface Waiver {
  readonly file: SourceFile;
  /** The comment line holding the waiver. */
  readonly line: number;
  readonly column: number;
  /** The line it applies to (the first non-comment line below the comment run), or undefined when none follows directly. */
  readonly target: number | undefined;
  /**
   * The last line it applies to: `target` itself, except in YAML, where a waiver above an item
   * (`- name: ...`) covers the whole item, whose value lines are where findings point.
   */
  readonly through?: number | undefined;
  readonly rules: readonly string[];
  readonly reason: string;
  /** What is wrong with the comment itself, when it cannot be read as a waiver. */
  readonly malformed?: BuiltinMessage;
}

/** The first line below the comment run that starts at `index`, when the run is directly followed by a line with content. */
function targetBelow(lines: readonly ConfigLine[], index: number): number | undefined {
  let i = index + 1;
  while (i < lines.length && lines[i]!.kind === 'comment') i++;
  const below = lines[i];
  return below && below.kind !== 'blank' ? below.line : undefined;
}

/** The last line of the YAML node that starts on `target`: the lines below it indented deeper. */
function yamlItemEnd(lines: readonly ConfigLine[], target: number): number {
  const indent = (text: string) => text.length - text.trimStart().length;
  const own = indent(lines[target - 1]!.text);
  let end = target;
  for (let i = target; i < lines.length; i++) {
    const text = lines[i]!.text;
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    if (indent(text) <= own) break;
    end = i + 1;
  }
  return end;
}

export function readWaivers(file: SourceFile): Waiver[] {
  const waivers: Waiver[] = [];
  const lines = file.parsed.lines;
  lines.forEach((line, index) => {
    if (line.kind !== 'comment') return;
    const directive = DIRECTIVE.exec(line.text.trim());
    if (!directive) return;
    const column = line.text.indexOf('sysctl-advisor:') + 1;
    const target = targetBelow(lines, index);
    const through = target !== undefined && file.embedded === 'yaml' ? yamlItemEnd(lines, target) : target;
    const base = { file, line: line.line, column, target, ...(through !== target ? { through } : {}) };
    const ignore = IGNORE.exec(directive[1]!.trim());
    if (!ignore) {
      waivers.push({
        ...base,
        rules: [],
        reason: '',
        malformed: builtinMessage('waiver', 'notAWaiver', { text: directive[1]!.trim() }),
      });
      return;
    }
    const body = ignore[1] ?? '';
    const separator = body.indexOf('--');
    const ids = (separator === -1 ? body : body.slice(0, separator)).split(/[\s,]+/).filter(Boolean);
    const reason = separator === -1 ? '' : body.slice(separator + 2).trim();
    waivers.push({
      ...base,
      rules: ids,
      reason,
      ...(ids.length === 0 ? { malformed: builtinMessage('waiver', 'noRuleId', {}) } : {}),
    });
  });
  return waivers;
}

export interface WaiverOutcome {
  readonly kept: ReviewFinding[];
  readonly suppressed: SuppressedFinding[];
  /** Findings about the waivers themselves. */
  readonly problems: ReviewFinding[];
}

const ALL_RULE_IDS = new Set(RULES.map((rule) => rule.meta.id));

function unknownRule(id: string, known: ReadonlySet<string>): BuiltinMessage {
  const close = [...known].filter((candidate) => editDistance(id, candidate, 2) <= 2);
  return close.length
    ? builtinMessage('waiver', 'unknownRuleNear', { rule: id, suggestions: close.join(' or ') })
    : builtinMessage('waiver', 'unknownRule', { rule: id });
}

/**
 * Applies waivers to the findings of their files. `waivable`: the ids that can fire in a review.
 * `severity`: the profile's override for the waiver rule, else warning.
 */
export function applyWaivers(
  findings: readonly ReviewFinding[],
  waivers: readonly Waiver[],
  waivable: ReadonlySet<string>,
  severity: Severity,
): WaiverOutcome {
  const problems: ReviewFinding[] = [];
  const problem = (waiver: Waiver, message: BuiltinMessage, removable: boolean) => {
    const line = waiver.file.parsed.lines[waiver.line - 1];
    problems.push({
      rule: WAIVER,
      ...message,
      severity,
      file: waiver.file.display,
      line: waiver.line,
      column: waiver.column,
      scope: 'line',
      ...(removable && line ? { fix: removeLineFix(line, `Remove the waiver on line ${waiver.line}`) } : {}),
    });
  };

  // Effective waivers by "display\0line\0rule", to find the findings they silence in one pass.
  const active = new Map<string, { waiver: Waiver; used: boolean }>();
  for (const waiver of waivers) {
    if (waiver.malformed) {
      problem(waiver, waiver.malformed, false);
      continue;
    }
    // Every problem with one waiver is reported at once, so it is fixed in one go.
    const known = waiver.rules.filter((rule) => {
      if (waivable.has(rule)) return true;
      const why = ALL_RULE_IDS.has(rule) ? builtinMessage('waiver', 'neverRuns', { rule }) : unknownRule(rule, waivable);
      problem(waiver, why, waiver.rules.length === 1 && waiver.reason !== '');
      return false;
    });
    if (waiver.reason === '') {
      problem(waiver, builtinMessage('waiver', 'noReason', { rules: waiver.rules.join(', ') }), false);
      continue;
    }
    if (known.length === 0) continue;
    if (waiver.target === undefined) {
      problem(waiver, builtinMessage('waiver', 'notAbove', { rules: known.join(', ') }), false);
      continue;
    }
    for (const rule of known) {
      const entry = { waiver, used: false };
      for (let line = waiver.target; line <= (waiver.through ?? waiver.target); line++)
        active.set(`${waiver.file.display}\0${line}\0${rule}`, entry);
    }
  }

  const kept: ReviewFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    // Without waivers (the usual case) no key is built for each of the findings.
    const entry = active.size > 0 && finding.scope === 'line' ? active.get(`${finding.file}\0${finding.line}\0${finding.rule}`) : undefined;
    if (!entry) {
      kept.push(finding);
      continue;
    }
    entry.used = true;
    suppressed.push({ ...finding, waiverLine: entry.waiver.line, reason: entry.waiver.reason });
  }
  const reported = new Set<string>();
  for (const [id, { waiver, used }] of active) {
    const rule = id.slice(id.lastIndexOf('\0') + 1);
    // A waiver over several lines has one entry per line: say once that it silences nothing.
    const once = `${waiver.file.display}\0${waiver.line}\0${rule}`;
    if (used || reported.has(once)) continue;
    reported.add(once);
    problem(waiver, builtinMessage('waiver', 'unused', { rule, target: waiver.target ?? waiver.line }), waiver.rules.length === 1);
  }
  return { kept, suppressed, problems };
}
