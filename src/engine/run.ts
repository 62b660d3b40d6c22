/**
 * The engine: run every applicable rule against the facts, merge their proposals with the
 * profile's targets, and return findings, changes and skipped rules. Pure: no I/O.
 */
import { harmOf } from '../safety/harmful.js';
import { atLeast, formatKernel } from '../kernel/version.js';
import { defaultEntryFor } from '../params/defaults.js';
import { findParam } from '../params/lookup.js';
import type { Context } from '../profiles/context.js';
import type { Profile } from '../profiles/types.js';
import type { ConfigAssignment, Facts } from '../facts/types.js';
import { configuredValue, defaultValue, firstNumber, normaliseValue, persistedValue, valueInForce } from './key-values.js';
import { renderMessage } from './messages.js';
import { bySeverity } from './severity.js';
import { builtinMessage } from './builtin-checks.js';
import type { Change, Finding, ProposedChange, Result, Rule, RuleContext, RuleInput, RuleReport, Severity, Skipped } from './types.js';
import { compareText } from '../util/compare-text.js';

export interface EngineOptions {
  readonly facts: Facts;
  readonly profile: Profile;
  readonly context: Context;
  readonly rules: readonly Rule[];
  /** The assignment a file applied after the target file makes for `key`, if any (it would override the change). */
  readonly laterOverride?: (key: string) => ConfigAssignment | undefined;
  /**
   * "position": the caller orders findings by file and line itself (review), so they are left in
   * the order the rules made them rather than sorted twice (bench/review.ts).
   * Default "severity": errors first, then by rule, file and line.
   */
  readonly order?: 'severity' | 'position';
}

const PRIORITY_ORDER = { safety: 0, evidence: 1, profile: 2 } as const;

interface Proposal extends Omit<ProposedChange, 'priority'> {
  readonly priority: keyof typeof PRIORITY_ORDER;
  readonly source: string;
}

export function runEngine(options: EngineOptions): Result {
  const { facts, profile, context } = options;
  const ruleContext: RuleContext = {
    facts,
    profile,
    context,
    text: (key) => valueInForce(facts, key),
    number: (key) => firstNumber(valueInForce(facts, key)),
    defaultOf: (key) => defaultValue(facts, key),
    planned: (key) => profile.targets.get(key)?.value ?? valueInForce(facts, key),
  };
  const findings: Finding[] = [];
  const skipped: Skipped[] = [];
  const proposals: Proposal[] = [];
  for (const rule of [...options.rules].sort((a, b) => compareText(a.meta.id, b.meta.id))) {
    const reason = skipReason(rule, facts, context, profile);
    if (reason) {
      skipped.push({ rule: rule.meta.id, reason });
      continue;
    }
    const override = profile.rules[rule.meta.id];
    for (const report of rule.check(ruleContext)) {
      const severity = override && override !== 'off' ? override : (report.severity ?? rule.meta.severity);
      const template = rule.meta.messages[report.messageId];
      if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message "${report.messageId}"`);
      findings.push(findingOf(rule.meta.id, severity, report, template));
      if (report.change) proposals.push({ ...report.change, source: rule.meta.id });
    }
  }
  proposals.push(...profileProposals(facts, profile, findings));
  const changes = mergeProposals(proposals, facts, options.laterOverride);
  if (options.order !== 'position') {
    findings.sort(
      (a, b) =>
        bySeverity(a.severity, b.severity) ||
        compareText(a.rule, b.rule) ||
        compareText(a.file ?? '', b.file ?? '') ||
        (a.line ?? 0) - (b.line ?? 0),
    );
  }
  return {
    kernel: formatKernel(facts.kernel),
    kernelSource: facts.kernelSource,
    profile: profile.name,
    context,
    findings,
    changes,
    skipped,
  };
}

/**
 * One report as a finding, its fields in the order JSON shows them. One literal with every field,
 * those a report lacks left undefined (JSON leaves them out), so every finding has one shape and
 * none is built from spreads: a big review makes a finding per line (bench/review.ts).
 */
function findingOf(rule: string, severity: Severity, report: RuleReport, template: string): Finding {
  const location = report.location;
  const { message, detail } = renderMessage(template, report.data);
  return {
    rule,
    messageId: report.messageId,
    severity,
    key: report.key || undefined,
    message,
    detail,
    data: report.data,
    evidence: report.evidence || undefined,
    file: location?.file,
    line: location?.line,
    column: location?.column || undefined,
    caveats: report.caveats?.length ? report.caveats : undefined,
    change: report.change ? { key: report.change.key, to: report.change.to } : undefined,
  };
}

const INPUT_NAMES: Record<RuleInput, string> = {
  config: 'no config files were read',
  live: 'no live values (/proc/sys) were read',
  sockets: 'no socket table',
  counters: 'no kernel counters (/proc/net/netstat)',
  'idle-timeout': 'no middlebox idle timeout given (--idle-timeout, --lb, --nat)',
  apps: 'no application config (nginx, Apache httpd, HAProxy, Envoy) was read',
};

function skipReason(rule: Rule, facts: Facts, context: Context, profile: Profile): string | undefined {
  if (profile.rules[rule.meta.id] === 'off') return `turned off by profile ${profile.name}`;
  const { from, until } = rule.meta.kernels ?? {};
  if ((from && !atLeast(facts.kernel, from)) || (until && atLeast(facts.kernel, until))) {
    return `applies to kernels ${from ? `${from}+` : ''}${from && until ? ', ' : ''}${until ? `before ${until}` : ''}; target is ${formatKernel(facts.kernel)}`;
  }
  const available = (input: RuleInput): boolean => {
    switch (input) {
      case 'config':
        return facts.configRead;
      case 'live':
        return facts.liveRead;
      case 'sockets':
        return facts.sockets !== undefined;
      case 'counters':
        return facts.counters !== undefined;
      case 'idle-timeout':
        return context.idleTimeout !== null || context.lb !== undefined || context.nat !== undefined;
      case 'apps':
        return facts.apps !== undefined;
    }
  };
  if (rule.meta.needs.length === 0 || rule.meta.needs.some((group) => group.every(available))) return undefined;
  // Name what is missing from the groups closest to being satisfied, not every input of every group.
  const missingPerGroup = rule.meta.needs.map((group) => group.filter((input) => !available(input)));
  const fewest = Math.min(...missingPerGroup.map((missing) => missing.length));
  const missing = [...new Set(missingPerGroup.filter((m) => m.length === fewest).flat())];
  return `cannot check: ${missing.map((input) => INPUT_NAMES[input]).join('; ')}`;
}

/** A profile target becomes a proposal when the persisted value differs, in the allowed direction, and is not harmful. */
function profileProposals(facts: Facts, profile: Profile, findings: Finding[]): Proposal[] {
  const proposals: Proposal[] = [];
  for (const target of profile.targets.values()) {
    const spec = findParam(target.key);
    if (!spec) continue;
    const state = facts.keys.get(target.key);
    // A key this host or kernel does not have is not proposed; say so rather than drop it silently.
    const absentLive = facts.liveRead && state?.live === undefined && !spec.requires;
    if (absentLive || !keyExistsOnTarget(facts, target.key)) {
      const data = { profile: profile.name, key: target.key, value: target.value, kernel: formatKernel(facts.kernel) };
      const messageId = absentLive ? (spec.scope === 'global' ? 'absentHostWide' : 'absentOnHost') : 'absentOnKernel';
      findings.push({ rule: 'profile', severity: 'info', key: target.key, ...builtinMessage('profile', messageId, data) });
      continue;
    }
    const current = persistedValue(facts, target.key);
    const live = state?.live;
    // Already the value at boot and now; a profile value the running kernel lacks is still proposed (runtime part).
    if (current !== undefined && normaliseValue(current) === target.value && (live === undefined || normaliseValue(live) === target.value))
      continue;
    const currentNumber = firstNumber(valueInForce(facts, target.key));
    const wanted = firstNumber(target.value);
    if (target.only && currentNumber !== undefined && wanted !== undefined) {
      if (target.only === 'raise' ? currentNumber >= wanted : currentNumber <= wanted) continue;
    }
    const harm = harmOf(target.key, target.value, { kernel: facts.kernel, ...twDefault(facts) });
    if (harm && !target.force) {
      const data = { profile: profile.name, key: target.key, value: target.value, harm: sentence(harm) };
      findings.push({
        rule: 'profile',
        severity: 'warning',
        key: target.key,
        ...builtinMessage('profile', 'refused', data),
        file: target.definedIn.file,
        ...(target.definedIn.line ? { line: target.definedIn.line } : {}),
      });
      continue;
    }
    proposals.push({ key: target.key, to: target.value, why: target.why, priority: 'profile', source: `profile:${profile.name}` });
  }
  return proposals;
}

/** A reason harmOf gives (a clause) as a sentence of its own. */
function sentence(clause: string): string {
  return `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`;
}

function keyExistsOnTarget(facts: Facts, key: string): boolean {
  const spec = findParam(key);
  if (!spec) return false;
  return atLeast(facts.kernel, spec.added) && !(spec.removed && atLeast(facts.kernel, spec.removed));
}

function twDefault(facts: Facts): { twBucketsDefault?: number } {
  const value = firstNumber(defaultValue(facts, 'net.ipv4.tcp_max_tw_buckets'));
  return value === undefined ? {} : { twBucketsDefault: value };
}

function mergeProposals(proposals: readonly Proposal[], facts: Facts, laterOverride: EngineOptions['laterOverride']): Change[] {
  const byKey = new Map<string, Proposal[]>();
  for (const proposal of proposals) {
    // Pushed, not copied: one rule may propose the same change for thousands of lines (tw-recycle in a big review).
    const list = byKey.get(proposal.key);
    if (list) list.push(proposal);
    else byKey.set(proposal.key, [proposal]);
  }
  const changes: Change[] = [];
  for (const [key, candidates] of byKey) {
    const ranked = [...candidates].sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority]);
    const chosen = ranked[0]!;
    // Last line of defence: whatever proposed it, a harmful value is never written.
    if (chosen.to !== null && harmOf(key, chosen.to, { kernel: facts.kernel, ...twDefault(facts) })) continue;
    const plan = planKey(facts, key, chosen.to);
    // Nothing differs, in the files or in the running kernel: proposing it would not be idempotent.
    if (!plan) continue;
    const agreeing = ranked.filter((p) => p.to === chosen.to);
    const configured = facts.keys.get(key)?.configured;
    const override = chosen.to === null || plan.from === plan.to ? undefined : laterOverride?.(key);
    const kernelDefault = defaultValue(facts, key);
    changes.push({
      key,
      from: plan.from,
      to: plan.to,
      runtime: plan.runtime,
      ...(kernelDefault !== undefined ? { kernelDefault } : {}),
      rules: [...new Set(agreeing.map((p) => p.source))],
      // Each reason once: a rule that proposes the same change for 3,000 lines (tw-recycle in a
      // directory of files) gives the same reason 3,000 times.
      why: [...new Set(agreeing.map((p) => p.why))].join(' '),
      ...(configured ? { file: configured.file, line: configured.line } : {}),
      ...(override && normaliseValue(override.value) !== chosen.to
        ? { overriddenBy: { file: override.file, line: override.line, value: normaliseValue(override.value) } }
        : {}),
    });
  }
  return changes.sort((a, b) => compareText(a.key, b.key));
}

/**
 * Both parts of one key's plan for a wanted value (`null`: no line should set the key), or
 * undefined when the files and the running kernel already agree with it.
 *
 * At boot: a value is written to the drop-in when the files do not already give it, and also when
 * no file sets the key but the running kernel holds something else, so the value the operator now
 * relies on is stated where the next reader looks. A removal drops every line that sets the key.
 * Now: the running kernel gets the wanted value, or, for a removal, the value that wins once the
 * lines are gone, the kernel default for this kernel and host.
 */
function planKey(facts: Facts, key: string, wanted: string | null): Pick<Change, 'from' | 'to' | 'runtime'> | undefined {
  const state = facts.keys.get(key);
  const from = state?.configured ? configuredValue(key, state.configured.value) : null;
  const live = state?.live;
  if (wanted === null) {
    const anyLine = facts.assignments.some((a) => a.key === key);
    const runtimeTo = defaultValue(facts, key);
    const runtime =
      live !== undefined && runtimeTo !== undefined && normaliseValue(live) !== runtimeTo ? { from: live, to: runtimeTo } : null;
    if (!anyLine && !runtime) return undefined;
    return { from: anyLine ? (from ?? lastAssignedValue(facts, key)) : null, to: null, runtime };
  }
  const runtime = live !== undefined && normaliseValue(live) !== wanted ? { from: live, to: wanted } : null;
  const filesGive = from ?? defaultValue(facts, key);
  // The default computed from this host's memory comes back at boot by itself; a pinned copy would
  // outlive the memory it was computed for (a resized VM), so only the running kernel changes.
  if (from === null && runtime && filesGive === wanted && hostDependentDefault(facts, key)) return { from, to: null, runtime };
  const filesRight = from !== null ? from === wanted : filesGive === wanted && runtime === null;
  if (filesRight && !runtime) return undefined;
  return { from, to: filesRight ? from : wanted, runtime };
}

function hostDependentDefault(facts: Facts, key: string): boolean {
  const spec = findParam(key);
  return spec !== undefined && defaultEntryFor(spec, facts.kernel)?.value.kind === 'formula';
}

/** A key set only by lines no boot tool applies still has lines to remove; their last value stands for "from". */
function lastAssignedValue(facts: Facts, key: string): string {
  const last = [...facts.assignments].reverse().find((a) => a.key === key)!;
  return configuredValue(key, last.value);
}
