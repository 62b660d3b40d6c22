/**
 * TuneD's `>` (only raise) and `<` (only lower) compare int(new) with int(current). When either
 * is not one integer (a vector key such as ip_local_port_range or tcp_rmem, or a non-numeric
 * value), TuneD logs "cannot compare new value" and writes the value with the operator still in
 * front, which the kernel rejects (tuned tuned/plugins/base.py _process_assignment_modifiers) (tuned/plugins/base.py _process_assignment_modifiers).
 */
import type { Rule, RuleReport } from '../engine/types.js';
import { findParam } from '../params/lookup.js';

const INTEGER = /^[+-]?\d+$/;
/** Keys whose value is more than one number (the kernel prints them with blanks). */
const VECTOR =
  /^(?:net\.ipv4\.(?:ip_local_port_range|tcp_[rw]mem|tcp_mem|udp_mem|ping_group_range)|kernel\.(?:sem|printk)|fs\.(?:inode-state|file-nr))$/;

export const tunedModifier: Rule = {
  meta: {
    id: 'tuned-modifier',
    severity: 'error',
    severities: { allowed: ['error'], why: 'TuneD rejects or misapplies the modifier' },
    description:
      'A TuneD ">"/"<" modifier on a value that is not one integer: TuneD cannot compare it and writes the operator into the kernel, which rejects it.',
    keys: [],
    needs: [['config']],
    references: [
      'https://github.com/redhat-performance/tuned/blob/master/tuned/plugins/base.py (_process_assignment_modifiers)',
      'https://man7.org/linux/man-pages/man5/tuned.conf.5.html',
    ],
    messages: {
      notInteger:
        '{key}: TuneD writes "{modifier}{value}" as it is and the kernel rejects it; remove the "{modifier}"\n{key} = {modifier}{value}: "{modifier}" makes TuneD compare the value with the current one as integers, but {why}; TuneD logs "cannot compare new value \'{value}\' with current value ... using \'{modifier}{value}\' directly" and writes "{modifier}{value}", which the kernel rejects (EINVAL). Remove the "{modifier}" and write the value itself.',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    for (const assignment of facts.assignments) {
      const via = assignment.via;
      if (via?.tool !== 'tuned' || via.modifier === null) continue;
      const value = assignment.value.trim();
      const spec = findParam(assignment.key);
      const vector = VECTOR.test(assignment.key) || spec?.shape === 'port-range' || spec?.shape === 'port-list';
      if (INTEGER.test(value) && !vector) continue;
      const why = !INTEGER.test(value) ? `"${value}" is not one integer` : `the current value of ${assignment.key} is more than one number`;
      yield {
        messageId: 'notInteger',
        data: { key: assignment.key, modifier: via.modifier, value, why },
        key: assignment.key,
        location: { file: assignment.file, line: assignment.line, column: assignment.valueColumn },
        evidence: { modifier: via.modifier },
      };
    }
  },
};
