/**
 * `review --profile NAME`: the profile's targets as a policy for config files. The line that
 * wins for a key (under sysctl.d precedence) must hold the target, or have moved only the way
 * the target allows (`only: raise|lower`). A key the profile sets that no reviewed line sets is
 * reported once, at the file level of the file applied last (a line added there would win).
 */
import { harmOf } from '../safety/harmful.js';
import type { Facts } from '../facts/types.js';
import { configuredValue, firstNumber } from '../engine/key-values.js';
import type { Severity } from '../engine/types.js';
import { formatKernel } from '../kernel/version.js';
import { defaultFor, existsOn } from '../params/defaults.js';
import { findParam } from '../params/lookup.js';
import type { Profile, ProfileTarget } from '../profiles/types.js';
import { builtinMessage } from '../engine/builtin-checks.js';
import { assignmentOf, replaceValueFix } from './fixes.js';
import type { SourceFile } from './sources.js';
import { PROFILE_POLICY, type ReviewFinding } from '../reports/review.js';

/** Whether `value` meets the target: equal, or on the allowed side of it. */
function satisfies(target: ProfileTarget, value: string): boolean {
  if (value === target.value) return true;
  const have = firstNumber(value);
  const want = firstNumber(target.value);
  if (!target.only || have === undefined || want === undefined) return false;
  return target.only === 'raise' ? have >= want : have <= want;
}

/** How a value must relate to the target: equal, or at least / at most it when the target moves one way only. */
function relation(target: ProfileTarget): string {
  return target.only === 'raise' ? '>=' : target.only === 'lower' ? '<=' : '=';
}

/** The data every policy message shares. */
function about(profile: Profile, target: ProfileTarget) {
  return {
    profile: profile.name,
    key: target.key,
    relation: relation(target),
    value: target.value,
    why: target.why.trim().replace(/\.$/, ''),
    source: target.source,
  };
}

/** A reason harmOf gives (a clause) as a sentence of its own. */
function sentence(clause: string): string {
  return `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`;
}

/** Policy findings; `severity` is the profile's override for profile-policy, else warning. */
export function policyFindings(
  profile: Profile,
  facts: Facts,
  files: ReadonlyMap<string, SourceFile>,
  lastFile: SourceFile | undefined,
  severity: Severity,
): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  const kernel = formatKernel(facts.kernel);
  for (const target of profile.targets.values()) {
    const spec = findParam(target.key);
    // A key the target kernel does not have cannot be demanded of a file for that kernel.
    if (!spec || !existsOn(spec, facts.kernel)) continue;
    const configured = facts.keys.get(target.key)?.configured;
    const source = configured ? files.get(configured.file) : undefined;
    // What generate refuses (for a host not known, the largest default), review never asks for:
    // at most a note that the profile wants it, never a fix.
    const harm = harmOf(target.key, target.value, { kernel: facts.kernel });
    if (harm) {
      const value = configured && source ? configuredValue(target.key, configured.value) : undefined;
      if ((value !== undefined && satisfies(target, value)) || (value === undefined && !lastFile)) continue;
      const data = {
        profile: profile.name,
        key: target.key,
        value: target.value,
        harm: sentence(harm),
        ...(value !== undefined ? { current: value } : {}),
        ...(target.force ? { force: target.force.trim() } : {}),
      };
      const messageId = target.force
        ? value !== undefined
          ? 'forcedHere'
          : 'forcedUnset'
        : value !== undefined
          ? 'refusedHere'
          : 'refusedUnset';
      findings.push({
        rule: PROFILE_POLICY,
        severity: 'info',
        ...builtinMessage('profile-policy', messageId, data),
        ...(configured && source
          ? { file: source.display, line: configured.line, column: configured.valueColumn, scope: 'line' as const }
          : { file: lastFile!.display, line: 1, column: 1, scope: 'file' as const }),
        key: target.key,
      });
      continue;
    }
    if (configured && source) {
      const value = configuredValue(target.key, configured.value);
      if (satisfies(target, value)) continue;
      const line = assignmentOf(source.parsed.lines, configured.line, target.key);
      findings.push({
        rule: PROFILE_POLICY,
        severity,
        ...builtinMessage('profile-policy', 'deviates', { ...about(profile, target), current: value }),
        file: source.display,
        line: configured.line,
        column: configured.valueColumn,
        scope: 'line',
        key: target.key,
        ...(line ? { fix: replaceValueFix(line, target.value, `Set ${target.key} = ${target.value} (profile ${profile.name})`) } : {}),
      });
      continue;
    }
    if (!lastFile) continue;
    const fallback = defaultFor(spec, facts.kernel, facts.host).value;
    const defaultMeets = fallback !== undefined && satisfies(target, fallback);
    const messageId =
      fallback === undefined
        ? 'unsetDefaultUnknown'
        : defaultMeets
          ? target.pin
            ? 'unsetDefaultMeetsPinned'
            : 'unsetDefaultMeets'
          : 'unsetDefaultDiffers';
    findings.push({
      rule: PROFILE_POLICY,
      // A missing line that changes nothing is a note, unless the profile pins the key.
      severity: defaultMeets && !target.pin ? 'info' : severity,
      ...builtinMessage('profile-policy', messageId, {
        ...about(profile, target),
        kernel,
        ...(fallback !== undefined ? { default: fallback } : {}),
      }),
      file: lastFile.display,
      line: 1,
      column: 1,
      scope: 'file',
      key: target.key,
    });
  }
  return findings;
}
