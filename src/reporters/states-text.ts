/**
 * `states --format text`: what `netstat -n | awk '/^tcp/ {++state[$NF]} END {...}'` prints,
 * made readable — a per-state table with IPv4/IPv6 columns and shares, then the destinations
 * whose TIME_WAIT sockets hold ephemeral ports, then accept queues that are (nearly) full.
 */
import { formatEndpoint } from '../sockets/address.js';
import { TCP_STATES } from '../sockets/states.js';
import type { Listener } from '../snapshot/types.js';
import { NEARLY_FULL, share, type StatesReport } from '../reports/states.js';

function percent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

function table(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

function describeSource(report: StatesReport): string {
  const files = report.sockets.sources.map((s) => (s.status === 'missing' ? `${s.file} (missing)` : s.file)).join(', ');
  const kernel = report.kernelRelease ? `; kernel ${report.kernelRelease}` : '';
  return report.source.kind === 'dump' ? `${report.source.file} (${report.source.format} output)` : `${files}${kernel}`;
}

export function renderStatesText(report: StatesReport): string {
  const { sockets } = report;
  const out: string[] = [`TCP sockets by state — ${describeSource(report)}`, ''];
  const total = sockets.total.total;
  const rows: string[][] = [['State', 'IPv4', 'IPv6', 'Total', 'Share']];
  for (const name of TCP_STATES) {
    const counts = sockets.byState[name];
    rows.push([name, String(counts.ipv4), String(counts.ipv6), String(counts.total), percent(share(counts.total, total))]);
  }
  rows.push(['all', String(sockets.total.ipv4), String(sockets.total.ipv6), String(total), total > 0 ? '100.0%' : '0.0%']);
  out.push(...table(rows, [false, true, true, true, true]));
  out.push('');
  out.push(...minisockLines(report));
  out.push('', ...timeWaitLines(report), '', ...listenerLines(report));
  if (!sockets.grouping.exact) {
    out.push(
      '',
      `Note: more remote endpoints than the grouping table holds; per-endpoint counts may be up to ${sockets.grouping.maxUndercount} low (state counts are exact).`,
    );
  }
  if (sockets.skippedRows > 0) out.push('', `Note: ${sockets.skippedRows} rows in states outside the eleven (ss UNKNOWN) were skipped.`);
  return `${out.join('\n')}\n`;
}

function minisockLines(report: StatesReport): string[] {
  const { sockets, sockstat, maxTwBuckets } = report;
  if (sockets.timewaitMinisocks === null) {
    return [
      'TIME_WAIT + orphaned FIN_WAIT2 minisocks: unknown (this input cannot tell an orphaned FIN_WAIT2 from a full socket; ss -o / netstat -o can)',
    ];
  }
  const parts = [`TIME_WAIT + orphaned FIN_WAIT2 minisocks: ${sockets.timewaitMinisocks} (${sockets.orphanedFinWait2} orphaned FIN_WAIT2)`];
  if (sockstat) parts.push(`sockstat tw ${sockstat.tcp.tw}`);
  if (maxTwBuckets !== null)
    parts.push(`tcp_max_tw_buckets ${maxTwBuckets} (${percent(share(sockets.timewaitMinisocks, maxTwBuckets))} used)`);
  const lines = [parts.join('; ')];
  if (sockstat)
    lines.push(
      `sockstat: inuse ${sockstat.tcp.inuse} (IPv6 ${sockstat.tcp6Inuse ?? 'n/a'}), orphan ${sockstat.tcp.orphan}, alloc ${sockstat.tcp.alloc}, mem ${sockstat.tcp.mem} pages`,
    );
  return lines;
}

function timeWaitLines(report: StatesReport): string[] {
  const { sockets } = report;
  const range = sockets.portRange;
  const rangeText = `${range.usable} usable ephemeral ports = ${range.low}-${range.high}${range.reservedInside ? ` minus ${range.reservedInside} reserved` : ''}${range.source === 'kernel-default' ? ', kernel default' : report.source.kind === 'dump' ? `, this host's ip_local_port_range (${range.provenance?.file ?? 'proc/sys'}; the dump does not say its own)` : ''}`;
  const timeWait = sockets.byRemote.TIME_WAIT ?? [];
  // Server-side TIME_WAIT (the server closed first) sits on a listening port: its remote ports
  // are the clients', so the local port is what groups it. A client's ephemeral ports show up
  // once each and say nothing, so only ports shared by several sockets are listed.
  const byPort = (sockets.byLocalPort.TIME_WAIT ?? []).filter((p) => p.count > 1);
  const localLine = byPort.length > 0 ? [`TIME_WAIT by local port: ${byPort.map((p) => `${p.port} (${p.count})`).join(', ')}`] : [];
  if (timeWait.length === 0) return [`Remote endpoints of outbound sockets in TIME_WAIT: none (${rangeText})`, ...localLine];
  const held = new Map(sockets.destinations.map((d) => [`${d.family} ${d.address} ${d.port}`, d.sockets]));
  // The share is of every socket towards the destination (each holds a port), as advise counts it.
  const rows: string[][] = [['Remote endpoint', 'TIME_WAIT', 'All states', 'Share of ports']];
  for (const endpoint of timeWait) {
    const all = held.get(`${endpoint.family} ${endpoint.address} ${endpoint.port}`);
    rows.push([
      formatEndpoint(endpoint.family, endpoint.address, endpoint.port),
      String(endpoint.count),
      all === undefined ? '' : String(all),
      percent(share(all ?? endpoint.count, range.usable), 2),
    ]);
  }
  return [
    `Top remote endpoints in TIME_WAIT, outbound sockets (${rangeText} per source address):`,
    ...table(rows, [false, true, true, true]).map((l) => `  ${l}`),
    ...localLine,
  ];
}

function listenerLines(report: StatesReport): string[] {
  const { sockets } = report;
  const listeners = sockets.listeners;
  if (sockets.listenerCount === 0) return ['Listeners: none'];
  const known = listeners.filter((l) => l.fill !== null);
  const full = known.filter((l) => l.fill! >= NEARLY_FULL);
  const lines: string[] = [];
  if (known.length > 0) {
    if (full.length === 0)
      lines.push(`Accept queues: no listener at ${percent(NEARLY_FULL, 0)} of its backlog or more (${sockets.listenerCount} listeners)`);
    else {
      lines.push(
        `Listeners with a full or nearly full accept queue (≥ ${percent(NEARLY_FULL, 0)} of backlog; ${sockets.listenerCount} listeners):`,
      );
      // The process column only when ss -p named one (root sees every process).
      const processes = full.some((l) => l.process !== undefined);
      const rows = [
        ['Listener', 'Queue', 'Backlog', '', ...(processes ? ['Process'] : [])],
        ...full.map((l) => [
          where(l),
          String(l.queue),
          String(l.backlog),
          l.queue > l.backlog! ? 'FULL' : 'nearly full',
          ...(processes ? [l.process ?? ''] : []),
        ]),
      ];
      lines.push(...table(rows, [false, true, true, false, false]).map((l) => `  ${l}`));
    }
  }
  const unknown = listeners.filter((l) => l.fill === null && l.queue > 0);
  if (known.length === 0) {
    lines.push(
      `Accept queues: backlogs are not in this input (/proc/net/tcp and netstat do not show them; ss -ltn does${report.source.kind === 'root' ? ', and it was not available here' : ''}) — ${sockets.listenerCount} listeners${unknown.length ? ', queued connections waiting:' : ', none with connections waiting'}`,
    );
    if (unknown.length)
      lines.push(...table([['Listener', 'Queue'], ...unknown.map((l) => [where(l), String(l.queue)])], [false, true]).map((l) => `  ${l}`));
  }
  return lines;
}

function where(listener: Listener): string {
  const address = listener.interface ? `${listener.address}%${listener.interface}` : listener.address;
  return formatEndpoint(listener.family, address, listener.port);
}
