/**
 * Every id the tool can emit: the rules (src/rules/index.ts) and the built-in checks
 * (src/engine/builtin-checks.ts), each with meta, messages by id and a page under docs/rules/.
 */
import type { RuleMeta } from '../engine/types.js';
import { compareText } from '../util/compare-text.js';
import { BUILTIN_CHECKS } from '../engine/builtin-checks.js';
import { RULES } from './index.js';

export const ALL_CHECKS: readonly RuleMeta[] = [
  ...RULES.map((rule) => rule.meta),
  ...Object.values(BUILTIN_CHECKS).map((check) => check.meta),
].sort((a, b) => compareText(a.id, b.id));

const BY_ID = new Map(ALL_CHECKS.map((meta) => [meta.id, meta]));

/** The meta of any id the tool can emit; undefined for an id no rule or built-in check has. */
export function metaOf(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}
