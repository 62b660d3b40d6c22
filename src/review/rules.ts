/**
 * Which rules a review runs, and the metadata of every rule id it can report.
 *
 * A review sees config files only: no /proc/sys, no socket table, no counters. A rule runs when
 * one of its input groups is config alone; the others cannot say anything about a file, so they
 * are listed as skipped (in JSON only: they are not problems with the files).
 */
import type { Rule, RuleInput, Severity, Skipped } from '../engine/types.js';
import { RULES } from '../rules/index.js';
import { DOCS_URL } from '../util/package-info.js';
import { oncePerKey } from './per-key.js';
import { NOT_CHECKED, NOT_SYSCTL, PROFILE_POLICY, WAIVER, type RuleDescriptor } from '../reports/review.js';

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

/** The rule ids review adds, described like the engine's rules. */
const REVIEW_OWN: readonly { id: string; severity: Severity; description: string; full: string; anchor: string }[] = [
  {
    id: PROFILE_POLICY,
    severity: 'warning',
    description: 'A value deviates from the --profile policy, or a key the profile sets is set by no line.',
    full: "With --profile, each target of the profile is a policy: the line that sets the key (the one that wins under sysctl.d precedence) must hold the target value, or move only in the allowed direction (only: raise|lower). A key the profile sets and no reviewed line sets is reported at the file level. The message carries the profile's rationale and source; the profile's rules section can change the severity.",
    anchor: 'profile-policy',
  },
  {
    id: WAIVER,
    severity: 'warning',
    description: 'A waiver comment without a reason, naming an unknown rule id, or silencing nothing.',
    full: 'sysctl.conf has no inline comments, so a waiver is a comment directly above the line it silences: "# sysctl-advisor: ignore RULE-ID -- reason". A waiver must give a reason, name real rule ids, and silence a finding; otherwise it is reported so stale waivers do not pile up.',
    anchor: 'waivers',
  },
  {
    id: NOT_SYSCTL,
    severity: 'info',
    description:
      'A file review did not check: it sets no sysctl in a format review reads (or, under --root, it is not a sysctl file at all).',
    full: "detectFormat found no format review reads in the file, or the format's reader found no sysctl in it (a manifest without securityContext.sysctls, a script without sysctl commands). The file is reported once, as a note. Under --root the file lies in a sysctl.d directory, where procps and systemd-sysctl apply it line by line, so there it is a warning to keep it out.",
    anchor: 'not-sysctl',
  },
  {
    id: NOT_CHECKED,
    severity: 'info',
    description:
      'A sysctl setting review found but cannot evaluate without running something (a template expression, a shell variable, a loop over a variable defined elsewhere).',
    full: 'The embedded-format readers never guess a value: a Jinja or Helm expression, a shell expansion, a loop over an inventory variable or a TuneD function is reported here with where it is and why, so a reviewer knows it was not checked.',
    anchor: 'not-checked',
  },
];

/** Metadata for every id a review can report: the config rules (in id order), then review's own. */
export function ruleDescriptors(): RuleDescriptor[] {
  const fromRules = REVIEW_RULES.map((rule) => ({
    id: rule.meta.id,
    description: rule.meta.description,
    fullDescription: rule.meta.description,
    defaultSeverity: rule.meta.severity,
    page: `docs/rules/${rule.meta.id}.md`,
    references: rule.meta.references,
    helpUri: `${DOCS_URL}/rules/${rule.meta.id}.md`,
  }));
  const own = REVIEW_OWN.map((rule) => ({
    id: rule.id,
    description: rule.description,
    fullDescription: rule.full,
    defaultSeverity: rule.severity,
    page: `docs/review.md#${rule.anchor}`,
    references: [],
    helpUri: `${DOCS_URL}/review.md#${rule.anchor}`,
  }));
  return [...fromRules, ...own];
}

/** Ids a waiver may name: rules that can fire in a review, and the profile policy. */
export function waivableRuleIds(): Set<string> {
  return new Set([...REVIEW_RULES.map((rule) => rule.meta.id), PROFILE_POLICY]);
}
