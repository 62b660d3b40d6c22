/**
 * The wizard from detection to a written drop-in (and, on an explicit yes, applied values):
 * detect → ask what detection cannot know → review each change → choose the target and see the
 * diff → confirm → write → apply. Every question comes before the first write, so Ctrl-C at any
 * prompt leaves the disk untouched.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { buildAdviseReport, DEFAULT_TARGET } from '../advise/run.js';
import { takeCounterSample, waitSince } from '../readers/counter-sample.js';

/** Seconds between the wizard's two counter readings on a live host. */
const DEFAULT_SAMPLE_SECONDS = 3;
import type { AdviseReport } from '../reports/advise.js';
import {
  applyWithRollback,
  defaultRollbackFile,
  describeApplyResult,
  refuseExistingRollbackFile,
  ROLLBACK_DIRECTORY,
} from '../writers/apply-with-rollback.js';
import { runtimeRefusal, type Runtime } from '../writers/guards.js';
import type { AdviseArgs } from '../advise/args.js';
import { editsFiles, type Change } from '../engine/types.js';
import { runtimeEntries } from '../advise/carry-out.js';
import { shellWord } from '../advise/next-steps.js';
import { builtinProfileNames } from '../profiles/builtin.js';
import { loadProfile } from '../profiles/load.js';
import type { ContextDefaults } from '../profiles/types.js';
import type { ContextFlags } from '../profiles/context.js';
import type { Paint } from '../reporters/colour.js';
import { adviseText } from '../reporters/advise-text.js';
import { requireHostRoot } from '../readers/root-path.js';
import { atomicWriteFile, cannotWrite } from '../util/atomic-write.js';
import { InputError, UsageError } from '../util/errors.js';
import { renderAnswersFile, ANSWERS_VERSION, type WizardAnswers } from '../profiles/answers.js';
import { detectHost, type Detection } from './detect.js';
import { detectionText } from './detection-text.js';
import type { CheckboxChoice, Prompter } from './prompter.js';
import {
  chosenContext,
  chosenProfile,
  wizardQuestions,
  type Draft,
  type Question,
  type QuestionContext,
  type WizardFlags,
} from './questions.js';
import { writeProposedFiles } from '../writers/plan-files.js';

/** What the wizard takes from its command line (src/commands/wizard.ts declares the flags). */
export interface WizardArgs extends ContextFlags {
  readonly root: string;
  readonly profile?: string;
  readonly target?: string;
  readonly container?: boolean;
  readonly saveAnswers?: string;
  readonly saveRollback?: string;
  /** Seconds of counter sampling on a live host (default 3; 0 = totals only). */
  readonly interval?: number;
}

export interface WizardIO {
  readonly prompter: Prompter;
  /** Writes to the terminal the prompts use. */
  readonly print: (text: string) => void;
  readonly paint: Paint;
  /** Platform and uid, to decide whether applying can be offered. */
  readonly runtime: Runtime;
  /** /proc/sys to apply to (the live one unless a test says otherwise). */
  readonly procSys?: string;
}

export interface WizardOutcome {
  readonly exitCode: number;
  /** Files written (drop-in, removals, rollback file, answers). */
  readonly written: readonly string[];
}

function flagsOf(args: WizardArgs): WizardFlags {
  const { profile, clientsBehindNat, natGateway, idleTimeout, lb, nat, kernel, container, target } = args;
  return Object.fromEntries(
    Object.entries({ profile, clientsBehindNat, natGateway, idleTimeout, lb, nat, kernel, container, target }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

async function ask(question: Question, ctx: QuestionContext, prompter: Prompter, draft: Draft): Promise<void> {
  switch (question.kind) {
    case 'select':
      draft[question.id] = await prompter.select({
        message: question.message,
        choices: question.choices(ctx),
        default: question.default(ctx),
      });
      return;
    case 'confirm':
      draft[question.id] = await prompter.confirm({ message: question.message, default: question.default(ctx) });
      return;
    case 'input': {
      const fallback = question.default(ctx);
      draft[question.id] = (
        await prompter.input({
          message: question.message,
          ...(fallback !== undefined ? { default: fallback } : {}),
          validate: question.validate,
        })
      ).trim();
      return;
    }
    case 'number': {
      const fallback = question.default(ctx);
      const value = await prompter.number({
        message: question.message,
        ...(fallback !== undefined ? { default: fallback } : {}),
        validate: question.validate,
      });
      if (value !== undefined) draft[question.id] = value;
      return;
    }
  }
}

/** Asks every question whose `when` holds, in order; the profile's context defaults feed the later defaults. */
async function askQuestions(detection: Detection, flags: WizardFlags, io: WizardIO): Promise<Draft> {
  const draft: Draft = {};
  const defaultsCache = new Map<string, ContextDefaults>();
  const profileDefaults = (): ContextDefaults => {
    const profile = chosenProfile(flags, draft);
    if (profile === undefined) return {};
    if (!defaultsCache.has(profile)) defaultsCache.set(profile, loadProfile(profile).context);
    return defaultsCache.get(profile)!;
  };
  for (const question of wizardQuestions(builtinProfileNames())) {
    const ctx: QuestionContext = { detection, flags, answers: draft, profileDefaults: profileDefaults() };
    if (!question.when(ctx)) continue;
    io.print(io.paint.dim(`  ${question.explain(ctx)}\n`));
    await ask(question, ctx, io.prompter, draft);
  }
  return draft;
}

/** One line per change: what the running kernel and the files get, said once when they agree. */
function changeLabel(change: Change): string {
  const { runtime } = change;
  if (change.to === null) {
    const removal = editsFiles(change) ? `remove from ${change.file ?? 'the files'}${change.line ? `:${change.line}` : ''}` : 'no line';
    return `${change.key}: ${removal}${runtime ? `; now ${runtime.from} → ${runtime.to}` : ''}`;
  }
  if (!editsFiles(change)) return `${change.key}: ${runtime!.from} → ${runtime!.to} now (the files already say ${change.to})`;
  if (!runtime) return `${change.key}: ${change.from ?? 'unset'} → ${change.to} at boot (the running kernel already has it)`;
  return `${change.key}: ${runtime.from} → ${change.to} now and at boot`;
}

function reviewChoices(report: AdviseReport): CheckboxChoice[] {
  return report.changes.map((change) => ({
    name: `${changeLabel(change)}  [${change.rules.join(', ')}]`,
    value: change.key,
    short: change.key,
    checked: !change.overriddenBy,
    description: change.why,
    ...(change.overriddenBy
      ? {
          disabled: `(not written: ${change.overriddenBy.file}:${change.overriddenBy.line} sets ${change.overriddenBy.value} later; change that line)`,
        }
      : {}),
  }));
}

/** The target as typed (a path on this machine) → checked against the root. */
function targetValidator(root: string): (value: string) => true | string {
  return (value) => {
    const path = resolve(value.trim());
    const inside = relative(root, path);
    if (value.trim() === '') return 'Give a path';
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return `Must be a file under ${root}`;
    if (!path.endsWith('.conf')) return 'sysctl.d reads only *.conf files';
    return true;
  };
}

/** Why applying cannot be offered, or undefined. */
function applyRefusal(io: WizardIO, root: string, report: AdviseReport): string | undefined {
  const runtime = runtimeRefusal(io.runtime, root);
  if (runtime) return runtime;
  const blocked = report.changes.find((change) => change.overriddenBy);
  if (blocked?.overriddenBy) {
    return `${blocked.overriddenBy.file}:${blocked.overriddenBy.line} sets ${blocked.key} = ${blocked.overriddenBy.value} and is applied after ${report.target}, so the value would not survive a reboot; change that line first`;
  }
  return undefined;
}

/** What the operator decided once every question is answered. */
interface Decisions {
  readonly final: AdviseReport;
  readonly write: boolean;
  readonly apply: boolean;
}

/** Step 4: where to write, the diff of the accepted changes, and the two confirmations. */
async function decide(
  adviseArgs: AdviseArgs,
  accepted: readonly string[],
  flags: WizardFlags,
  rollbackFile: string,
  io: WizardIO,
): Promise<Decisions> {
  const { paint, print, prompter } = io;
  const root = adviseArgs.root;
  const typedTarget =
    flags.target ??
    (accepted.length === 0
      ? join(root, DEFAULT_TARGET)
      : await prompter.input({ message: 'Write the drop-in to:', default: join(root, DEFAULT_TARGET), validate: targetValidator(root) }));
  const targetOnDisk = resolve(typedTarget);
  const final = buildAdviseReport({ ...adviseArgs, target: targetOnDisk, acceptedKeys: accepted });
  if (final.diff === '') {
    if (accepted.length === 0 || runtimeEntries(final.changes).length === 0) {
      print(accepted.length === 0 ? 'No change accepted: nothing to write.\n' : `${final.target} already says this: nothing to write.\n`);
      return { final, write: false, apply: false };
    }
    // The files are right; only the running kernel differs.
    print(`${final.target} and the other files already say this: nothing to write.\n`);
    const refusal = applyRefusal(io, root, final);
    if (refusal) {
      print(paint.dim(`Not offering to apply now: ${refusal}.\n`));
      return { final, write: false, apply: false };
    }
    const apply = await prompter.confirm({
      message: `Apply ${runtimeEntries(final.changes).length} value(s) to the running kernel now? (previous values go to ${rollbackFile} first)`,
      default: true,
    });
    return { final, write: false, apply };
  }
  print(`\n${paint.bold('The resulting diff (accepted changes only)')}\n${final.diff}\n`);
  for (const change of final.files.blocked) {
    print(
      paint.yellow(
        `Not written: ${change.key} (${change.overriddenBy!.file}:${change.overriddenBy!.line} sets ${change.overriddenBy!.value} later).\n`,
      ),
    );
  }
  const backup = existsSync(targetOnDisk) ? ` (the current file is kept as ${targetOnDisk}.bak)` : '';
  const write = await prompter.confirm({ message: `Write ${targetOnDisk}${backup}?`, default: true });
  const liveChanges = runtimeEntries(final.changes);
  if (!write || liveChanges.length === 0) return { final, write, apply: false };
  const refusal = applyRefusal(io, root, final);
  if (refusal) {
    print(paint.dim(`Not offering to apply now: ${refusal}.\n`));
    return { final, write, apply: false };
  }
  const apply = await prompter.confirm({
    message: `Also apply ${liveChanges.length} value(s) to the running kernel now, for this boot? (previous values go to ${rollbackFile} first)`,
    default: false,
  });
  return { final, write, apply };
}

/** Step 5: the drop-in (and removals) on disk, then the values in the kernel; returns the exit code. */
function carryOut(root: string, decisions: Decisions, rollbackFile: string, io: WizardIO, written: string[]): number {
  const { final } = decisions;
  if (decisions.write) {
    for (const result of writeProposedFiles(root, final.files)) {
      written.push(result.path);
      io.print(`Wrote ${result.path}${result.backup ? ` (previous content kept in ${result.backup})` : ''}\n`);
    }
    if (!decisions.apply) {
      const onHost = root === '/' ? '' : ' on the host that boots this root';
      io.print(`It is read at every boot. To set the running kernel now${onHost}: sysctl-advisor apply ${final.target}\n`);
    }
  }
  if (!decisions.apply) return 0;
  const entries = runtimeEntries(final.changes);
  const applied = applyWithRollback({ entries, rollbackFile, appliedFrom: final.target, ...(io.procSys ? { procSys: io.procSys } : {}) });
  written.push(applied.rollbackFile);
  const described = describeApplyResult(applied.result, applied.rollbackFile);
  io.print(described.text);
  return described.exitCode;
}

/** The drop-in and the answers file must be writable before the first question, or the answers would be lost. */
function refuseUnwritable(paths: readonly (string | undefined)[]): void {
  for (const path of paths) {
    if (path === undefined) continue;
    const why = cannotWrite(resolve(path));
    if (why)
      throw new InputError(
        `cannot write: ${why}; checked before any question (run as root, or choose --target / --save-answers where you can write)`,
        { file: resolve(path) },
      );
  }
}

export async function runWizardFlow(args: WizardArgs, io: WizardIO): Promise<WizardOutcome> {
  const { paint, print, prompter } = io;
  const root = resolve(args.root);
  const flags = flagsOf(args);
  requireHostRoot(root);
  // Before any question: answers must not be lost to a file that cannot be written.
  if (args.saveRollback !== undefined) refuseExistingRollbackFile(resolve(args.saveRollback));
  refuseUnwritable([flags.target ?? join(root, DEFAULT_TARGET), args.saveAnswers]);
  const outside = flags.target !== undefined ? relative(root, resolve(flags.target)) : '';
  if (outside.startsWith('..') || isAbsolute(outside)) throw new UsageError(`--target ${flags.target} is not under --root ${args.root}`);

  // 1. Detect. On this host the counters are read now and again before the findings, at least
  // `interval` seconds apart (the questions usually take longer), so findings see rates, not totals.
  const interval = args.interval ?? DEFAULT_SAMPLE_SECONDS;
  if (!Number.isFinite(interval) || interval < 0 || interval > 3600)
    throw new UsageError(`--interval ${args.interval}: give seconds from 0 to 3600`);
  const earlier = root === '/' && interval > 0 ? takeCounterSample(root) : undefined;
  const detection = detectHost(root, { ...(args.kernel ? { kernel: args.kernel } : {}), ...(args.container ? { container: true } : {}) });
  print(`${detectionText(detection, paint)}\n`);

  // 2. Ask what detection cannot know.
  const draft = await askQuestions(detection, flags, io);
  const profile = chosenProfile(flags, draft)!;
  const context = chosenContext(flags, draft, loadProfile(profile).context);
  const kernel = flags.kernel ?? draft.kernel;
  const container = flags.container ?? draft.container;
  const adviseArgs: AdviseArgs = {
    root,
    profile,
    format: 'text',
    failOn: 'none',
    replayedContext: context,
    ...(kernel !== undefined ? { kernel } : {}),
    ...(container !== undefined ? { container } : {}),
    ...(flags.target !== undefined ? { target: flags.target } : {}),
    ...(earlier ? { earlier } : {}),
  };

  // 3. Findings and changes; accept or reject each change.
  if (earlier) {
    print(paint.dim(`Reading the counters again ${interval} s after detection, for rates…\n`));
    await waitSince(earlier, interval);
  }
  const proposed = buildAdviseReport(adviseArgs);
  print(`\n${adviseText({ ...proposed, diff: '' }, paint)}\n`);
  const accepted =
    proposed.changes.length === 0
      ? []
      : await prompter.checkbox({
          message: 'Which changes do you accept? (space toggles, digits toggle by number, enter confirms)',
          choices: reviewChoices(proposed),
        });
  const rejected = proposed.changes.map((change) => change.key).filter((key) => !accepted.includes(key));

  // 4. Target, diff, confirmations: the last prompts.
  // Named by the time of the apply, when it happens (a new file for every apply, never overwritten).
  const rollbackFile = args.saveRollback ?? `a new file in ${ROLLBACK_DIRECTORY}`;
  const decisions = await decide(adviseArgs, accepted, flags, rollbackFile, io);

  // 5. Write and apply (no prompt after this point).
  const written: string[] = [];
  const exitCode = carryOut(root, decisions, args.saveRollback ?? defaultRollbackFile(), io, written);

  // 6. Save the answers for replay.
  if (args.saveAnswers !== undefined) {
    const answers: WizardAnswers = {
      version: ANSWERS_VERSION,
      profile,
      context,
      ...(kernel !== undefined ? { kernel } : {}),
      ...(container !== undefined ? { container } : {}),
      target: decisions.final.target,
      changes: { accepted, rejected },
    };
    const saved = atomicWriteFile(resolve(args.saveAnswers), renderAnswersFile(answers));
    written.push(saved.path);
    print(`Answers saved to ${saved.path}; replay with: ${replayCommand(root, saved.path, decisions.final.target)}\n`);
  }
  return { exitCode, written };
}

/**
 * The replay of this run: the answers carry profile, context, kernel and the accepted keys; the
 * root and the output must be said, or a pasted replay reads this machine and writes its /etc.
 */
function replayCommand(root: string, answersFile: string, target: string): string {
  const words = ['sysctl-advisor', 'advise', '--answers', answersFile];
  if (root === '/') words.push('-o', target, '--apply');
  else words.push('--root', root, '-o', `./${target.split('/').pop()}`);
  return `${words.map(shellWord).join(' ')}${root === '/' ? '' : ' (then copy that file to the host)'}`;
}
