/**
 * `states --format json`: a stable, documented shape (schemas/states.schema.json; tests
 * validate every output against it). Arrays keep a fixed order — states in kernel code order,
 * top lists largest first — so two runs on the same sockets give the same bytes.
 */
import { formatEndpoint } from '../sockets/address.js';
import type { TcpStateName } from '../snapshot/types.js';
import { TCP_STATES } from '../sockets/states.js';
import { NEARLY_FULL, share, type StatesReport } from '../reports/states.js';

/** The $id of schemas/states.schema.json, shipped in the package: a relative id, resolved against where the schema file is read from. */
export const STATES_SCHEMA_ID = 'states.schema.json';
export const STATES_JSON_VERSION = 1;

export function statesJson(report: StatesReport): Record<string, unknown> {
  const { sockets } = report;
  const total = sockets.total.total;
  const perState = <T>(groups: Partial<Record<TcpStateName, readonly T[]>>, map: (item: T) => unknown) => {
    const result: Record<string, unknown[]> = {};
    for (const name of TCP_STATES) if (groups[name]) result[name] = groups[name].map(map);
    return result;
  };
  return {
    $schema: STATES_SCHEMA_ID,
    version: STATES_JSON_VERSION,
    source:
      report.source.kind === 'root'
        ? { kind: 'root', root: report.source.root, files: sockets.sources }
        : { kind: 'dump', file: report.source.file, format: report.source.format, files: sockets.sources },
    kernelRelease: report.kernelRelease,
    total: sockets.total,
    states: TCP_STATES.map((state) => ({ state, ...sockets.byState[state], share: share(sockets.byState[state].total, total) })),
    timewaitMinisocks: sockets.timewaitMinisocks,
    orphanedFinWait2: sockets.orphanedFinWait2,
    maxTwBuckets: report.maxTwBuckets,
    skippedRows: sockets.skippedRows,
    portRange: {
      low: sockets.portRange.low,
      high: sockets.portRange.high,
      reservedInside: sockets.portRange.reservedInside,
      usable: sockets.portRange.usable,
      source: sockets.portRange.source,
    },
    destinations: sockets.destinations.map((d) => ({
      endpoint: formatEndpoint(d.family, d.address, d.port),
      family: d.family,
      address: d.address,
      port: d.port,
      sockets: d.sockets,
      byState: d.byState,
      shareOfUsablePorts: d.shareOfUsablePorts,
    })),
    byRemote: perState(sockets.byRemote, (e) => ({
      endpoint: formatEndpoint(e.family, e.address, e.port),
      family: e.family,
      address: e.address,
      port: e.port,
      count: e.count,
    })),
    byLocalPort: perState(sockets.byLocalPort, (p) => ({ port: p.port, count: p.count })),
    listeners: sockets.listeners.map((l) => ({
      family: l.family,
      address: l.address,
      interface: l.interface ?? null,
      port: l.port,
      queue: l.queue,
      backlog: l.backlog,
      fill: l.fill,
      nearlyFull: l.fill === null ? null : l.fill >= NEARLY_FULL,
      ...(l.process ? { process: l.process } : {}),
    })),
    listenerCount: sockets.listenerCount,
    listenerSource: sockets.listenerSource,
    topN: sockets.topN,
    grouping: sockets.grouping,
    sockstat: report.sockstat,
  };
}

export function renderStatesJson(report: StatesReport): string {
  return `${JSON.stringify(statesJson(report), null, 2)}\n`;
}
