import type { AdviseReport } from '../reports/advise.js';

/** The documented JSON shape (schemas/advise.schema.json). */
export function adviseJson(report: AdviseReport): string {
  const { kernel, kernelSource, profile, context, counters, findings, changes, skipped, chain, target, diff } = report;
  return `${JSON.stringify({ kernel, kernelSource, profile, context, counters, target, findings, changes, skipped, chain, diff }, null, 2)}\n`;
}
