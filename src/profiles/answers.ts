/**
 * The wizard's answers as a YAML file (--save-answers FILE), and their replay: advise --answers
 * FILE and generate --answers FILE take the profile, the context and (advise) the accepted
 * change keys and the target from it, so a wizard run is reproducible in provisioning.
 * No prompt library here: advise and generate import this module.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { idleTimeoutProblem } from '../safety/keepalive.js';
import type { ContextFlags } from './context.js';
import { kernelProblem } from '../kernel/target.js';
import { middleboxSetting, type Context } from './context.js';
import { parseMiddlebox, type Middlebox } from '../params/middleboxes.js';
import { InputError, UsageError } from '../util/errors.js';

export const ANSWERS_VERSION = 1;
/** advise's --profile default: not a choice the user made, so it never conflicts with a file. */
const ADVISE_DEFAULT_PROFILE = 'conservative';

export interface WizardAnswers {
  readonly version: typeof ANSWERS_VERSION;
  /** A built-in profile name or a profile file path. */
  readonly profile: string;
  readonly context: Context;
  /** --kernel, when the run targeted another kernel than the root's. */
  readonly kernel?: string;
  /** --container or the wizard's answer, when detection could not tell. */
  readonly container?: boolean;
  /** The drop-in, as a path inside the root ("/etc/sysctl.d/90-sysctl-advisor.conf"). */
  readonly target: string;
  readonly changes: { readonly accepted: readonly string[]; readonly rejected: readonly string[] };
}

export function renderAnswersFile(answers: WizardAnswers): string {
  const header = [
    '# sysctl-advisor wizard answers. Replay without prompts:',
    '#   sysctl-advisor advise --answers THIS_FILE -o /etc/sysctl.d/90-sysctl-advisor.conf --apply   (as root, on the host)',
    '#   sysctl-advisor generate --answers THIS_FILE   (profile and context only)',
    '# Values are recomputed on the host that replays it; only the accepted keys are proposed.',
  ];
  // Middleboxes as their preset names (or seconds), as --lb and --nat take them.
  const { lb, nat, ...context } = answers.context;
  const recorded = {
    ...answers,
    context: { ...context, ...(lb ? { lb: middleboxSetting(lb) } : {}), ...(nat ? { nat: middleboxSetting(nat) } : {}) },
  };
  return `${header.join('\n')}\n${stringify(recorded, { nullStr: 'null' })}`;
}

function fail(file: string, message: string): never {
  throw new InputError(message, { file });
}

function readBoolean(file: string, value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') fail(file, `${name} must be true or false`);
  return value;
}

function readKeys(file: string, value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.some((key) => typeof key !== 'string')) fail(file, `${name} must be a list of sysctl keys`);
  return value as string[];
}

/** Reads and checks an answers file; every problem names the file and the field. */
export function readAnswersFile(file: string): WizardAnswers {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(
      file,
      code === 'ENOENT' ? 'cannot read answers: no such file' : `not a YAML answers file: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(file, 'not a wizard answers file (expected a YAML mapping)');
  const raw = data as Record<string, unknown>;
  if (raw.version !== ANSWERS_VERSION) fail(file, `version must be ${ANSWERS_VERSION} (written by this sysctl-advisor's wizard)`);
  if (typeof raw.profile !== 'string' || raw.profile === '') fail(file, 'profile must name a built-in profile or a profile file');
  if (typeof raw.target !== 'string' || !raw.target.startsWith('/'))
    fail(file, 'target must be an absolute path inside the root, e.g. /etc/sysctl.d/90-sysctl-advisor.conf');
  const context = raw.context as Record<string, unknown> | undefined;
  if (typeof context !== 'object' || context === null) fail(file, 'context is missing');
  const idleTimeout = context.idleTimeout;
  if (idleTimeout !== null) {
    // The same check as --idle-timeout (safety/keepalive.ts).
    const problem = typeof idleTimeout === 'number' ? idleTimeoutProblem(idleTimeout) : idleTimeoutProblem(NaN);
    if (problem) fail(file, `context.idleTimeout ${problem}, or null for none`);
  }
  const boxes: { lb?: Middlebox; nat?: Middlebox } = {};
  for (const role of ['lb', 'nat'] as const) {
    const setting = context[role];
    if (setting === undefined || setting === null) continue;
    const box =
      typeof setting === 'string' || typeof setting === 'number' ? parseMiddlebox(role, String(setting)) : 'takes a name or seconds';
    if (typeof box === 'string') fail(file, `context.${role} ${box}, or null for none`);
    boxes[role] = box;
  }
  const changes = raw.changes as Record<string, unknown> | undefined;
  if (typeof changes !== 'object' || changes === null) fail(file, 'changes is missing (accepted and rejected keys)');
  if (raw.kernel !== undefined) {
    const problem = typeof raw.kernel === 'string' ? kernelProblem(raw.kernel) : 'must be a version such as "6.8"';
    if (problem) fail(file, `kernel ${problem}`);
  }
  return {
    version: ANSWERS_VERSION,
    profile: raw.profile,
    context: {
      clientsBehindNat: readBoolean(file, context.clientsBehindNat, 'context.clientsBehindNat'),
      natGateway: readBoolean(file, context.natGateway, 'context.natGateway'),
      idleTimeout: idleTimeout as number | null,
      ...boxes,
    },
    ...(raw.kernel !== undefined ? { kernel: raw.kernel as string } : {}),
    ...(raw.container !== undefined ? { container: readBoolean(file, raw.container, 'container') } : {}),
    target: raw.target,
    changes: {
      accepted: readKeys(file, changes.accepted, 'changes.accepted'),
      rejected: readKeys(file, changes.rejected ?? [], 'changes.rejected'),
    },
  };
}

/** What advise and generate take from an answers file (fields they do not have are ignored). */
export interface ReplayableArgs extends ContextFlags {
  /** --answers FILE. */
  readonly answers?: string;
  readonly profile?: string;
  readonly root?: string;
  readonly target?: string;
  readonly container?: boolean;
  /** The context to use as is (set by applyAnswers and by the wizard; "none" idle timeout included). */
  readonly replayedContext?: Context;
  /** Only these change keys are proposed (the ones the wizard's user accepted). */
  readonly acceptedKeys?: readonly string[];
}

/**
 * The args to use: unchanged without --answers; otherwise the file's profile, context, kernel,
 * container flag, accepted keys and (with a root) target. Context flags given on the command
 * line still win over the file's context; a --profile that contradicts the file is an error.
 */
export function applyAnswers<T extends ReplayableArgs>(args: T): T {
  if (args.answers === undefined) return args;
  const answers = readAnswersFile(args.answers);
  if (args.profile !== undefined && args.profile !== ADVISE_DEFAULT_PROFILE && args.profile !== answers.profile) {
    throw new UsageError(`--profile ${args.profile} contradicts the answers file's profile ${answers.profile}; give one of them`);
  }
  let context: Context = {
    clientsBehindNat: args.clientsBehindNat ?? answers.context.clientsBehindNat,
    natGateway: args.natGateway ?? answers.context.natGateway,
    idleTimeout: args.idleTimeout ?? answers.context.idleTimeout,
  };
  const lb = args.lb ?? answers.context.lb;
  const nat = args.nat ?? answers.context.nat;
  if (lb) context = { ...context, lb };
  if (nat) context = { ...context, nat };
  const kernel = args.kernel ?? answers.kernel;
  const container = args.container ?? answers.container;
  const target = args.target ?? (args.root !== undefined ? join(resolve(args.root), answers.target) : undefined);
  return {
    ...args,
    profile: answers.profile,
    replayedContext: context,
    acceptedKeys: answers.changes.accepted,
    ...(kernel !== undefined ? { kernel } : {}),
    ...(container !== undefined ? { container } : {}),
    ...(target !== undefined ? { target } : {}),
  };
}
