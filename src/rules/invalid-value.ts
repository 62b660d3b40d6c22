/**
 * A configured value the kernel's write handler rejects (EINVAL): the write fails, the old value
 * stays, and procps and systemd-sysctl exit 1 (docs/kernel/sysctl-values.md#handlers; docs/kernel/config-files-and-precedence.md#errors-and-exit-codes). Parsing is
 * the kernel's own (src/params/values.ts), so "3 # x" is accepted and "08" is not.
 */
import { configuredValue } from '../engine/key-values.js';
import type { ConfigAssignment, Facts } from '../facts/types.js';
import { fillMessage } from '../engine/messages.js';
import { parsedOnHost } from '../engine/parsed-value.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { atLeast } from '../kernel/version.js';
import { defaultFor, existsOn, integerBounds } from '../params/defaults.js';
import { isGlobKey, keyToProcPath, withoutIgnoreDash } from '../params/keys.js';
import { findParam } from '../params/lookup.js';
import { parseParamValue, type ValueContext } from '../params/values.js';

const UNPRIVILEGED = 'net.ipv4.ip_unprivileged_port_start';
/** What the kernel keeps after the failed write; fills {kept}. */
const KEPT = {
  live: 'live {live}',
  default: 'the kernel default {default} after boot',
  unknown: 'whatever an earlier line or the kernel default set',
} as const;
const PORT_RANGE = 'net.ipv4.ip_local_port_range';

export const invalidValue: Rule = {
  meta: {
    id: 'invalid-value',
    severity: 'error',
    severities: { allowed: ['error'], why: 'the kernel rejects the value (EINVAL)' },
    description: 'A configured value the kernel rejects with EINVAL: the old value stays and sysctl exits 1.',
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/sysctl-values.md#handlers',
      'docs/kernel/config-files-and-precedence.md#errors-and-exit-codes',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/kernel/sysctl.c?h=v6.12.118',
      'docs/kernel/evidence/range_tests_6.18.txt',
    ],
    messages: {
      rejected:
        '{key} = {value} is rejected by the kernel (EINVAL): write a value it accepts\n{key} = {value}: the kernel rejects it with EINVAL ({problem}). The write fails and the kernel keeps the value it had ({kept}); procps prints \'sysctl: setting key "{key}": Invalid argument\' and exits 1 (also with a leading "-" or -e), and systemd-sysctl prints "Couldn\'t write \'{value}\' to \'{path}\': Invalid argument" and exits 1 unless the line starts with "-" (docs/kernel/config-files-and-precedence.md#errors-and-exit-codes). Write a value the kernel accepts{accepts}.',
    },
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    for (const assignment of facts.assignments) {
      const key = withoutIgnoreDash(assignment.key);
      if (isGlobKey(key)) continue;
      const spec = findParam(key);
      // Unknown or absent keys are unknown-key's; read-only keys fail with EACCES, not EINVAL.
      if (!spec || spec.readOnly || !existsOn(spec, facts.kernel)) continue;
      const problem = problemOf(facts, assignment, key);
      if (problem === undefined) continue;
      const state = facts.keys.get(key);
      const defaultValue = defaultFor(spec, facts.kernel, facts.host).value;
      const kept =
        state?.live !== undefined
          ? fillMessage(KEPT.live, { live: state.live })
          : defaultValue !== undefined
            ? fillMessage(KEPT.default, { default: defaultValue })
            : KEPT.unknown;
      reports.push({
        messageId: 'rejected',
        data: {
          key,
          value: assignment.value.trim(),
          problem,
          kept,
          path: keyToProcPath(key),
          accepts: problem.includes('..') ? '' : acceptsText(integerBounds(spec, facts.host)),
        },
        key,
        location: { file: assignment.file, line: assignment.line, column: assignment.valueColumn },
        evidence: { configured: assignment.value.trim(), problem },
      });
    }
    return reports;
  },
};

function acceptsText(accepts: { readonly min: number; readonly max: number } | undefined): string {
  return accepts ? ` (${accepts.min}..${accepts.max})` : '';
}

function problemOf(facts: Facts, assignment: ConfigAssignment, key: string): string | undefined {
  const spec = findParam(key)!;
  const context = valueContext(facts, assignment);
  // Only the port range's check depends on the lines before it; every other value parses the same everywhere.
  const parsed = context === facts.host ? parsedOnHost(facts, spec, assignment.value) : parseParamValue(spec, assignment.value, context);
  if (!parsed.ok) return parsed.problem;
  // ipv4_privileged_ports also refuses a start above the low end of the port range in force.
  if (key === UNPRIVILEGED && parsed.shape === 'integer') {
    const low = portRangeLowBefore(facts, assignment);
    if (low !== undefined && parsed.value > low) return `${parsed.value} is above the low end of ip_local_port_range (${low})`;
  }
  return undefined;
}

/**
 * The ip_unprivileged_port_start in force when this line is written: an earlier line that sets
 * it, else the live value, else the default (1024; no such check before 4.11).
 */
function valueContext(facts: Facts, assignment: ConfigAssignment): ValueContext {
  const base: ValueContext = facts.host;
  if (assignment.key !== PORT_RANGE) return base;
  if (!atLeast(facts.kernel, '4.11')) return { ...base, unprivilegedPortStart: 1 };
  const earlier = lastBefore(facts, assignment, UNPRIVILEGED);
  const text = earlier ? configuredValue(UNPRIVILEGED, earlier.value) : (facts.keys.get(UNPRIVILEGED)?.live ?? '1024');
  const n = Number(text.split(' ')[0]);
  return Number.isInteger(n) ? { ...base, unprivilegedPortStart: n } : base;
}

function portRangeLowBefore(facts: Facts, assignment: ConfigAssignment): number | undefined {
  const earlier = lastBefore(facts, assignment, PORT_RANGE);
  const text = earlier
    ? configuredValue(PORT_RANGE, earlier.value)
    : (facts.keys.get(PORT_RANGE)?.live ?? defaultFor(findParam(PORT_RANGE)!, facts.kernel).value);
  const n = Number(text?.split(' ')[0]);
  return Number.isInteger(n) ? n : undefined;
}

interface ApplicationOrder {
  readonly position: ReadonlyMap<ConfigAssignment, number>;
  readonly byKey: ReadonlyMap<string, readonly { readonly at: number; readonly assignment: ConfigAssignment }[]>;
}

/**
 * Built once per run: scanning all earlier lines for every port-range line was quadratic on big
 * reviews. Only the two keys whose checks depend on each other are indexed.
 */
const ORDER = new WeakMap<Facts, ApplicationOrder>();

function applicationOrder(facts: Facts): ApplicationOrder {
  let order = ORDER.get(facts);
  if (!order) {
    const position = new Map<ConfigAssignment, number>();
    const byKey = new Map<string, { at: number; assignment: ConfigAssignment }[]>();
    facts.assignments.forEach((assignment, at) => {
      const key = withoutIgnoreDash(assignment.key);
      if (key !== PORT_RANGE && key !== UNPRIVILEGED) return;
      position.set(assignment, at);
      const list = byKey.get(assignment.key) ?? [];
      list.push({ at, assignment });
      byKey.set(assignment.key, list);
    });
    order = { position, byKey };
    ORDER.set(facts, order);
  }
  return order;
}

/** The last assignment of `key` applied before `assignment` (facts.assignments is in application order). */
function lastBefore(facts: Facts, assignment: ConfigAssignment, key: string): ConfigAssignment | undefined {
  const order = applicationOrder(facts);
  const before = order.position.get(assignment) ?? Infinity;
  const list = order.byKey.get(key) ?? [];
  let low = 0;
  let high = list.length; // binary search for the first entry at or after `before`
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]!.at < before) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? list[low - 1]!.assignment : undefined;
}
