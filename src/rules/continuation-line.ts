/**
 * sysctl.conf has no continuation lines: a trailing "\" stays in the value and the next line is
 * parsed on its own (docs/kernel/config-files-and-precedence.md#line-syntax). Exit codes observed here: procps 4.0.2 "sysctl -p" warns
 * "invalid syntax, continuing..." and exits 0; systemd-sysctl 252 "Line is not an assignment,
 * ignoring" and exits 1.
 */
import type { Facts } from '../facts/types.js';
import { fillMessage } from '../engine/messages.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { existsOn } from '../params/defaults.js';
import { isGlobKey, withoutIgnoreDash } from '../params/keys.js';
import { findParam } from '../params/lookup.js';
import { parseParamValue } from '../params/values.js';

/** What the kernel makes of the value with the backslash in it; fills {effect}. */
const EFFECTS = {
  stored: "the kernel receives '{value}', stores {stored} and ignores the rest",
  rejected: "the kernel receives '{value}' and rejects it ({problem})",
  other: 'the kernel receives \'{value}\' (a numeric key ignores the "\\" after a blank; a string-valued key stores it)',
} as const;

export const continuationLine: Rule = {
  meta: {
    id: 'continuation-line',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'a backslash does not continue a line: the next line is not what the author wrote' },
    description: 'A value ends with "\\": sysctl.conf has no continuation lines, so the next line is parsed on its own.',
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/config-files-and-precedence.md#line-syntax',
      'docs/kernel/config-files-and-precedence.md#errors-and-exit-codes',
    ],
    messages: {
      withInvalidNext:
        '{key} ends with "\\": sysctl.conf has no continuation lines; put the whole value on one line\n{key} = {value} ends with "\\", but sysctl.conf has no continuation lines (docs/kernel/config-files-and-precedence.md#line-syntax): {effect}, and line {nextLine} (\'{nextText}\') is parsed on its own: procps prints "invalid syntax, continuing..." for it (exit 0) and systemd-sysctl "Line is not an assignment, ignoring" (exit 1). Put the whole value on one line.',
      withAssignmentNext:
        '{key} ends with "\\": sysctl.conf has no continuation lines; remove the backslash\n{key} = {value} ends with "\\", but sysctl.conf has no continuation lines (docs/kernel/config-files-and-precedence.md#line-syntax): {effect}, and the next line is applied as an assignment of its own. Remove the backslash.',
      atEnd:
        '{key} ends with "\\": sysctl.conf has no continuation lines; remove the backslash\n{key} = {value} ends with "\\", but sysctl.conf has no continuation lines (docs/kernel/config-files-and-precedence.md#line-syntax): {effect}. Remove the backslash.',
    },
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    for (const assignment of facts.assignments) {
      const value = assignment.value.trim();
      if (!value.endsWith('\\')) continue;
      const key = withoutIgnoreDash(assignment.key);
      const next = facts.invalidLines.find((l) => l.file === assignment.file && l.line === assignment.line + 1);
      const nextAssignment = facts.assignments.some((a) => a.file === assignment.file && a.line === assignment.line + 1);
      reports.push({
        messageId: next ? 'withInvalidNext' : nextAssignment ? 'withAssignmentNext' : 'atEnd',
        data: { key, value, effect: effectOf(key, value, facts), ...(next ? { nextLine: next.line, nextText: next.text.trim() } : {}) },
        key,
        location: { file: assignment.file, line: assignment.line, column: assignment.valueColumn + value.length - 1 },
        evidence: { sent: value },
      });
    }
    return reports;
  },
};

function effectOf(key: string, value: string, facts: Facts): string {
  const spec = isGlobKey(key) ? undefined : findParam(key);
  if (!spec || !existsOn(spec, facts.kernel)) return fillMessage(EFFECTS.other, { value });
  const parsed = parseParamValue(spec, value, facts.host);
  return parsed.ok
    ? fillMessage(EFFECTS.stored, { value, stored: parsed.canonical })
    : fillMessage(EFFECTS.rejected, { value, problem: parsed.problem });
}
