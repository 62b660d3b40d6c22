/**
 * A config line naming a key the target kernel does not have: procps "sysctl -p" fails on it
 * (exit 1, even with a leading "-"), "sysctl --system" and systemd-sysctl skip it. One verdict
 * per name, from the most specific knowledge first:
 *   1. the parameter catalogue's version range (added in / removed in, with its source);
 *   2. the hand-kept table of removed and never-mainline names (src/params/retired-keys.ts);
 *   3. the key database the kernel lab measured (src/params/key-db.ts): exists, exists only with
 *      a module, not yet added / already removed on the target, changed between two lab kernels;
 *   4. a name in none of them: a typo of a real name (did you mean), not a sysctl of any lab
 *      kernel, or, where the lab cannot vouch (device drivers, kernels outside its range), unknown.
 */
import { atLeast, compareKernelVersions, parseKernelVersion, type KernelVersion } from '../kernel/version.js';
import type { Rule, RuleReport, Severity } from '../engine/types.js';
import { applierOf, messageIdFor, shellFailure, type Applier } from './applier.js';
import { existsOn } from '../params/defaults.js';
import { isGlobKey, keyToProcPath, withoutIgnoreDash } from '../params/keys.js';
import { editDistance, findParam } from '../params/lookup.js';
import { CATALOGUE } from '../params/catalogue.js';
import {
  allKeyNames,
  interfaceWildcard,
  type KeyRecord,
  labKernelList,
  labVouchesFor,
  lookupKey,
  newestLabSeries,
  oldestLabSeries,
  presenceOn,
} from '../params/key-database.js';
import { findRetired, replacementFor } from '../params/retired-keys.js';
import { compareText } from '../util/compare-text.js';

/** tw-recycle owns this key (it says more: NAT drops before 4.12). */
const OWNED_ELSEWHERE = new Set(['net.ipv4.tcp_tw_recycle']);
/** Subtrees with a per-interface component at index 3 (net.ipv4.conf.<iface>.rp_filter). */
const PER_INTERFACE = [/^net\.ipv[46]\.(conf|neigh)\./, /^net\.mpls\.conf\./];
/**
 * Top-level subtrees whose names all come from built-in code or from the modules the lab loads
 * (kernel/net, kernel/fs, drivers/md): a name the lab kernels lack there does not exist on them.
 * Elsewhere (dev.* from device drivers, unknown top levels) the lab cannot vouch.
 */

const TOOLS =
  'procps "sysctl -p" prints "cannot stat /proc/sys/{path}: No such file or directory" and exits 1 on this line, even with a leading "-"; "sysctl --system" skips it silently and systemd-sysctl logs "Couldn\'t write ..., ignoring" (exit 0)';
const TARGET = 'Linux {kernel} (the target kernel, from {kernelSource})';
const IF_MISSING = 'procps "sysctl -p" fails on this line ("cannot stat", exit 1)';
/** The outcome as a headline says it. */
const FAILS = 'sysctl -p fails on it';

/** TOOLS, IF_MISSING and FAILS for a setting that something other than procps applies (rules/applier.ts). */
const OUTCOMES = new Map<Exclude<Applier, 'procps'>, { readonly tools: string; readonly ifMissing: string; readonly fails: string }>([
  [
    'pod',
    {
      fails: 'the pod never starts',
      tools:
        'The pod never starts: the kubelet rejects a sysctl outside its allowlist (SysctlForbidden), and allowlisted, runc cannot write /proc/sys/{path} ("no such file or directory"), so the pod sandbox is not created',
      ifMissing: 'the pod never starts (runc cannot write the key)',
    },
  ],
  [
    'container',
    {
      fails: 'the container fails to start',
      tools: 'The container fails to start: runc cannot write /proc/sys/{path} ("no such file or directory") and aborts the start',
      ifMissing: 'the container fails to start (runc cannot write the key)',
    },
  ],
  [
    'ansible',
    {
      fails: 'the sysctl task fails',
      tools:
        'The sysctl task fails: the module\'s reload ("sysctl -p" on its sysctl_file) cannot stat /proc/sys/{path} and exits 1 (ansible-reload-fails)',
      ifMissing: 'the sysctl task fails (its reload cannot stat the key)',
    },
  ],
  [
    'tuned',
    {
      fails: 'TuneD skips it',
      tools:
        'TuneD skips it: it logs "Failed to read sysctl parameter ..., the parameter does not exist" and applies the rest of the profile, so the line does nothing',
      ifMissing: 'TuneD skips it (it logs that the parameter does not exist)',
    },
  ],
  ['shell', { tools: 'Applied by a shell command: {failure}', ifMissing: 'the command fails: {failure}', fails: 'the command fails' }],
]);

/** Each message that says what procps does, again for every other applier, as `<id><Applier>`. */
function perApplier(messages: Readonly<Record<string, string>>): Record<string, string> {
  const all: Record<string, string> = { ...messages };
  for (const [id, template] of Object.entries(messages)) {
    if (!template.includes(TOOLS) && !template.includes(IF_MISSING) && !template.includes(FAILS)) continue;
    for (const [applier, outcome] of OUTCOMES)
      all[messageIdFor(id, applier)] = template
        .replaceAll(TOOLS, outcome.tools)
        .replaceAll(IF_MISSING, outcome.ifMissing)
        .replaceAll(FAILS, outcome.fails);
  }
  return all;
}

export const unknownKey: Rule = {
  meta: {
    id: 'unknown-key',
    severity: 'error',
    severities: {
      allowed: ['info', 'warning', 'error'],
      why: 'error: the key does not exist, the line fails; warning: a likely typo the lab cannot vouch for; info: exists only with a module or on other kernels',
    },
    description:
      'A config line names a sysctl the target kernel does not have (typo, removed, not yet added, never in mainline), or one that exists only with a module.',
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/key-database.md',
      'docs/kernel/config-files-and-precedence.md#errors-and-exit-codes',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=4396e46187ca',
    ],
    messages: perApplier({
      notYetAdded: `{key} does not exist on Linux {kernel} (added in {added}): ${FAILS}\n{key} does not exist on ${TARGET}: it was added in {added}. ${TOOLS}. Remove the line on hosts running {kernel}, or upgrade the kernel.`,
      removed: `{key} was removed in Linux {removed}: ${FAILS}; remove the line\n{key} does not exist on ${TARGET}: it was removed in {removed}. ${TOOLS}. Remove the line.`,
      addedLater: `{key} does not exist on Linux {kernel}: ${FAILS}\n{key} does not exist on ${TARGET}: the kernel lab found it on Linux {firstSeen} but not on {absentFrom}. ${TOOLS}. Remove the line on hosts running {kernel}, or upgrade the kernel.`,
      removedEarlier: `{key} does not exist on Linux {kernel}: ${FAILS}; remove the line\n{key} does not exist on ${TARGET}: the kernel lab found it on Linux {lastSeen} but not on {absentFrom}, so it was removed in between. ${TOOLS}. Remove the line.`,
      removedMainline: `{key} was removed from Linux in {removedIn}: ${FAILS}; remove the line\n{key} was removed from Linux in {removedIn} ({source}); it was {what}. ${TARGET} does not have it. ${TOOLS}.{instead} Remove the line.`,
      removedLongAgo: `{key} no longer exists in Linux: ${FAILS}; remove the line\n{key} no longer exists: it was {what}, and no kernel since Linux {goneBy} has it ({source}). ${TARGET} does not have it. ${TOOLS}.{instead} Remove the line.`,
      removedBeforeLab: `{key} is gone from Linux since {goneBy}: check the target kernel still has it\n{key} was {what}; no kernel since Linux {goneBy} has it ({source}), and whether ${TARGET} still does cannot be told here. If it does not, ${IF_MISSING}.{instead}`,
      neverMainline: `{key} is not a mainline Linux sysctl: ${FAILS}; remove the line\n{key} is not a sysctl of mainline Linux: it existed only in {origin} ({source}). ${TARGET} does not have it. ${TOOLS}. Remove the line.`,
      typo: `Not a sysctl: did you mean {best}?\n{key} is not a sysctl on ${TARGET} nor on any kernel the lab measured ({labKernels}); it is probably a typo of {best} (did you mean {suggestions}?). ${TOOLS}. Fix the name.`,
      notInAnyKernel: `{key} is not a sysctl on any measured kernel: fix the name or remove the line\n{key} is not a sysctl on any kernel the lab measured (Linux {labKernels}; Debian's builds with every networking, filesystem and md module loaded), so not on ${TARGET} either. ${TOOLS}. Fix the name or remove the line.`,
      needsModule: `This key needs the {module} module loaded at boot: name it in /etc/modules-load.d/\n{key} exists only while the {module} module is loaded (a module on Debian's Linux {moduleKernels} builds). systemd-sysctl applies the sysctl files after systemd-modules-load: if {module} is loaded later (on demand, by a firewall or container runtime), the line is skipped at boot ("Couldn't write ..., ignoring") and procps "sysctl -p" fails on it while the module is absent. Name {module} in a file under /etc/modules-load.d/ so the value holds from boot.`,
      changedBetween: `{key} was {change} between Linux {lower} and {upper}: check the target kernel has it\n{key} was {change} between Linux {lower} and {upper} (the kernel lab found it on {presentOn} only), so whether ${TARGET} has it cannot be told here. If it does not, ${IF_MISSING}.`,
      unverifiable: `{key} is not in the kernel lab's data: its existence on Linux {kernel} cannot be checked\n{key} is not in the kernel lab's data (Linux {labKernels}), and {reason}, so whether ${TARGET} has it cannot be told here. If the name is wrong, ${IF_MISSING}.`,
    }),
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    const kernel = facts.kernel.text;
    const common = { kernel, kernelSource: facts.kernelSource, labKernels: labKernelList() };
    for (const assignment of facts.assignments) {
      // A leading "-" (ignore failure) may still be attached, depending on the reader.
      const key = withoutIgnoreDash(assignment.key);
      if (isGlobKey(key) || OWNED_ELSEWHERE.has(key)) continue;
      const location = { file: assignment.file, line: assignment.line, column: assignment.keyColumn };
      const report = verdict(key, facts.kernel, { ...common, path: keyToProcPath(key) });
      if (!report) continue;
      const applier = applierOf(assignment.via);
      const messageId = messageIdFor(report.messageId, applier);
      if (applier === 'procps' || !(messageId in unknownKey.meta.messages)) reports.push({ ...report, key, location });
      else
        reports.push({
          ...report,
          messageId,
          data: { ...report.data, failure: shellFailure(assignment.via, keyToProcPath(key)) },
          key,
          location,
        });
    }
    return reports;
  },
};

type Verdict = Omit<RuleReport, 'key' | 'location'> | undefined;
type Common = Readonly<Record<string, string>>;

/** Verdicts depend on the key and the kernel alone: a big review names the same keys on many lines. */
const VERDICTS = new Map<string, Verdict>();
const MAX_CACHED_VERDICTS = 10_000;

function verdict(key: string, kernel: KernelVersion, common: Common): Verdict {
  const cacheKey = `${kernel.text}\u0000${common.kernelSource}\u0000${key}`;
  if (VERDICTS.has(cacheKey)) return VERDICTS.get(cacheKey);
  const result = computeVerdict(key, kernel, common);
  if (VERDICTS.size < MAX_CACHED_VERDICTS) VERDICTS.set(cacheKey, result);
  return result;
}

function computeVerdict(key: string, kernel: KernelVersion, common: Common): Verdict {
  const spec = findParam(key);
  const record = lookupKey(key);
  if (spec) {
    if (existsOn(spec, kernel)) return moduleVerdict(key, record, common);
    const tooOld = !atLeast(kernel, spec.added);
    return {
      messageId: tooOld ? 'notYetAdded' : 'removed',
      data: { ...common, key, ...(tooOld ? { added: spec.added } : { removed: spec.removed ?? '' }) },
      evidence: tooOld ? { added: spec.added, kernel: kernel.text } : { removed: spec.removed ?? '', kernel: kernel.text },
    };
  }
  const retired = record ? undefined : findRetired(key);
  if (retired?.kind === 'never-mainline') {
    return {
      messageId: 'neverMainline',
      data: { ...common, key, origin: retired.origin, source: retired.source },
      evidence: { origin: retired.origin },
    };
  }
  if (retired?.kind === 'removed') {
    const replacement = replacementFor(retired, key);
    const instead = replacement && lookupKey(replacement) ? ` Use ${replacement} instead.` : '';
    const base = { ...common, key, what: retired.what, source: retired.source, instead };
    if (retired.removedIn !== undefined) {
      if (!atLeast(kernel, retired.removedIn)) return undefined;
      return {
        messageId: 'removedMainline',
        data: { ...base, removedIn: retired.removedIn },
        evidence: { removedIn: retired.removedIn, kernel: kernel.text },
      };
    }
    const goneBy = retired.goneBy ?? oldestLabSeries();
    if (atLeast(kernel, goneBy)) {
      return {
        messageId: 'removedLongAgo',
        data: { ...base, goneBy },
        evidence: { goneBy, kernel: kernel.text, ...(instead ? { replacement: replacement! } : {}) },
      };
    }
    return { messageId: 'removedBeforeLab', data: { ...base, goneBy }, severity: 'info' };
  }
  if (record) {
    const presence = presenceOn(record, kernel);
    if (presence.kind === 'present') return moduleVerdict(key, record, common);
    if (presence.kind === 'between') {
      return {
        messageId: 'changedBetween',
        data: {
          ...common,
          key,
          change: presence.change,
          lower: presence.lower,
          upper: presence.upper,
          presentOn: record.kernels.map((k) => k.series).join(', '),
        },
        severity: 'info',
      };
    }
    if (presence.firstSeen !== undefined) {
      return {
        messageId: 'addedLater',
        data: { ...common, key, firstSeen: presence.firstSeen, absentFrom: presence.absentFrom },
        evidence: { firstSeen: presence.firstSeen, kernel: kernel.text },
      };
    }
    return {
      messageId: 'removedEarlier',
      data: { ...common, key, lastSeen: presence.lastSeen ?? '', absentFrom: presence.absentFrom },
      evidence: { lastSeen: presence.lastSeen ?? '', kernel: kernel.text },
    };
  }
  const suggestions = suggest(key);
  // No sysctl name has a blank in it: such a key is certainly wrong, wherever it points.
  const vouched = labVouchesFor(key) || /\s/.test(key.trim());
  if (suggestions.length) {
    return {
      messageId: 'typo',
      data: { ...common, key, best: suggestions[0]!, suggestions: suggestions.join(' or ') },
      evidence: { suggestions: suggestions.join(', ') },
      // Where the lab cannot vouch for every name, a close real name is likely but not certain.
      ...(vouched ? {} : { severity: 'warning' as Severity }),
    };
  }
  const reason = unknowableReason(key, kernel, vouched);
  if (reason) return { messageId: 'unverifiable', data: { ...common, key, reason }, severity: 'info' };
  return { messageId: 'notInAnyKernel', data: { ...common, key }, evidence: { labKernels: labKernelList() } };
}

/** Exists on the target; an info when it needs a module there. */
function moduleVerdict(key: string, record: KeyRecord | undefined, common: Common): Verdict {
  if (!record?.module) return undefined;
  const moduleKernels = record.kernels
    .filter((k) => k.complete)
    .map((k) => k.series)
    .join(' and ');
  return {
    messageId: 'needsModule',
    data: { ...common, key, module: record.module, moduleKernels },
    severity: 'info',
    evidence: { module: record.module },
  };
}

/** Why the lab's data cannot settle a name it does not have, or undefined when it can. */
function unknowableReason(key: string, kernel: KernelVersion, vouched: boolean): string | undefined {
  const top = key.split('.')[0]!;
  if (!vouched) {
    return top === 'dev'
      ? 'names under dev.* come from device drivers, which the lab does not load'
      : `the lab cannot vouch for names under ${top}.* (no module it loads provides them)`;
  }
  const newest = parseKernelVersion(newestLabSeries())!;
  const oldest = parseKernelVersion(oldestLabSeries())!;
  const series = { ...kernel, patch: 0 };
  if (compareKernelVersions(series, newest) > 0)
    return `Linux ${kernel.text} is newer than every lab kernel: the key may have been added after ${newestLabSeries()}`;
  if (compareKernelVersions(series, oldest) < 0)
    return `Linux ${kernel.text} is older than every lab kernel: the key may have been removed before ${oldestLabSeries()}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Did you mean: over the whole database and the catalogue.

/** Suggestions depend on the key alone; a big review names the same unknown key on many lines. */
const SUGGESTIONS = new Map<string, string[]>();
let candidates: readonly string[] | undefined;

function suggest(key: string): string[] {
  let cached = SUGGESTIONS.get(key);
  if (!cached) {
    cached = computeSuggestions(key);
    if (SUGGESTIONS.size < MAX_CACHED_VERDICTS) SUGGESTIONS.set(key, cached);
  }
  return cached;
}

function allCandidates(): readonly string[] {
  candidates ??= [...new Set([...CATALOGUE.map((spec) => spec.key), ...allKeyNames()])];
  return candidates;
}

function isReal(name: string): boolean {
  return findParam(name) !== undefined || lookupKey(name) !== undefined;
}

/**
 * Spellings one slip away from the key: a "_" typed for a "." (net.ipv4_tcp_timestamps), a "."
 * for a "_", "-" and "_" swapped (bridge_nf_call_iptables), a command around the key.
 */
function variants(key: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) {
    if (key[i] === '_') out.add(`${key.slice(0, i)}.${key.slice(i + 1)}`);
    else if (key[i] === '.' && i > 0) out.add(`${key.slice(0, i)}_${key.slice(i + 1)}`);
  }
  if (key.includes('-')) out.add(key.replaceAll('-', '_'));
  if (key.includes('_')) out.add(key.replaceAll('_', '-'));
  // A shell command pasted as a key ("sysctl -w net.core.rmem_max"): its last word.
  const words = key.trim().split(/\s+/);
  if (words.length > 1) out.add(words.at(-1)!);
  out.delete(key);
  return [...out];
}

function computeSuggestions(key: string): string[] {
  const found = new Map<string, number>();
  const parts = key.split('.');
  const add = (name: string, distance: number) => {
    if (name === key || !isReal(name) || (found.get(name) ?? Infinity) <= distance) return;
    // Any interface name is real under net.ipv4.conf.*: a slip that only renames the interface is no suggestion.
    if (distance > 0 && interfaceWildcard(name) !== undefined && name.split('.')[3] !== parts[3]) return;
    found.set(name, distance);
  };
  // Compare per-interface patterns with the interface the line names.
  const concrete = (name: string) => (name.includes('.*.') && parts.length > 4 ? name.replace('.*.', `.${parts[3]}.`) : name);
  const all = allCandidates();
  for (const spelling of [key, ...variants(key)]) {
    const exactSlip = spelling !== key;
    if (exactSlip && isReal(spelling)) add(spelling, 0.5);
    // A name that is part of a real leaf under the same parent ("timestamps" in tcp_timestamps).
    const parent = spelling.slice(0, spelling.lastIndexOf('.') + 1);
    const leaf = spelling.slice(parent.length);
    if (parent && leaf.length >= 4) {
      for (const name of all) {
        if (name.startsWith(parent) && !name.slice(parent.length).includes('.') && name.slice(parent.length).includes(leaf))
          add(concrete(name), exactSlip ? 1.5 : 1);
      }
    }
  }
  const dotted = slashSpelling(key);
  if (dotted) add(dotted, 0);
  const leaf = key.slice(key.lastIndexOf('.') + 1);
  const limit = Math.min(4, Math.max(2, Math.floor(leaf.length / 4)));
  for (const name of all) {
    // An edit distance is at least the difference in length.
    if (Math.abs(name.length - key.length) > limit) continue;
    const candidate = concrete(name);
    const distance = editDistance(key, candidate, limit);
    if (distance <= limit) add(candidate, distance);
  }
  return [...found]
    .sort((a, b) => a[1] - b[1] || compareText(a[0], b[0]))
    .slice(0, 3)
    .map(([name]) => name);
}

/** net.ipv4.conf.eth0.100.rp_filter means the path .../eth0/100/...; the interface eth0.100 is written eth0/100. */
function slashSpelling(key: string): string | undefined {
  if (!PER_INTERFACE.some((re) => re.test(key))) return undefined;
  const parts = key.split('.');
  if (parts.length < 6) return undefined;
  const candidate = [...parts.slice(0, 3), parts.slice(3, -1).join('/'), parts.at(-1)!].join('.');
  return lookupKey(candidate) ? candidate : undefined;
}
