/**
 * Findings and changes tell one story: a finding that proposes a value names the value the plan
 * carries for its key, at boot and now (null, "no line", means the kernel default).
 */
import assert from 'node:assert/strict';
import type { Result } from '../../src/engine/types.js';

export function assertFindingsAgreeWithPlan(name: string, result: Pick<Result, 'findings' | 'changes'>): void {
  const byKey = new Map(result.changes.map((change) => [change.key, change]));
  for (const finding of result.findings) {
    if (!finding.change) continue;
    const change = byKey.get(finding.change.key);
    assert.ok(change, `${name}: ${finding.rule} proposes ${finding.change.key} = ${finding.change.to}, but the plan has no change for it`);
    const wanted = finding.change.to ?? change.kernelDefault;
    assert.equal(
      change.to ?? change.kernelDefault,
      wanted,
      `${name}: ${finding.rule} proposes ${finding.change.key} = ${wanted}, the plan gives ${change.to} at boot`,
    );
    if (change.runtime)
      assert.equal(
        change.runtime.to,
        wanted,
        `${name}: ${finding.rule} proposes ${finding.change.key} = ${wanted}, the plan sets ${change.runtime.to} now`,
      );
  }
}
