/**
 * advise: read the host (or bundle) under --root, resolve its config files, run the rules
 * against the profile, and report findings, changes and the diff of the drop-in to write.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { AdviseArgs } from './args.js';
import type { CommandEnvironment, ReportOutcome } from '../util/command-io.js';
import { readConfigTextInRoot } from '../config/index.js';
import type { Facts } from '../facts/types.js';
import { roundRate } from '../safety/counters.js';
import { bundleEarlierReading, secondsSince, takeCounterSample, waitSince, WATCHED_COUNTERS } from '../readers/counter-sample.js';
import { analyseRoot } from '../analysis/analyse-root.js';
import type { Finding } from '../engine/types.js';
import { formatKernel } from '../kernel/version.js';
import { resolveContext } from '../profiles/context.js';
import { loadProfile } from '../profiles/load.js';
import { unifiedDiff } from '../reporters/unified-diff.js';
import { requireHostRoot } from '../readers/root-path.js';
import { describeError, InputError, UsageError } from '../util/errors.js';
import { statSync } from 'node:fs';
import { readDump } from '../readers/dump.js';
import type { ByteSource } from '../readers/line-scanner.js';
import type { SysctlDump } from '../snapshot/types.js';
import { packageVersion } from '../util/package-info.js';
import { applyAnswers } from '../profiles/answers.js';
import type { AdviseReport, CountersReport } from '../reports/advise.js';
import { proposeFiles } from '../writers/target-file.js';
import { chainInOrder } from '../rules/idle-chain.js';
import { firstNumber, valueInForce } from '../engine/key-values.js';
import type { Context } from '../profiles/context.js';
import { carryOutPlan } from './carry-out.js';
import { nextSteps } from './next-steps.js';

const CHAIN_RULES = new Set([
  'backend-keepalive-order',
  'pool-idle-order',
  'keepalive-idle-timeout',
  'conntrack-established-below-keepalive',
]);

export const DEFAULT_TARGET = '/etc/sysctl.d/90-sysctl-advisor.conf';

/** The target as a path inside the root (what the config tools see). */
function targetInRoot(root: string, target: string | undefined): string {
  if (target === undefined) return DEFAULT_TARGET;
  const insideRoot = relative(root, resolve(target));
  if (insideRoot.startsWith('..') || isAbsolute(insideRoot)) throw new UsageError(`--target ${target} is not under --root ${root}`);
  return `/${insideRoot}`;
}

export function buildAdviseReport(args: AdviseArgs): AdviseReport {
  const root = resolve(args.root);
  // With --from the live values come from the dump: the root gives only config files.
  if (args.sysctlDump) requireDirectory(root);
  else requireHostRoot(root);
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
    : root === '/' || args.sysctlDump
      ? undefined
      : bundleEarlierReading(root);
  const { facts, result } = analyseRoot({
    root,
    target,
    profile,
    context,
    ...(args.sysctlDump ? { sysctlDump: args.sysctlDump } : {}),
    ...(args.kernel ? { kernelFlag: args.kernel } : {}),
    ...(args.container ? { containerFlag: true } : {}),
    ...(earlier ? { earlier } : {}),
  });
  const findings = result.findings;
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
  const chain = chainLine(result.findings, context, facts);
  return {
    ...result,
    counters: countersReport(facts),
    findings,
    changes,
    target,
    diff,
    conf: files.target.after,
    files,
    nextSteps: [],
    ...(chain ? { chain } : {}),
  };
}

/** The idle-timeout chain in one line, when something of it is known and no chain rule found a fault. */
function chainLine(findings: readonly Finding[], context: Context, facts: Facts): string | undefined {
  if (findings.some((f) => CHAIN_RULES.has(f.rule))) return undefined;
  return chainInOrder(context, facts.apps, firstNumber(valueInForce(facts, 'net.ipv4.tcp_keepalive_time')));
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

/** --from FILE|-: a `sysctl -a` output, refused when it is another kind of dump or with flags that need this host. */
async function readFromDump(args: AdviseArgs, environment: CommandEnvironment): Promise<SysctlDump> {
  const file = args.from!;
  if (args.interval !== undefined)
    throw new UsageError('--interval reads this host twice; --from is one reading of another: give one of them');
  if (args.apply) throw new UsageError("--apply sets this host's kernel from its own values; --from reads a dump's: give one of them");
  let source: ByteSource;
  if (file === '-') source = { kind: 'buffer', data: await environment.readStdin(), name: '-' };
  else {
    requireRegularFile(file);
    source = { kind: 'file', path: file };
  }
  const reading = readDump(source, { format: 'auto' });
  if (reading.kind !== 'sysctl')
    throw new InputError(
      `this is ${reading.kind === 'sockets' ? 'a socket table' : 'a counter file'}, not "sysctl -a" output (states --from reads socket tables)`,
      {
        file,
      },
    );
  return reading.dump;
}

function requireRegularFile(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    throw new InputError((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeError(error, false), { file });
  }
  if (!isFile) throw new InputError('not a regular file (give the saved output of "sysctl -a")', { file });
}

function requireDirectory(root: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch {
    // Said below, as a missing root.
  }
  if (!isDirectory) throw new InputError(`cannot use ${root} as a root: not a directory (the config files are read under --root)`);
}

/** On this host -o names the drop-in itself; on a bundle the drop-in stays the root's and -o is where its copy goes. */
function withOutputTarget(args: AdviseArgs): AdviseArgs {
  if (args.output === undefined || resolve(args.root) !== '/') return args;
  if (args.target !== undefined && resolve(args.target) !== resolve(args.output))
    throw new UsageError(`-o ${args.output} and --target ${args.target} name two files; on this host -o is the drop-in, give only -o`);
  return { ...args, target: resolve(args.output) };
}

/** The report, and what -o/--apply did; the CLI layer renders the report and picks the exit code. */
export async function runAdvise(args: AdviseArgs, environment: CommandEnvironment): Promise<ReportOutcome<AdviseReport>> {
  const interval = intervalOf(args);
  let sampled = args.from === undefined ? args : { ...args, sysctlDump: await readFromDump(args, environment) };
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
          runtime: { platform: environment.platform, uid: environment.uid },
        })
      : undefined;
  return { report, ...(done?.exitCode ? { exitCode: done.exitCode } : {}), ...(done?.text ? { stderr: done.text } : {}) };
}
