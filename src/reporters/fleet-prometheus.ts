/**
 * A fleet report as node_exporter textfile metrics (the Prometheus text exposition format, no
 * timestamps): per host, whether its bundle was read, its findings by severity and by rule, its
 * proposed changes, and the value in force of each catalogue key. One file for the fleet, so
 * every family is declared once; node_exporter's textfile collector reads DIR/*.prom.
 */
import type { FleetReport } from '../analysis/fleet-report.js';

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
    .join(',')}}`;

export interface HostValues {
  readonly host: string;
  /** Catalogue key → value in force. */
  readonly now: Readonly<Record<string, string>>;
}

export function fleetPrometheus(report: FleetReport, values: readonly HostValues[]): string {
  const out: string[] = [];
  const family = (name: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
  family('sysctl_advisor_host_readable', 'Whether sysctl-advisor fleet could read the host bundle (1) or not (0).');
  for (const host of report.hosts) out.push(`sysctl_advisor_host_readable${labels({ host: host.host })} 1`);
  for (const host of report.unreadable) out.push(`sysctl_advisor_host_readable${labels({ host: host.host })} 0`);
  family('sysctl_advisor_findings', 'Findings on the host, by severity.');
  for (const host of report.hosts)
    for (const severity of ['error', 'warning', 'info'] as const)
      out.push(`sysctl_advisor_findings${labels({ host: host.host, severity })} ${host.findings[severity]}`);
  family('sysctl_advisor_finding', 'A finding on the host (1), by rule and key.');
  const findingSeries = new Set<string>();
  for (const finding of report.findings)
    for (const host of finding.hosts) {
      const series = labels({ host, rule: finding.rule, key: finding.key ?? '', severity: finding.severity });
      // Two findings of one rule on one key (different headlines) are one series.
      if (findingSeries.has(series)) continue;
      findingSeries.add(series);
      out.push(`sysctl_advisor_finding${series} 1`);
    }
  family('sysctl_advisor_proposed_changes', 'Settings sysctl-advisor proposes to change on the host.');
  for (const host of report.hosts) out.push(`sysctl_advisor_proposed_changes${labels({ host: host.host })} ${host.changes}`);
  family('sysctl_advisor_collected_timestamp_seconds', 'When the host bundle was collected (Unix time).');
  for (const host of report.hosts) {
    const at = host.collectedAt === null ? NaN : Date.parse(host.collectedAt);
    if (Number.isFinite(at)) out.push(`sysctl_advisor_collected_timestamp_seconds${labels({ host: host.host })} ${at / 1000}`);
  }
  family(
    'sysctl_advisor_sysctl_value',
    'The value in force of a sysctl on the host; field counts the numbers of a multi-value key from 0.',
  );
  for (const { host, now } of values)
    for (const key of Object.keys(now).sort()) {
      const fields = now[key]!.split(/\s+/);
      fields.forEach((field, index) => {
        if (/^-?\d+(\.\d+)?$/.test(field)) out.push(`sysctl_advisor_sysctl_value${labels({ host, key, field: String(index) })} ${field}`);
      });
    }
  return `${out.join('\n')}\n`;
}
