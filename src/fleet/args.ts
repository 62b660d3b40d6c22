/** What fleet takes from its command line (src/commands/fleet.ts declares the flags). */
import type { FleetFormat } from '../analysis/fleet-report.js';
import type { FailOn } from '../engine/severity.js';
import type { ContextFlags } from '../profiles/context.js';
import type { EmitFlags } from '../reporters/emit.js';

export interface FleetArgs extends ContextFlags, EmitFlags {
  readonly bundles: string;
  readonly profile: string;
  readonly format: FleetFormat;
  readonly failOn: FailOn;
}
