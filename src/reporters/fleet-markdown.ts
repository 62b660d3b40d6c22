/** A fleet report as markdown, for a ticket: the same sections as the text report, as tables. */
import type { FleetReport } from '../analysis/fleet-report.js';
import { driftLine, hostList, plural } from './fleet-text.js';

/** Table cells: a pipe would end the cell, a newline the row. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function fleetMarkdown(report: FleetReport): string {
  const read = report.hosts.length;
  const out: string[] = [
    `## sysctl-advisor fleet report`,
    '',
    `${report.bundles} bundles, ${read} read, ${report.unreadable.length} not readable; profile \`${report.profile}\`.`,
    '',
    `### Findings (${report.findings.length} distinct)`,
    '',
  ];
  if (report.findings.length === 0) out.push('None.');
  else {
    out.push('| Severity | Hosts | Rule | Key | Finding | Which hosts |', '|---|---|---|---|---|---|');
    for (const f of report.findings)
      out.push(
        `| ${f.severity} | ${f.count}/${read} | \`${f.rule}\` | ${f.key ? `\`${f.key}\`` : ''} | ${cell(f.headline)} | ${cell(hostList(f.hosts))} |`,
      );
  }
  out.push('', `### Proposed changes (${report.changes.length} distinct)`, '');
  if (report.changes.length === 0) out.push('None.');
  else {
    out.push('| Key | Value | Hosts | Which hosts |', '|---|---|---|---|');
    for (const c of report.changes)
      out.push(
        `| \`${c.key}\` | ${c.removeLine || c.value === null ? '(remove the line)' : `\`${cell(c.value)}\``} | ${c.count}/${read} | ${cell(hostList(c.hosts))} |`,
      );
  }
  out.push('', `### Hosts grouped by identical advice (${report.advice.length} groups)`, '');
  if (report.advice.length === 0) out.push('None: no host needs a change.');
  for (const group of report.advice) {
    out.push(`- **${group.id}** (${plural(group.count, 'host')}, oldest kernel ${group.oldestKernel}): ${cell(hostList(group.hosts))}`);
    for (const change of group.changes) out.push(`  - \`${change.key} = ${change.removeLine ? '(remove the line)' : change.value}\``);
  }
  out.push('', '### Drift within groups', '');
  if (report.drift.length === 0) out.push('None: every group agrees.');
  for (const group of report.drift) {
    out.push(`- group **${group.group}** (${group.hosts} hosts)`);
    for (const drift of group.drifts) out.push(`  - ${cell(driftLine(drift))}`);
  }
  out.push('', `### Not readable (${report.unreadable.length})`, '');
  if (report.unreadable.length === 0) out.push('None.');
  for (const host of report.unreadable) out.push(`- \`${host.host}\`: ${cell(host.reason)}`);
  return `${out.join('\n')}\n`;
}
