/**
 * A configured value as the kernel's write handler would parse it on this host, parsed once per
 * key and value for a run of the rules. Several rules parse every assignment (invalid-value,
 * inline-comment), and a directory of config files repeats the same lines many times
 * (bench/review.ts: 30,000 assignments, ten distinct ones). The result is shared: read it only.
 */
import type { ParamSpec } from '../params/types.js';
import { parseParamValue, type ParsedValue } from '../params/values.js';
import type { Facts } from './facts.js';

const PARSED = new WeakMap<Facts, Map<string, ParsedValue>>();

/** parseParamValue(spec, value, facts.host), remembered for these facts. */
export function parsedOnHost(facts: Facts, spec: ParamSpec, value: string): ParsedValue {
  let parsed = PARSED.get(facts);
  if (!parsed) PARSED.set(facts, (parsed = new Map()));
  const id = `${spec.key}\n${value}`;
  let result = parsed.get(id);
  if (!result) parsed.set(id, (result = parseParamValue(spec, value, facts.host)));
  return result;
}
