/** A fleet report for people: shared findings and changes with their hosts, advice groups, drift, unreadable hosts. */
import type { Drift, FleetReport } from '../analysis/fleet-report.js';
import type { Paint } from './colour.js';

/** Host lists longer than this are cut, with the number left out (JSON has them all). */
const HOSTS_SHOWN = 8;

export function hostList(hosts: readonly string[]): string {
  const shown = hosts.slice(0, HOSTS_SHOWN).join(', ');
  return hosts.length > HOSTS_SHOWN ? `${shown} and ${hosts.length - HOSTS_SHOWN} more` : shown;
}

export function driftLine(drift: Drift): string {
  const what = drift.aspect === 'kernel' ? 'kernel' : `${drift.key} (${drift.aspect === 'now' ? 'now' : 'at boot'})`;
  const shown = (value: string | null) => value ?? 'not set';
  const others = drift.drifting.slice(0, HOSTS_SHOWN).map((d) => `${d.host}=${shown(d.value)}`);
  const more = drift.drifting.length > HOSTS_SHOWN ? ` and ${drift.drifting.length - HOSTS_SHOWN} more` : '';
  return `${what}: ${plural(drift.usualCount, 'host')} ha${drift.usualCount === 1 ? 's' : 've'} ${shown(drift.usual)}; ${others.join(', ')}${more}`;
}

/** Headlines are one line; one that runs long (an older message) is cut here, and JSON keeps it whole. */
const HEADLINE_WIDTH = 160;
const cut = (text: string) => (text.length > HEADLINE_WIDTH ? `${text.slice(0, HEADLINE_WIDTH - 1)}…` : text);

export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function fleetText(report: FleetReport, paint: Paint): string {
  const read = report.hosts.length;
  const out: string[] = [
    paint.bold(
      `sysctl-advisor fleet: ${report.bundles} bundles, ${read} read, ${report.unreadable.length} not readable (profile ${report.profile})`,
    ),
    '',
  ];
  const severityPaint = { error: paint.red, warning: paint.yellow, info: paint.cyan } as const;
  out.push(paint.bold(`Findings (${report.findings.length} distinct)`));
  if (report.findings.length === 0) out.push('  none');
  for (const finding of report.findings) {
    out.push(
      `  ${severityPaint[finding.severity](finding.severity.padEnd(7))} ${finding.count}/${read} hosts  ${finding.rule}${finding.key ? ` ${finding.key}` : ''}`,
    );
    out.push(`          ${cut(finding.headline)}`, paint.dim(`          hosts: ${hostList(finding.hosts)}`));
  }
  out.push('', paint.bold(`Proposed changes (${report.changes.length} distinct)`));
  if (report.changes.length === 0) out.push('  none');
  for (const change of report.changes) {
    const runtime = change.runtimeOnly > 0 ? ` (${change.runtimeOnly} only in the running kernel)` : '';
    out.push(`  ${change.key} = ${change.removeLine ? '(remove the line)' : change.value}  on ${change.count}/${read} hosts${runtime}`);
    out.push(paint.dim(`          hosts: ${hostList(change.hosts)}`));
  }
  out.push('', paint.bold(`Hosts grouped by identical advice (${report.advice.length} groups)`));
  if (report.advice.length === 0) out.push('  none: no host needs a change');
  for (const group of report.advice) {
    out.push(`  ${group.id}: ${plural(group.count, 'host')} (oldest kernel ${group.oldestKernel}): ${hostList(group.hosts)}`);
    for (const change of group.changes) out.push(`      ${change.key} = ${change.removeLine ? '(remove the line)' : change.value}`);
  }
  const unchanged = report.hosts.filter((host) => host.advice === null).length;
  if (report.advice.length > 0) out.push(`  ${plural(unchanged, 'host')} need${unchanged === 1 ? 's' : ''} no change`);
  out.push('', paint.bold('Drift within groups (kernel, values now and at boot)'));
  if (report.drift.length === 0) out.push('  none: every group agrees');
  for (const group of report.drift) {
    out.push(`  group ${group.group} (${group.hosts} hosts):`);
    for (const drift of group.drifts) out.push(`      ${driftLine(drift)}`);
  }
  out.push('', paint.bold(`Not readable (${report.unreadable.length})`));
  if (report.unreadable.length === 0) out.push('  none');
  for (const host of report.unreadable) out.push(`  ${host.host}: ${host.reason}`);
  return `${out.join('\n')}\n`;
}
