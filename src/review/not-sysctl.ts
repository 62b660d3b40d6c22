/**
 * One finding per file review did not check, saying plainly what it is instead. For a named
 * file (a role, a manifest, a script in a pull request) that is a note: the file is where it
 * belongs, it just sets no sysctl in a format review reads. Under --root, or in a directory given
 * on the command line (read as sysctl.d), the file sits in a sysctl.d directory, where procps and systemd-sysctl apply it line by line: that is a problem.
 */
import type { Severity } from '../engine/types.js';
import type { EmbeddedSources } from './embedded-review.js';
import type { SourceFile } from './sources.js';
import { builtinMessage } from '../engine/builtin-checks.js';
import { NOT_SYSCTL, type ReviewFinding } from '../reports/review.js';

export function notSysctlFindings(
  files: readonly SourceFile[],
  severities: { readonly named: Severity; readonly inSysctlDirectory: Severity },
  embedded: EmbeddedSources,
): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  for (const file of files) {
    if (!file.notSysctl) continue;
    const messageId = file.inSysctlDirectory ? 'inSysctlDirectory' : embedded.has(file) ? 'noSysctlSet' : 'otherFormat';
    const message = builtinMessage('not-sysctl', messageId, { reason: file.notSysctl.reason });
    const severity = file.inSysctlDirectory ? severities.inSysctlDirectory : severities.named;
    findings.push({ rule: NOT_SYSCTL, ...message, severity, file: file.display, line: file.notSysctl.line, column: 1, scope: 'file' });
  }
  return findings;
}
