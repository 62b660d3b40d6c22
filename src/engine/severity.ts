/** How severe a finding is, in one order shared by every command: sorting, --fail-on and exit codes. */
import type { Severity } from './types.js';

/** --fail-on: the lowest severity that makes a command exit 1; `none` never does. */
export type FailOn = Severity | 'none';

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const FAIL_RANK: Record<FailOn, number> = { error: 3, warning: 2, info: 1, none: Infinity };

/** Most severe first, for sorting: negative when `a` is more severe than `b`. */
export function bySeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

/** Whether any finding is at or above --fail-on. */
export function isFailing(findings: readonly { readonly severity: Severity }[], failOn: FailOn): boolean {
  return findings.some((finding) => RANK[finding.severity] >= FAIL_RANK[failOn]);
}
