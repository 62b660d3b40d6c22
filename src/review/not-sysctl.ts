/**
 * One finding per file review did not check, saying plainly what it is instead. For a named
 * file (a role, a manifest, a script in a pull request) that is a note: the file is where it
 * belongs, it just sets no sysctl in a format review reads. Under --root, or in a directory given
 * on the command line (read as sysctl.d), the file sits in a sysctl.d directory, where procps and systemd-sysctl apply it line by line: that is a problem.
 */
import type { Severity } from '../engine/types.js';
import type { EmbeddedSources } from './embedded-review.js';
import type { SourceFile } from './sources.js';
import { NOT_SYSCTL, type ReviewFinding } from '../reports/review.js';

export function notSysctlFindings(
  files: readonly SourceFile[],
  severities: { readonly named: Severity; readonly inSysctlDirectory: Severity },
  embedded: EmbeddedSources,
): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  for (const file of files) {
    if (!file.notSysctl) continue;
    const message = file.inSysctlDirectory
      ? `Not a sysctl file: ${file.notSysctl.reason}. Its lines are not checked. ` +
        'sysctl reads any file line by line ("sysctl -p FILE", or any *.conf in a sysctl.d directory) and rejects most of such a file, so keep it out of both.'
      : embedded.has(file)
        ? `Not checked: ${file.notSysctl.reason}, and it sets no sysctl in a form review reads (docs/formats/).`
        : `Not checked: ${file.notSysctl.reason}; review does not read sysctls in this format.`;
    const severity = file.inSysctlDirectory ? severities.inSysctlDirectory : severities.named;
    findings.push({ rule: NOT_SYSCTL, severity, message, file: file.display, line: file.notSysctl.line, column: 1, scope: 'file' });
  }
  return findings;
}
