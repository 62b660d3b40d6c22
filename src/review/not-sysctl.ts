/** One finding per file that is not a sysctl file, saying plainly what it is instead. */
import type { Severity } from '../engine/types.js';
import type { SourceFile } from './sources.js';
import { NOT_SYSCTL, type ReviewFinding } from './types.js';

export function notSysctlFindings(files: readonly SourceFile[], severity: Severity): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  for (const file of files) {
    if (!file.notSysctl) continue;
    findings.push({
      rule: NOT_SYSCTL,
      severity,
      message:
        `Not a sysctl file: ${file.notSysctl.reason}. Its lines are not checked. ` +
        'sysctl reads any file line by line ("sysctl -p FILE", or any *.conf in a sysctl.d directory) and rejects most of such a file, so keep it out of both.',
      file: file.display,
      line: file.notSysctl.line,
      column: 1,
      scope: 'file',
    });
  }
  return findings;
}
