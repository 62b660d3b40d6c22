import type { FleetReport } from '../analysis/fleet-report.js';
import { packageVersion } from '../util/package-info.js';

/** The documented JSON shape (schemas/fleet.schema.json). */
export function fleetJson(report: FleetReport): string {
  return `${JSON.stringify({ tool: 'sysctl-advisor', version: packageVersion(), ...report }, null, 2)}\n`;
}
