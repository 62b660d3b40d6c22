/**
 * advise: read the host (or bundle) under --root, resolve its config files, run the rules
 * against the profile, and report findings, changes and the diff of the drop-in to write.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { AdviseArgs, FailOn } from '../commands/advise.js';
import type { CommandEnvironment, CommandOutput } from '../util/command-io.js';
import { effectiveConfig, laterOverrides, readConfigTextInRoot, type EffectiveConfig, type TargetFate } from '../config/index.js';
import type { ConfigAssignment, Facts } from '../facts/types.js';
import { roundRate } from '../safety/counters.js';
import { bundleEarlierReading, secondsSince, takeCounterSample, waitSince, WATCHED_COUNTERS } from '../readers/counter-sample.js';
import { runEngine } from '../engine/run.js';
import type { Finding, Severity } from '../engine/types.js';
import { formatKernel } from '../kernel/version.js';
import { resolveContext } from '../profiles/context.js';
import { loadProfile } from '../profiles/load.js';
import { adviseJson } from '../reporters/advise-json.js';
import { adviseText } from '../reporters/advise-text.js';
import { paintFor } from '../reporters/colour.js';
import { unifiedDiff } from '../reporters/unified-diff.js';
import { requireHostRoot } from '../readers/root-path.js';
import { RULES } from '../rules/index.js';
import { BUILTIN_CHECKS, builtinMessage } from '../rules/builtin-checks.js';
import { readHostSnapshot } from '../readers/host.js';
import { UsageError } from '../util/errors.js';
import { packageVersion } from '../util/package-info.js';
import { applyAnswers } from '../profiles/answers.js';
import { assembleFacts } from '../facts/assemble.js';
import { bootToolOf, factsFromConfig } from '../facts/from-effective-config.js';
import { procSysKeys } from '../readers/proc-sys-keys.js';
import type { AdviseReport, CountersReport } from './report.js';
import { proposeFiles } from './target-file.js';
import { carryOutPlan } from './carry-out.js';
import { nextSteps } from './next-steps.js';
import type { Runtime } from '../writers/guards.js';

export const DEFAULT_TARGET = '/etc/sysctl.d/90-sysctl-advisor.conf';

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const FAIL_RANK: Record<FailOn, number> = { error: 3, warning: 2, info: 1, none: Infinity };

/** The target as a path inside the root (what the config tools see). */
function targetInRoot(root: string, target: string | undefined): string {
  if (target === undefined) return DEFAULT_TARGET;
  const insideRoot = relative(root, resolve(target));
  if (insideRoot.startsWith('..') || isAbsolute(insideRoot)) throw new UsageError(`--target ${target} is not under --root ${root}`);
  return `/${insideRoot}`;
}

export function buildAdviseReport(args: AdviseArgs): AdviseReport {
  const root = resolve(args.root);
  requireHostRoot(root);
  const target = targetInRoot(root, args.target);
  const profile = loadProfile(args.profile);
  // A replayed wizard run (--answers) brings its context as answered, including "no idle timeout".
  const context = args.replayedContext ?? resolveContext(args, profile.context);
  // A window: this host read twice (--interval, the wizard), or a bundle collected with --interval.
  const earlier = args.earlier
    ? {
        counters: args.earlier.counters,
        seconds: secondsSince(args.earlier),
        ...(args.earlier.sockets ? { sockets: args.earlier.sockets } : {}),
      }
    : root === '/'
      ? undefined
      : bundleEarlierReading(root);
  const snapshot = readHostSnapshot(root);
  const effective = effectiveConfig(root, { knownKeys: procSysKeys(root) });
  const config = factsFromConfig(effective);
  const facts = assembleFacts({
    snapshot,
    config,
    ...(args.kernel ? { kernelFlag: args.kernel } : {}),
    ...(args.container ? { containerFlag: true } : {}),
    ...(earlier ? { earlier } : {}),
  });
  const result = runEngine({ facts, profile, context, rules: RULES, laterOverride: (key) => laterOverride(effective, key, target) });
  // Whether the target is read at all (masked, outside sysctl.d) does not depend on the key asked about.
  const targetFate = laterOverrides(effective, 'net.core.somaxconn', target)[bootToolOf(effective)];
  const findings = [...result.findings, ...targetFindings(targetFate, target)];
  // --answers (and the wizard's review): only the changes the operator accepted.
  const accepted = args.acceptedKeys;
  const changes = accepted ? result.changes.filter((change) => accepted.includes(change.key)) : result.changes;
  const files = proposeFiles({
    targetFile: target,
    // Read as the config tools would, inside the root: a symlinked drop-in never shows an outside file.
    targetContent: readConfigTextInRoot(root, target) ?? '',
    changes,
    assignments: facts.assignments,
    readFile: (file) => readConfigTextInRoot(root, file) ?? '',
    header: [
      `# Written by sysctl-advisor ${packageVersion()} (advise --profile ${profile.name}) for kernel ${formatKernel(facts.kernel)}.`,
      '# Each setting below says why; "sysctl-advisor explain KEY" tells more.',
    ],
  });
  const diff = [files.target, ...files.removals]
    .map((edit) => unifiedDiff(`a${edit.file}`, `b${edit.file}`, edit.before, edit.after))
    .join('');
  return { ...result, counters: countersReport(facts), findings, changes, target, diff, conf: files.target.after, files, nextSteps: [] };
}

function countersReport(facts: Facts): CountersReport | null {
  const totals = facts.counters;
  if (!totals) return null;
  const window = facts.counterWindow;
  return {
    since: facts.countersSince ?? 'unknown',
    intervalSeconds: window ? window.seconds : null,
    values: WATCHED_COUNTERS.filter((name) => totals.has(name)).map((name) => {
      const growth = window?.deltas.get(name);
      return {
        name,
        total: totals.get(name)!,
        ...(window && growth !== undefined ? { growth, perSecond: roundRate(growth / window.seconds) } : {}),
      };
    }),
  };
}

/** --interval: a number of seconds, on this host only (a bundle's counters do not move). */
function intervalOf(args: AdviseArgs): number | undefined {
  if (args.interval === undefined) return undefined;
  if (!Number.isFinite(args.interval) || args.interval <= 0 || args.interval > 3600)
    throw new UsageError(`--interval ${args.interval}: give the seconds between the two readings, more than 0 and at most 3600`);
  if (resolve(args.root) !== '/')
    throw new UsageError(
      "--interval reads this host's counters twice; a bundle (--root) does not change: collect it with --interval SECONDS, or run advise --interval on that host",
    );
  return args.interval;
}

/** The last line applied after the target that sets `key` under the boot tool (or procps' /etc/sysctl.conf). */
function laterOverride(effective: EffectiveConfig, key: string, target: string): ConfigAssignment | undefined {
  const fates = laterOverrides(effective, key, target);
  for (const fate of [fates[bootToolOf(effective)], fates.procps]) {
    if (fate.status !== 'applied') continue;
    const last = [...fate.overriddenBy].reverse().find((line) => line.kind === 'assignment');
    if (last) {
      return {
        file: last.realFile,
        line: last.line,
        keyColumn: last.column,
        valueColumn: last.column,
        key,
        keyAsWritten: last.keyAsWritten,
        value: last.value ?? '',
        commentAbove: [],
      };
    }
  }
  return undefined;
}

function targetFindings(fate: TargetFate, target: string): Finding[] {
  if (fate.status === 'applied') return [];
  const message =
    fate.status === 'masked'
      ? builtinMessage('target-file', 'masked', { target, by: fate.by })
      : builtinMessage('target-file', 'notRead', { target, reason: fate.reason });
  return [{ rule: BUILTIN_CHECKS['target-file'].meta.id, ...message, severity: 'warning', file: target }];
}

/** On this host -o names the drop-in itself; on a bundle the drop-in stays the root's and -o is where its copy goes. */
function withOutputTarget(args: AdviseArgs): AdviseArgs {
  if (args.output === undefined || resolve(args.root) !== '/') return args;
  if (args.target !== undefined && resolve(args.target) !== resolve(args.output))
    throw new UsageError(`-o ${args.output} and --target ${args.target} name two files; on this host -o is the drop-in, give only -o`);
  return { ...args, target: resolve(args.output) };
}

function liveRuntime(): Runtime {
  return { platform: process.platform, uid: process.getuid?.() };
}

export async function runAdvise(args: AdviseArgs, environment: CommandEnvironment): Promise<CommandOutput> {
  const interval = intervalOf(args);
  let sampled = args;
  if (interval !== undefined) {
    const earlier = takeCounterSample(args.root);
    await waitSince(earlier, interval);
    sampled = { ...args, earlier };
  }
  const planned = buildAdviseReport(applyAnswers(withOutputTarget(sampled)));
  const report: AdviseReport = {
    ...planned,
    nextSteps: nextSteps({
      args,
      changes: planned.changes,
      target: planned.target,
      targetChanges: planned.files.target.after !== planned.files.target.before,
      removalFiles: planned.files.removals.filter((edit) => edit.after !== edit.before).map((edit) => edit.file),
    }),
  };
  const done =
    args.output !== undefined || args.apply
      ? carryOutPlan(report, {
          root: args.root,
          ...(args.output !== undefined ? { output: args.output } : {}),
          apply: Boolean(args.apply),
          runtime: liveRuntime(),
        })
      : undefined;
  const stdout =
    args.format === 'json'
      ? adviseJson(report)
      : args.format === 'diff'
        ? report.diff
        : args.format === 'conf'
          ? report.conf
          : adviseText(report, paintFor(environment.stdoutIsTTY, environment.env), environment.columns);
  const failing = report.findings.some((finding) => RANK[finding.severity] >= FAIL_RANK[args.failOn]);
  const exitCode = done?.exitCode ? done.exitCode : failing ? 1 : 0;
  return { stdout, exitCode, ...(done?.text ? { stderr: done.text } : {}) };
}
