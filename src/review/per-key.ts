/**
 * Running a per-assignment rule once per distinct key instead of once per line.
 *
 * unknown-key looks each unknown name up against ~1,000 known names by edit distance, a few
 * milliseconds per line, which a directory of files repeating one typo would pay on every line.
 * Its reports depend on the key alone (and
 * the target kernel), never on the line, so review asks it about one line per key and copies
 * each report to the other lines with that key, at their own positions.
 * test/review/per-key.test.ts checks that the result equals a plain run, so a change to the
 * rule that breaks this assumption fails there.
 */
import type { ConfigAssignment } from '../facts/types.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { withoutIgnoreDash } from '../params/keys.js';

/** The key as the rule reads it (a leading "-", ignore-failure, may still be attached). */
const keyOf = (assignment: ConfigAssignment): string => withoutIgnoreDash(assignment.key);

export function oncePerKey(rule: Rule): Rule {
  return {
    meta: rule.meta,
    *check(context): Generator<RuleReport> {
      const byKey = new Map<string, ConfigAssignment[]>();
      for (const assignment of context.facts.assignments) {
        const same = byKey.get(keyOf(assignment));
        if (same) same.push(assignment);
        else byKey.set(keyOf(assignment), [assignment]);
      }
      const representatives = [...byKey.values()].map((same) => same[0]!);
      const reports = rule.check({ ...context, facts: { ...context.facts, assignments: representatives } });
      for (const report of reports) {
        const location = report.location;
        const representative = location ? representatives.find((a) => a.file === location.file && a.line === location.line) : undefined;
        if (!location || !representative) {
          yield report;
          continue;
        }
        for (const assignment of byKey.get(keyOf(representative))!) {
          // The same place on the other line, measured from the key (lines may be indented differently).
          const column = location.column === undefined ? undefined : location.column - representative.keyColumn + assignment.keyColumn;
          yield { ...report, location: { file: assignment.file, line: assignment.line, ...(column !== undefined ? { column } : {}) } };
        }
      }
    },
  };
}
