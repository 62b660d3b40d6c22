/**
 * One rule for the per-key expectations of src/rules/key-expectation-table.ts: a harmful direction (a value
 * below a floor), a name mainline Linux does not have, a placeholder, a unit the comment gets wrong, a
 * counterpart written later that cancels the line. Each row carries its reason, severity and source;
 * this module only applies them to the line in force for the key.
 */
import type { Rule, RuleReport } from '../engine/types.js';
import type { ConfigAssignment, Facts } from '../facts/types.js';
import { KEY_EXPECTATIONS, type KeyExpectation } from './key-expectation-table.js';

/** The text after a value the author meant as a comment (sysctl.conf has none; the kernel gets it). */
const INLINE_COMMENT = /\s[#;](.*)$/;

function fill(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

/** Where an assignment comes in the order the files are applied (later wins). */
function order(facts: Facts, assignment: ConfigAssignment): number {
  return facts.assignments.indexOf(assignment);
}

/** Why the row applies to this line, or undefined when the line meets the expectation. */
function violation(row: KeyExpectation, line: ConfigAssignment, facts: Facts): Record<string, string | number> | undefined {
  const written = line.value.trim();
  const value = written.replace(INLINE_COMMENT, '').trim();
  const expect = row.expect;
  switch (expect.kind) {
    case 'below':
    case 'above': {
      const field = value.split(/\s+/)[expect.field ?? 0];
      const number = field === undefined || field === '' ? NaN : Number(field);
      if (!Number.isFinite(number)) return undefined;
      const wrong = expect.kind === 'below' ? number < expect.min : number >= expect.max;
      return wrong ? { value, pages: number } : undefined;
    }
    case 'one-of':
      return value !== '' && !expect.values.includes(value) ? { value } : undefined;
    case 'none-of':
      return expect.values.includes(value.toLowerCase()) ? { value } : undefined;
    case 'unit': {
      const comment = [...line.commentAbove, INLINE_COMMENT.exec(written)?.[1] ?? ''].join(' ');
      return expect.wrong.test(comment) ? { value } : undefined;
    }
    case 'with': {
      const companion = facts.keys.get(expect.companion)?.configured;
      const companionValue = companion?.value.replace(INLINE_COMMENT, '').trim();
      return value === expect.value && companionValue === expect.companionValue
        ? { value, companion: `${expect.companion} = ${companionValue} (line ${companion!.line})` }
        : undefined;
    }
    case 'counterpart': {
      const other = facts.keys.get(expect.counterpart)?.configured;
      return other && order(facts, other) > order(facts, line)
        ? { value, counterpart: `${expect.counterpart} = ${other.value.trim()} (line ${other.line})` }
        : undefined;
    }
  }
}

export const keyExpectation: Rule = {
  meta: {
    id: 'key-expectation',
    severity: 'warning',
    severities: {
      allowed: ['warning', 'error'],
      why: 'per row: error when the write is rejected (an unknown congestion control), else a harmful direction',
    },
    description:
      'A key holds a value its row in the expectations table calls harmful: below a safe floor, not a mainline name, a placeholder, a unit its comment gets wrong, or cancelled by its counterpart.',
    // The table's keys are mostly outside the TCP catalogue (vm., fs., kernel.): the rows name them.
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/retransmission-timing.md#tcp_retries2',
      'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/vm.html',
      'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/kernel.html',
      'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/fs.html',
      'https://www.kernel.org/doc/html/v6.18/networking/ip-sysctl.html',
    ],
    messages: {
      expectation: '{headline}\n{why} Source: {source}.',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    for (const row of KEY_EXPECTATIONS) {
      const line = facts.keys.get(row.key)?.configured;
      if (!line) continue;
      const found = violation(row, line, facts);
      if (!found) continue;
      const data = { key: row.key, ...found };
      yield {
        messageId: 'expectation',
        severity: row.severity,
        data: { headline: fill(row.headline, data), why: row.why, source: row.source },
        key: row.key,
        location: { file: line.file, line: line.line, column: line.valueColumn },
        evidence: { expectation: row.id, configured: String(found.value) },
      };
    }
  },
};
