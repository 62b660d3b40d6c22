/**
 * A key set more than once across the applied files. procps writes every occurrence in order
 * (the last write wins); systemd-sysctl keeps only the last one (docs/kernel/config-files-and-precedence.md#line-syntax "Duplicate keys",
 * docs/kernel/config-files-and-precedence.md#directory-order-and-masking order). The earlier lines are dead text that misleads readers.
 */
import { configuredValue } from '../engine/key-values.js';
import type { Rule, RuleReport } from '../engine/types.js';

export const shadowedAssignment: Rule = {
  meta: {
    id: 'shadowed-assignment',
    severity: 'info',
    severities: { allowed: ['info'], why: 'an earlier line a later one replaces: dead text, harmless' },
    description: 'A key is set more than once across the applied files; only the last assignment sticks.',
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/config-files-and-precedence.md#line-syntax',
      'docs/kernel/config-files-and-precedence.md#directory-order-and-masking',
      'docs/kernel/evidence/precedence_test.txt',
    ],
    messages: {
      overridden:
        '{key} = {value} is overridden by a later line ({winnerValue}): remove this line or change that one\n{key} = {value} here is overridden by {key} = {winnerValue} at {winnerFile}:{winnerLine}, which is applied later: procps "sysctl --system" writes every occurrence in order (the key holds {value} until the later line), systemd-sysctl applies only the last one (docs/kernel/config-files-and-precedence.md#line-syntax). Remove this line, or change the later one if {value} is what you want.',
      redundant:
        '{key} = {value} is repeated later with the same value: this line has no effect; remove one\n{key} = {value} here is repeated at {winnerFile}:{winnerLine} with the same value, which is applied later: this line has no effect (procps writes both, systemd-sysctl only the last; docs/kernel/config-files-and-precedence.md#line-syntax). Remove one of them.',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    for (const state of facts.keys.values()) {
      const winner = state.configured;
      if (!winner || state.shadowed.length === 0) continue;
      const winnerValue = configuredValue(state.key, winner.value);
      // A big review shadows thousands of lines per key, which repeat a few values and share one
      // winner: parse each value as written once, and build the winner's evidence once.
      const configured = new Map<string, string>();
      const evidence = { overriddenBy: `${winner.file}:${winner.line}`, value: winner.value.trim() };
      for (const earlier of state.shadowed) {
        let value = configured.get(earlier.value);
        if (value === undefined) configured.set(earlier.value, (value = configuredValue(state.key, earlier.value)));
        yield {
          messageId: value === winnerValue ? 'redundant' : 'overridden',
          data: {
            key: state.key,
            value,
            file: earlier.file,
            line: earlier.line,
            winnerValue,
            winnerFile: winner.file,
            winnerLine: winner.line,
          },
          key: state.key,
          location: { file: earlier.file, line: earlier.line, column: earlier.keyColumn },
          evidence,
        };
      }
    }
  },
};
