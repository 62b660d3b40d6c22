/**
 * A configured value as the kernel's write handler would parse it on this host, parsed once per
 * key and value for a run of the rules. Several rules parse every assignment (invalid-value,
 * inline-comment), and a directory of config files repeats the same lines many times
 * (bench/review.ts). The result is shared: read it only.
 */
import type { ParamSpec } from '../params/types.js';
import { parseParamValue, type ParsedValue } from '../params/values.js';
import type { Facts } from '../facts/types.js';

/** By facts, then by parameter, then by value (nested maps: no key string is built per lookup). */
const PARSED = new WeakMap<Facts, Map<ParamSpec, Map<string, ParsedValue>>>();

/** parseParamValue(spec, value, facts.host), remembered for these facts. */
export function parsedOnHost(facts: Facts, spec: ParamSpec, value: string): ParsedValue {
  let bySpec = PARSED.get(facts);
  if (!bySpec) PARSED.set(facts, (bySpec = new Map<ParamSpec, Map<string, ParsedValue>>()));
  let byValue = bySpec.get(spec);
  if (!byValue) bySpec.set(spec, (byValue = new Map<string, ParsedValue>()));
  let result = byValue.get(value);
  if (!result) byValue.set(value, (result = parseParamValue(spec, value, facts.host)));
  return result;
}
