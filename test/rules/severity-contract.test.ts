/**
 * The severity contract (docs/review.md#severity): every registered rule and built-in check states
 * it in its meta (`severities`), its default severity and every severity its source can set are
 * in that row, and the key-expectation table's rows stay within it. (ruleTester checks each finding
 * of every rule test; the corpus test checks each finding review makes on real files.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Severity } from '../../src/engine/types.js';
import { KEY_EXPECTATIONS } from '../../src/rules/key-expectation-table.js';
import { RULES } from '../../src/rules/index.js';
import { ALL_CHECKS } from '../../src/rules/registry.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { SEVERITY_CONTRACT, severityBreach } from '../helpers/severity-contract.js';

test('severity contract: one row per registered rule and built-in check, each with a reason', () => {
  assert.deepEqual(Object.keys(SEVERITY_CONTRACT).sort(), ALL_CHECKS.map((meta) => meta.id).sort());
  for (const [id, row] of Object.entries(SEVERITY_CONTRACT)) {
    assert.ok(row.severities.length > 0, id);
    assert.ok(row.why.length > 20, `${id}: a one-line justification`);
  }
});

for (const rule of RULES) {
  test(`severity contract: ${rule.meta.id} can only emit the severities of its row`, () => {
    assert.equal(severityBreach(rule.meta.id, rule.meta.severity), undefined, 'default severity');
    // Every severity the source names (an override on a report, a computed one) is in the row.
    const source = readFileSync(join(REPO_ROOT, 'src', 'rules', `${rule.meta.id}.ts`), 'utf8');
    const named = new Set([...source.matchAll(/'(error|warning|info)'/g)].map((m) => m[1] as Severity));
    for (const severity of named)
      assert.equal(severityBreach(rule.meta.id, severity), undefined, `'${severity}' in src/rules/${rule.meta.id}.ts`);
  });
}

test('severity contract: key-expectation rows stay within its row', () => {
  for (const row of KEY_EXPECTATIONS) assert.equal(severityBreach('key-expectation', row.severity), undefined, row.id);
});

test('severity contract: a severity outside the row is a breach', () => {
  assert.match(severityBreach('shadowed-assignment', 'warning') ?? '', /shadowed-assignment emitted warning; its row allows info/);
  assert.match(severityBreach('no-such-rule', 'info') ?? '', /no severity contract/);
});
