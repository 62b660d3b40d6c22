/**
 * Which rules a review runs, and the metadata of every rule id it can report.
 *
 * A review sees config files only: no /proc/sys, no socket table, no counters. A rule runs when
 * one of its input groups is config alone; the others cannot say anything about a file, so they
 * are listed as skipped (in JSON only: they are not problems with the files).
 */
import type { Rule, RuleInput, Skipped } from '../engine/types.js';
import { BUILTIN_CHECKS } from '../engine/builtin-checks.js';
import { RULES } from '../rules/index.js';
import { DOCS_URL } from '../util/package-info.js';
import { oncePerKey } from './per-key.js';
import { PROFILE_POLICY, type RuleDescriptor } from '../reports/review.js';

/**
 * What a review has: config files, application configs named with them (nginx, Apache httpd,
 * HAProxy, Envoy), and the context flags (--idle-timeout, --lb, --nat) that no file records.
 */
const REVIEW_INPUTS: ReadonlySet<RuleInput> = new Set(['config', 'apps', 'idle-timeout']);

export function runsOnConfigAlone(rule: Rule): boolean {
  return rule.meta.needs.length === 0 || rule.meta.needs.some((group) => group.every((input) => REVIEW_INPUTS.has(input)));
}

/** Rules whose reports depend on an assignment's key alone: run once per distinct key (src/review/per-key.ts). */
const PER_KEY_RULES = new Set(['unknown-key']);

export const REVIEW_RULES: readonly Rule[] = RULES.filter(runsOnConfigAlone).map((rule) =>
  PER_KEY_RULES.has(rule.meta.id) ? oncePerKey(rule) : rule,
);

const INPUT_WORDS: Record<RuleInput, string> = {
  config: 'config files',
  live: 'live values from /proc/sys',
  sockets: 'the socket table',
  counters: 'kernel counters',
  'idle-timeout': 'a middlebox idle timeout',
  apps: 'application configs',
};

/** The rules a review cannot run, each with what it would need. */
export function hostOnlyRules(): Skipped[] {
  return RULES.filter((rule) => !runsOnConfigAlone(rule)).map((rule) => ({
    rule: rule.meta.id,
    reason: `needs ${rule.meta.needs.map((group) => group.map((input) => INPUT_WORDS[input]).join(' + ')).join(' or ')} from a host; review reads config files only`,
  }));
}

/** The built-in checks review can report, besides the rules. */
const REVIEW_CHECKS = Object.values(BUILTIN_CHECKS).filter((check) => check.emittedBy === 'review');

/** Metadata for every id a review can report: the config rules (in id order), then review's own checks. */
export function ruleDescriptors(): RuleDescriptor[] {
  const fromRules = REVIEW_RULES.map((rule) => ({
    id: rule.meta.id,
    messages: rule.meta.messages,
    description: rule.meta.description,
    fullDescription: rule.meta.description,
    defaultSeverity: rule.meta.severity,
    page: `docs/rules/${rule.meta.id}.md`,
    references: rule.meta.references,
    helpUri: `${DOCS_URL}/rules/${rule.meta.id}.md`,
  }));
  const own = REVIEW_CHECKS.map((check) => ({
    id: check.meta.id,
    messages: check.meta.messages,
    description: check.meta.description,
    fullDescription: check.fullDescription,
    defaultSeverity: check.meta.severity,
    page: `docs/rules/${check.meta.id}.md`,
    references: check.meta.references,
    helpUri: `${DOCS_URL}/rules/${check.meta.id}.md`,
  }));
  return [...fromRules, ...own];
}

/** Ids a waiver may name: rules that can fire in a review, and the profile policy. */
export function waivableRuleIds(): Set<string> {
  return new Set([...REVIEW_RULES.map((rule) => rule.meta.id), PROFILE_POLICY]);
}
