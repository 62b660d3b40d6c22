/**
 * The severity contract (docs/review.md#severity), rule by rule: error = the line fails to apply, is
 * rejected, or does harm; warning = it changes behaviour for the worse, or does not do what its
 * comment claims; info = true but harmless. Each rule may emit only the severities of its row, for
 * the reason given. ruleTester checks every finding of every rule test against it,
 * test/rules/severity-contract.test.ts checks the registry and the rules' sources, and the corpus
 * test checks every finding review makes on real files.
 */
import type { Severity } from '../../src/engine/types.js';
import { ALL_CHECKS } from '../../src/rules/registry.js';

export interface SeverityRow {
  readonly severities: readonly Severity[];
  readonly why: string;
}

/** Each check's row, from its meta (`severities`): the contract lives beside the rule it binds. */
export const SEVERITY_CONTRACT: Readonly<Record<string, SeverityRow>> = Object.fromEntries(
  ALL_CHECKS.map((meta) => [meta.id, { severities: meta.severities.allowed, why: meta.severities.why }]),
);

/** Why a finding breaks the contract, or undefined when it keeps it. */
export function severityBreach(rule: string, severity: Severity): string | undefined {
  const row = SEVERITY_CONTRACT[rule];
  if (!row) return `${rule} has no severity contract (meta.severities)`;
  return row.severities.includes(severity)
    ? undefined
    : `${rule} emitted ${severity}; its row allows ${row.severities.join(', ')} (${row.why})`;
}
