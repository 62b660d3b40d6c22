/**
 * ESLint's RuleTester, for sysctl rules: a table of inputs that must stay quiet and inputs that
 * must produce given findings and changes. Runs the real engine with only the rule under test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Change, Finding, Rule } from '../../src/engine/types.js';
import { runEngine } from '../../src/engine/run.js';
import type { Context } from '../../src/profiles/context.js';
import type { Profile } from '../../src/profiles/types.js';
import { makeFacts, type FactsSpec } from './facts.js';
import { assertFindingsAgreeWithPlan } from './plan-agreement.js';
import { severityBreach } from './severity-contract.js';

const EMPTY_PROFILE: Profile = {
  name: 'test',
  summary: 'test',
  file: 'test.yaml',
  chain: ['test'],
  targets: new Map(),
  context: {},
  rules: {},
};

export interface Case {
  readonly name: string;
  readonly facts: FactsSpec;
  readonly context?: Partial<Context>;
  /** Profile targets (key → value) for rules that must respect what the profile already plans. */
  readonly profileTargets?: Readonly<Record<string, string>>;
  /** Profile chain, for rules whose severity depends on the workload (e.g. ['conservative', 'web-server']). */
  readonly profileChain?: readonly string[];
}

/**
 * An expected finding, as ESLint's RuleTester has it: the rule id is implied; `messageId` is
 * compared exactly, and `data` field by field (the fields given); `message`, when given, is a regex
 * over the prose (assertProse: one prose check per message is enough); every other field given is compared.
 */
export type ExpectedFinding = Partial<Omit<Finding, 'message' | 'rule' | 'data' | 'messageId'>> & {
  readonly messageId: string;
  readonly message?: RegExp;
  readonly data?: Readonly<Record<string, string | number>>;
};

/** A finding's whole text on one line: its headline, then its detail. */
export function wholeText(finding: Pick<Finding, 'message' | 'detail'>): string {
  return finding.detail === undefined ? finding.message : `${finding.message} ${finding.detail.replace(/\n/g, ' ')}`;
}

/**
 * A prose check: the regex matches the whole text, the message as its template writes it (headline,
 * newline, detail), or the detail or the headline alone (an anchored regex written for the detail,
 * the sentence that says the numbers, starts there).
 */
export function assertProse(finding: Pick<Finding, 'message' | 'detail'>, pattern: RegExp, note?: string): void {
  const asWritten = finding.detail === undefined ? finding.message : `${finding.message}\n${finding.detail}`;
  const texts = [wholeText(finding), asWritten, finding.detail ?? '', finding.message];
  assert.ok(
    texts.some((text) => pattern.test(text)),
    `${note ? `${note}: ` : ''}${pattern} matches neither the headline nor the detail:\n${finding.message}\n${finding.detail ?? ''}`,
  );
}

export interface InvalidCase extends Case {
  readonly findings: readonly ExpectedFinding[];
  /** Expected changes (key, to, and optionally from/file/line); exactly these and no others. */
  readonly changes?: readonly Partial<Change>[];
}

function run(rule: Rule, testCase: Case) {
  const context: Context = { clientsBehindNat: true, natGateway: false, idleTimeout: null, ...testCase.context };
  const targets = new Map(
    Object.entries(testCase.profileTargets ?? {}).map(([key, value]) => [
      key,
      { key, value, why: 'test target', source: 'test', definedIn: { file: 'test.yaml' } },
    ]),
  );
  const profile: Profile = { ...EMPTY_PROFILE, targets, ...(testCase.profileChain ? { chain: testCase.profileChain } : {}) };
  return runEngine({ facts: makeFacts(testCase.facts), profile, context, rules: [rule] });
}

export function ruleTester(
  rule: Rule,
  cases: { valid: readonly Case[]; invalid: readonly InvalidCase[]; skipped?: readonly (Case & { reason: RegExp })[] },
): void {
  for (const testCase of cases.valid) {
    test(`${rule.meta.id} stays quiet: ${testCase.name}`, () => {
      const result = run(rule, testCase);
      assert.deepEqual(result.skipped, [], 'the rule ran');
      assert.deepEqual(
        result.findings.map((f) => f.message),
        [],
      );
      assert.deepEqual(result.changes, []);
    });
  }
  for (const testCase of cases.invalid) {
    test(`${rule.meta.id} reports: ${testCase.name}`, () => {
      const result = run(rule, testCase);
      assert.deepEqual(result.skipped, [], 'the rule ran');
      assert.equal(result.findings.length, testCase.findings.length, `findings: ${JSON.stringify(result.findings, null, 1)}`);
      // The severity contract (docs/review.md#severity) holds for every finding any rule test produces.
      for (const finding of result.findings) assert.equal(severityBreach(finding.rule, finding.severity), undefined);
      testCase.findings.forEach((expected, i) => {
        const actual = result.findings[i]!;
        assert.equal(actual.rule, rule.meta.id);
        assert.ok(actual.messageId in rule.meta.messages, `finding ${i}: ${actual.messageId} is one of the rule's messages`);
        assert.doesNotMatch(actual.message, /\n/, `finding ${i}: the headline is one line`);
        if (expected.message) assertProse(actual, expected.message);
        if (expected.data) {
          for (const [name, value] of Object.entries(expected.data))
            assert.deepEqual(actual.data?.[name], value, `finding ${i} data.${name}: ${JSON.stringify(actual.data)}`);
        }
        for (const [field, value] of Object.entries(expected)) {
          if (field !== 'message' && field !== 'data')
            assert.deepEqual((actual as unknown as Record<string, unknown>)[field], value, `finding ${i} ${field}`);
        }
      });
      assertFindingsAgreeWithPlan(testCase.name, result);
      const expectedChanges = testCase.changes ?? [];
      assert.equal(result.changes.length, expectedChanges.length, `changes: ${JSON.stringify(result.changes)}`);
      expectedChanges.forEach((expected, i) => {
        for (const [field, value] of Object.entries(expected)) {
          assert.deepEqual((result.changes[i] as unknown as Record<string, unknown>)[field], value, `change ${i} ${field}`);
        }
      });
    });
  }
  for (const testCase of cases.skipped ?? []) {
    test(`${rule.meta.id} is skipped: ${testCase.name}`, () => {
      const result = run(rule, testCase);
      assert.equal(result.skipped.length, 1);
      assert.match(result.skipped[0]!.reason, testCase.reason);
    });
  }
}
