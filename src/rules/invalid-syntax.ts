/**
 * A config line that is neither a comment nor an assignment (docs/kernel/config-files-and-precedence.md#line-syntax). The tools skip it,
 * so whatever the author meant is not applied. Observed on this machine (procps-ng 4.0.2,
 * systemd 252, in a network namespace): "sysctl -p" prints "FILE(N): invalid syntax,
 * continuing..." and exits 0; systemd-sysctl prints "FILE:N: Line is not an assignment,
 * ignoring: TEXT" and exits 1 (the other lines are still applied).
 */
import type { Rule, RuleReport } from '../engine/types.js';

export const invalidSyntax: Rule = {
  meta: {
    id: 'invalid-syntax',
    severity: 'error',
    severities: { allowed: ['error'], why: 'the tools reject the line' },
    description: 'A config line that is not an assignment: procps skips it with "invalid syntax", systemd-sysctl fails.',
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/config-files-and-precedence.md#line-syntax',
      'docs/kernel/config-files-and-precedence.md#errors-and-exit-codes',
    ],
    messages: {
      afterContinuation:
        'Not an assignment: this line continues the one before, which sysctl.conf does not allow; join them\n\'{text}\' is not an assignment ({reason}): the line before ends with "\\", but sysctl.conf has no continuation lines, so this line is parsed on its own. procps prints "sysctl: {file}({line}): invalid syntax, continuing...", skips it and exits 0; systemd-sysctl prints "{file}:{line}: Line is not an assignment, ignoring: {text}" and exits 1, so systemd-sysctl.service fails (the other lines are still applied). Join it to the line before, without the backslash.',
      invalid:
        'Not an assignment, so nothing is applied and systemd-sysctl fails: write "key = value" or comment it out\n\'{text}\' is not an assignment ({reason}), so nothing is applied from it. procps prints "sysctl: {file}({line}): invalid syntax, continuing...", skips it and exits 0; systemd-sysctl prints "{file}:{line}: Line is not an assignment, ignoring: {text}" and exits 1, so systemd-sysctl.service fails (the other lines are still applied). Write "key = value", or comment it out with "#".',
    },
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    for (const invalid of facts.invalidLines) {
      const text = invalid.text.trim();
      const previous = facts.assignments.find((a) => a.file === invalid.file && a.line === invalid.line - 1);
      const continued = previous !== undefined && previous.value.trim().endsWith('\\');
      reports.push({
        messageId: continued ? 'afterContinuation' : 'invalid',
        data: { text, reason: invalid.reason, file: invalid.file, line: invalid.line },
        location: { file: invalid.file, line: invalid.line, column: invalid.text.length - invalid.text.trimStart().length + 1 },
        evidence: { text },
      });
    }
    return reports;
  },
};
