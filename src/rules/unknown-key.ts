/**
 * A config line naming a key the target kernel does not have: procps "sysctl -p" fails on it
 * (exit 1, even with a leading "-"), "sysctl --system" and systemd-sysctl skip it (docs/kernel/config-files-and-precedence.md#errors-and-exit-codes).
 * Catalogue keys are checked against their version range on the target kernel; other keys
 * against the list of every sysctl name of the reference kernel (src/params/known-keys.ts).
 */
import { atLeast, compareKernelVersions, parseKernelVersion, type KernelVersion } from '../kernel/version.js';
import type { Rule, RuleReport, Severity } from '../engine/types.js';
import { existsOn } from '../params/defaults.js';
import { isGlobKey, keyToProcPath, withoutIgnoreDash } from '../params/keys.js';
import { KNOWN_KEYS, KNOWN_KEYS_KERNEL, UNVERIFIABLE_INSIDE, VERIFIABLE_PREFIXES } from '../params/known-keys.js';
import { editDistance, findParam, suggestKeys } from '../params/lookup.js';
import { CATALOGUE } from '../params/catalogue.js';
import { compareText } from '../util/compare-text.js';

/** tw-recycle owns this key (it says more: NAT drops before 4.12). */
const OWNED_ELSEWHERE = new Set(['net.ipv4.tcp_tw_recycle']);
/** Subtrees with a per-interface component at index 3 (net.ipv4.conf.<iface>.rp_filter). */
const PER_INTERFACE = [/^net\.ipv[46]\.(conf|neigh)\./, /^net\.mpls\.conf\./];
const KNOWN = new Set(KNOWN_KEYS);
const LIST_KERNEL = parseKernelVersion(KNOWN_KEYS_KERNEL)!;
/** Candidates for "did you mean": the catalogue plus every known name. */
const CANDIDATES = [...new Set([...CATALOGUE.map((spec) => spec.key), ...KNOWN_KEYS])];

const TOOLS =
  'procps "sysctl -p" prints "cannot stat /proc/sys/{path}: No such file or directory" and exits 1 on this line, even with a leading "-"; "sysctl --system" skips it silently and systemd-sysctl logs "Couldn\'t write ..., ignoring" (exit 0) (docs/kernel/config-files-and-precedence.md#errors-and-exit-codes)';

export const unknownKey: Rule = {
  meta: {
    id: 'unknown-key',
    severity: 'error',
    description: 'A config line names a sysctl the target kernel does not have (typo, removed, or not yet added).',
    keys: [],
    needs: [['config']],
    references: ['docs/kernel/config-files-and-precedence.md#errors-and-exit-codes', 'docs/kernel/config-files-and-precedence.md#line-syntax', 'docs/kernel/README.md#keys'],
    messages: {
      notYetAdded: `{key} does not exist on Linux {kernel} (the target kernel, from {kernelSource}): it was added in {added} (docs/kernel/README.md#keys). ${TOOLS}. Remove the line on hosts running {kernel}, or upgrade the kernel.`,
      removed: `{key} does not exist on Linux {kernel} (the target kernel, from {kernelSource}): it was removed in {removed} (docs/kernel/README.md#keys). ${TOOLS}. Remove the line.`,
      unknown: `{key} is not a sysctl on Linux {kernel} (the target kernel, from {kernelSource}): the parameter catalogue does not know it and Linux {listKernel} has no such name{suggestion}. ${TOOLS}. Fix the name or remove the line.`,
      unknownOnOlderKernel: `{key} is not a sysctl on Linux {listKernel}{suggestion}; the target kernel {kernel} (from {kernelSource}) has it only if it was removed between {kernel} and {listKernel}. Otherwise ${TOOLS}. Fix the name or remove the line.`,
      unknownOnNewerKernel: `{key} is not a sysctl on Linux {listKernel}{suggestion}; the target kernel {kernel} (from {kernelSource}) has it only if it was added after {listKernel}. Otherwise ${TOOLS}. Fix the name or remove the line.`,
      unverifiable:
        '{key} is not a sysctl on the Linux {listKernel} reference kernel{suggestion}, but names under {subtree} depend on {dependsOn}, so it cannot be verified for the target kernel {kernel} (from {kernelSource}). If the name is right, the key exists only where that is built in or loaded; otherwise procps "sysctl -p" fails on this line with "cannot stat" and exit 1 (docs/kernel/config-files-and-precedence.md#errors-and-exit-codes).',
    },
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    const kernel = facts.kernel.text;
    const common = { kernel, kernelSource: facts.kernelSource };
    for (const assignment of facts.assignments) {
      // A leading "-" (ignore failure) may still be attached, depending on the reader.
      const key = withoutIgnoreDash(assignment.key);
      if (isGlobKey(key) || OWNED_ELSEWHERE.has(key)) continue;
      const spec = findParam(key);
      // Most lines name a key that exists: they cost a lookup and nothing more.
      if (spec ? existsOn(spec, facts.kernel) : isKnown(key)) continue;
      const location = { file: assignment.file, line: assignment.line, column: assignment.keyColumn };
      const path = keyToProcPath(key);
      if (spec) {
        const tooOld = !atLeast(facts.kernel, spec.added);
        reports.push({
          messageId: tooOld ? 'notYetAdded' : 'removed',
          data: { ...common, key, path, ...(tooOld ? { added: spec.added } : { removed: spec.removed ?? '' }) },
          key,
          location,
          evidence: tooOld ? { added: spec.added, kernel } : { removed: spec.removed ?? '', kernel },
        });
        continue;
      }
      const suggestions = suggest(key);
      const suggestion = suggestions.length ? ` (did you mean ${suggestions.join(' or ')}?)` : '';
      const unverifiable = unverifiableReason(key);
      if (unverifiable) {
        reports.push({
          messageId: 'unverifiable',
          data: { ...common, key, suggestion, listKernel: KNOWN_KEYS_KERNEL, ...unverifiable },
          key,
          location,
          // Unverifiable, but one or two typing slips from a real name is most likely a typo.
          severity: likelyTypo(key, suggestions) ? 'warning' : 'info',
          ...(suggestions.length ? { evidence: { suggestions: suggestions.join(', ') } } : {}),
        });
        continue;
      }
      const { messageId, severity, caveat } = confidence(facts.kernel, key, suggestions);
      reports.push({
        messageId,
        data: { ...common, key, path, suggestion, listKernel: KNOWN_KEYS_KERNEL },
        key,
        location,
        ...(severity !== 'error' ? { severity } : {}),
        ...(caveat ? { caveats: [caveat] } : {}),
        ...(suggestions.length ? { evidence: { suggestions: suggestions.join(', ') } } : {}),
      });
    }
    return reports;
  },
};

function interfaceFree(key: string): string | undefined {
  if (!PER_INTERFACE.some((re) => re.test(key))) return undefined;
  const parts = key.split('.');
  if (parts.length < 5 || parts[3] === 'all' || parts[3] === 'default') return undefined;
  return [...parts.slice(0, 3), '*', ...parts.slice(4)].join('.');
}

function isKnown(key: string): boolean {
  if (KNOWN.has(key)) return true;
  const pattern = interfaceFree(key);
  return pattern !== undefined && KNOWN.has(pattern);
}

/** Why an unknown key here cannot be ruled out (a module or config option), or undefined when the list is authoritative. */
function unverifiableReason(key: string): { subtree: string; dependsOn: string } | undefined {
  const inside = UNVERIFIABLE_INSIDE.find((entry) => key.startsWith(entry.prefix));
  if (inside) return { subtree: `${inside.prefix}*`, dependsOn: inside.reason };
  if (VERIFIABLE_PREFIXES.some((prefix) => key.startsWith(prefix))) return undefined;
  const subtree = `${key.split('.').slice(0, key.startsWith('net.') ? 2 : 1).join('.')}.*`;
  return { subtree, dependsOn: 'modules or kernel config options (the reference kernel has no modules and lacks some options)' };
}

/** One or two edits from a real name, in a name long enough that this is not a coincidence. */
function likelyTypo(key: string, suggestions: readonly string[]): boolean {
  return key.length - key.lastIndexOf('.') > 8 && suggestions.some((s) => editDistance(key, s, 2) <= 2);
}

/**
 * The list is exact for the reference kernel only. On an older target a name it lacks may have
 * been removed since (a warning) unless it is one typo away from a real key; on a newer target it
 * may have been added since.
 */
function confidence(kernel: KernelVersion, key: string, suggestions: readonly string[]): { messageId: string; severity: Severity; caveat?: string } {
  const order = compareKernelVersions({ ...kernel, patch: 0 }, LIST_KERNEL);
  if (order === 0) return { messageId: 'unknown', severity: 'error' };
  if (order > 0) {
    return {
      messageId: 'unknownOnNewerKernel',
      severity: 'warning',
      caveat: `The name list is from Linux ${KNOWN_KEYS_KERNEL}; ${kernel.text} is newer, so the key may have been added after ${KNOWN_KEYS_KERNEL}.`,
    };
  }
  const typo = likelyTypo(key, suggestions);
  return {
    messageId: typo ? 'unknown' : 'unknownOnOlderKernel',
    severity: typo ? 'error' : 'warning',
    caveat:
      `The name list is from Linux ${KNOWN_KEYS_KERNEL}: a key removed between ${kernel.text} and ${KNOWN_KEYS_KERNEL} is reported here too, ` +
      `and a key added after ${kernel.text} is caught only when the parameter catalogue knows it.`,
  };
}

/** Close real names: catalogue short-name matches first, then known names by edit distance; a dotted interface name written with "." gets its "/" spelling. */
/** Suggestions depend on the key alone; a big review names the same unknown key on many lines. */
const SUGGESTIONS = new Map<string, string[]>();

function suggest(key: string): string[] {
  let cached = SUGGESTIONS.get(key);
  if (!cached) {
    cached = computeSuggestions(key);
    SUGGESTIONS.set(key, cached);
  }
  return cached;
}

function computeSuggestions(key: string): string[] {
  const parent = key.slice(0, key.lastIndexOf('.') + 1);
  const leaf = key.slice(parent.length);
  // The catalogue's short-name match ("syn_retries" inside tcp_syn_retries), under the same parent only.
  const found: { key: string; distance: number }[] = suggestKeys(key, 3)
    .filter((k) => k.startsWith(parent) && !k.slice(parent.length).includes('.') && leaf.length >= 4 && k.slice(parent.length).includes(leaf))
    .map((k) => ({ key: k, distance: 1 }));
  const dotted = slashSpelling(key);
  if (dotted) found.push({ key: dotted, distance: 0 });
  const limit = Math.min(4, Math.max(2, Math.floor(leaf.length / 4)));
  const parts = key.split('.');
  for (const candidate of CANDIDATES) {
    if (Math.abs(candidate.length - key.length) > limit) continue;
    // Compare per-interface patterns with the interface the line names.
    const concrete = candidate.includes('.*.') && parts.length > 4 ? candidate.replace('.*.', `.${parts[3]}.`) : candidate;
    const distance = editDistance(key, concrete, limit);
    if (distance <= limit) found.push({ key: concrete, distance });
  }
  const unique = new Map<string, number>();
  for (const f of found) if (!unique.has(f.key) || unique.get(f.key)! > f.distance) unique.set(f.key, f.distance);
  return [...unique]
    .filter(([k]) => k !== key && isKnownOrCatalogue(k))
    .sort((a, b) => a[1] - b[1] || compareText(a[0], b[0]))
    .slice(0, 3)
    .map(([k]) => k);
}

function isKnownOrCatalogue(key: string): boolean {
  return findParam(key) !== undefined || isKnown(key);
}

/** net.ipv4.conf.eth0.100.rp_filter means the path .../eth0/100/...; the interface eth0.100 is written eth0/100 (docs/kernel/config-files-and-precedence.md#line-syntax). */
function slashSpelling(key: string): string | undefined {
  if (!PER_INTERFACE.some((re) => re.test(key))) return undefined;
  const parts = key.split('.');
  if (parts.length < 6) return undefined;
  const candidate = [...parts.slice(0, 3), parts.slice(3, -1).join('/'), parts.at(-1)!].join('.');
  return isKnown(candidate) ? candidate : undefined;
}
