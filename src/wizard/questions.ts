/**
 * The wizard's questions as data: each says when it is asked (never when a flag already gave the
 * answer or detection knows it), its one-line explanation, and a default derived from what
 * detection saw. The runner (flow.ts) only walks this list; tests walk it without a terminal.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { idleTimeoutProblem } from '../safety/keepalive.js';
import { kernelProblem } from '../kernel/target.js';
import { NEWEST_KNOWN_KERNEL } from '../kernel/version.js';
import { loadProfile } from '../profiles/load.js';
import { middleboxOfSetting, type Context } from '../profiles/context.js';
import { MIDDLEBOX_IDS, MIDDLEBOX_PRESETS, type Middlebox, type MiddleboxRole } from '../params/middleboxes.js';
import type { ContextDefaults } from '../profiles/types.js';
import type { Detection } from './detect.js';
import { IDLE_TIMEOUT_CHOICES, idleTimeoutChoiceFor, idleTimeoutSeconds } from './idle-timeouts.js';

/** What the command line already said; a flag that is set is never asked again. */
export interface WizardFlags {
  readonly profile?: string;
  readonly clientsBehindNat?: boolean;
  readonly natGateway?: boolean;
  readonly idleTimeout?: number;
  readonly lb?: Middlebox;
  readonly nat?: Middlebox;
  readonly kernel?: string;
  readonly container?: boolean;
  readonly target?: string;
}

/** The answers given so far. */
export interface Draft {
  profile?: string;
  profileFile?: string;
  clientsBehindNat?: boolean;
  natGateway?: boolean;
  idleTimeout?: string;
  idleTimeoutSeconds?: number;
  /** A preset id of params/middleboxes.ts, or "none". */
  lb?: string;
  nat?: string;
  kernel?: string;
  container?: boolean;
}

export interface QuestionContext {
  readonly detection: Detection;
  readonly flags: WizardFlags;
  readonly answers: Readonly<Draft>;
  /** Context defaults of the profile chosen so far ({} before the profile is known). */
  readonly profileDefaults: ContextDefaults;
}

export interface Choice {
  readonly name: string;
  readonly value: string;
  readonly description?: string;
}

interface QuestionBase {
  readonly message: string;
  readonly explain: (ctx: QuestionContext) => string;
  readonly when: (ctx: QuestionContext) => boolean;
}

export type Question =
  | (QuestionBase & {
      readonly kind: 'select';
      readonly id: 'profile' | 'idleTimeout' | 'lb' | 'nat';
      readonly choices: (ctx: QuestionContext) => readonly Choice[];
      readonly default: (ctx: QuestionContext) => string;
    })
  | (QuestionBase & {
      readonly kind: 'confirm';
      readonly id: 'clientsBehindNat' | 'natGateway' | 'container';
      readonly default: (ctx: QuestionContext) => boolean;
    })
  | (QuestionBase & {
      readonly kind: 'input';
      readonly id: 'profileFile' | 'kernel';
      readonly default: (ctx: QuestionContext) => string | undefined;
      readonly validate: (value: string) => true | string;
    })
  | (QuestionBase & {
      readonly kind: 'number';
      readonly id: 'idleTimeoutSeconds';
      readonly default: (ctx: QuestionContext) => number | undefined;
      readonly validate: (value: number | undefined) => true | string;
    });

/** The profile choice that leads to a file-path question. */
export const PROFILE_FILE_CHOICE = ':file';

/** Built-in profiles in the order a person scans them, with what each is for. */
export const WORKLOADS: readonly { readonly profile: string; readonly name: string }[] = [
  { profile: 'web-server', name: 'Web server: many short inbound connections' },
  { profile: 'reverse-proxy', name: 'Reverse proxy: inbound clients plus many connections to a few upstreams' },
  { profile: 'outbound-client', name: 'Outbound client: crawlers, API clients, many connections out' },
  { profile: 'long-lived', name: 'Long-lived connections: WebSocket, databases, brokers through middleboxes' },
  { profile: 'edge', name: 'Public edge: exposed to SYN floods and vanishing clients' },
  { profile: 'conservative', name: 'Conservative: kernel defaults, change only what the evidence shows' },
];

/** Outbound TIME_WAIT sockets from which a host counts as a client of remote services. */
const MANY_OUTBOUND_TIME_WAIT = 100;
/** Half-open connections from which a listener looks attacked (the default listen backlog is 4096; 256 is well above normal). */
const MANY_SYN_RECV = 256;

/** The workload the sockets suggest, and why, in words the user sees next to the default. */
export function suggestWorkload(detection: Detection): { readonly profile: string; readonly reason: string } {
  const sockets = detection.sockets;
  if (!sockets) return { profile: 'conservative', reason: 'no socket table under the root' };
  const outbound = sockets.outboundTimeWait >= MANY_OUTBOUND_TIME_WAIT;
  const listening = sockets.publicListeners > 0;
  const synDrops = detection.alarming.some((counter) => counter.name === 'TCPReqQFullDrop');
  if (listening && (sockets.synRecv >= MANY_SYN_RECV || synDrops)) {
    return {
      profile: 'edge',
      reason: `${sockets.synRecv} half-open (SYN_RECV) connections${synDrops ? ' and SYN drops' : ''} on a listening host`,
    };
  }
  if (outbound && listening)
    return { profile: 'reverse-proxy', reason: `listeners plus ${sockets.outboundTimeWait} TIME_WAIT sockets towards upstreams` };
  if (outbound) return { profile: 'outbound-client', reason: `${sockets.outboundTimeWait} TIME_WAIT sockets towards remote services` };
  if (listening) return { profile: 'web-server', reason: `${sockets.publicListeners} listener(s) and little outbound traffic` };
  return { profile: 'conservative', reason: 'neither public listeners nor many outbound connections' };
}

function profileChoices(available: readonly string[]): Choice[] {
  const known = WORKLOADS.filter((w) => available.includes(w.profile)).map((w) => ({ name: w.name, value: w.profile }));
  const others = available.filter((name) => !WORKLOADS.some((w) => w.profile === name)).map((name) => ({ name, value: name }));
  return [...known, ...others, { name: 'A profile file (path)', value: PROFILE_FILE_CHOICE }];
}

/** The questions, in order. `builtinProfiles` are the names the profile choice lists. */
export function wizardQuestions(builtinProfiles: readonly string[]): readonly Question[] {
  return [
    {
      kind: 'select',
      id: 'profile',
      message: 'Which workload does this host run?',
      explain: (ctx) => {
        const suggestion = suggestWorkload(ctx.detection);
        return `The profile sets targets for this kind of traffic; the rules still fix what the evidence shows. Suggested: ${suggestion.profile} (${suggestion.reason}).`;
      },
      when: (ctx) => ctx.flags.profile === undefined,
      choices: () => profileChoices(builtinProfiles),
      default: (ctx) => suggestWorkload(ctx.detection).profile,
    },
    {
      kind: 'input',
      id: 'profileFile',
      message: 'Profile file:',
      explain: () => 'A YAML profile of your own (see docs/profiles.md); it is validated before use.',
      when: (ctx) => ctx.flags.profile === undefined && ctx.answers.profile === PROFILE_FILE_CHOICE,
      default: () => undefined,
      validate: (value) => {
        const path = resolve(value.trim());
        if (value.trim() === '') return 'Give a path';
        if (!existsSync(path)) return `No such file: ${path}`;
        try {
          loadProfile(path);
          return true;
        } catch (error) {
          // Show the first problem; the user fixes the file and types the path again.
          return `Not a valid profile: ${(error as Error).message.split('\n')[0]}`;
        }
      },
    },
    {
      kind: 'confirm',
      id: 'container',
      message: "Is this a container's network namespace?",
      explain: () =>
        'Detection could not tell. In a container, per-namespace keys start at kernel defaults and host-wide keys belong to the host.',
      when: (ctx) => ctx.flags.container === undefined && ctx.detection.namespace === 'unknown',
      default: () => false,
    },
    {
      kind: 'input',
      id: 'kernel',
      message: 'Which kernel will read these settings (X.Y)?',
      explain: () => 'The root has no proc/sys/kernel/osrelease; keys and defaults differ by kernel version.',
      when: (ctx) => ctx.flags.kernel === undefined && !ctx.detection.kernelKnown,
      default: () => NEWEST_KNOWN_KERNEL,
      // The same check as --kernel (kernel/target.ts).
      validate: (value) => {
        const problem = kernelProblem(value);
        return problem ? `The kernel ${problem}` : true;
      },
    },
    {
      kind: 'confirm',
      id: 'clientsBehindNat',
      message: 'Do clients reach this host through NAT (carrier-grade NAT, offices, a NAT gateway)?',
      explain: () =>
        'Clients behind one NAT share an address but not a timestamp clock, so per-host timestamp tricks (tcp_tw_recycle) drop their SYNs; the advisor then refuses them.',
      when: (ctx) => ctx.flags.clientsBehindNat === undefined,
      default: (ctx) => ctx.profileDefaults.clientsBehindNat ?? true,
    },
    {
      kind: 'confirm',
      id: 'natGateway',
      message: 'Does this host translate addresses for others (a NAT gateway or router)?',
      explain: (ctx) =>
        `A NAT gateway keeps a conntrack entry per flow, so the conntrack table size and timeouts matter. ${
          ctx.detection.ipForward === undefined
            ? 'ip_forward was not readable.'
            : `ip_forward is ${ctx.detection.ipForward} here${ctx.detection.ipForward === '1' ? ' (it routes packets)' : ''}.`
        }`,
      when: (ctx) => ctx.flags.natGateway === undefined,
      default: (ctx) =>
        ctx.detection.ipForward !== undefined ? ctx.detection.ipForward === '1' : (ctx.profileDefaults.natGateway ?? false),
    },
    {
      kind: 'select',
      id: 'idleTimeout',
      message: 'Idle timeout of the load balancer, firewall or NAT in front of this host?',
      explain: () =>
        'A middlebox silently forgets connections idle longer than this; keepalive probes must come sooner. Take the smallest on the path.',
      when: (ctx) => ctx.flags.idleTimeout === undefined,
      choices: () =>
        IDLE_TIMEOUT_CHOICES.map((choice) => ({
          name: choice.name,
          value: choice.id,
          ...(choice.source ? { description: `Source: ${choice.source}` } : {}),
        })),
      default: (ctx) => idleTimeoutChoiceFor(ctx.profileDefaults.idleTimeout),
    },
    middleboxQuestion('lb'),
    middleboxQuestion('nat'),
    {
      kind: 'number',
      id: 'idleTimeoutSeconds',
      message: 'Idle timeout in seconds:',
      explain: () => 'The smallest idle timeout of any middlebox on the path, in seconds.',
      when: (ctx) => ctx.flags.idleTimeout === undefined && ctx.answers.idleTimeout === 'custom',
      default: (ctx) => (typeof ctx.profileDefaults.idleTimeout === 'number' ? ctx.profileDefaults.idleTimeout : undefined),
      // The same check as --idle-timeout (safety/keepalive.ts).
      validate: (value) => {
        const problem = idleTimeoutProblem(value ?? NaN);
        return problem ? `The idle timeout ${problem}` : true;
      },
    },
  ];
}

const MIDDLEBOX_MESSAGES: Record<MiddleboxRole, string> = {
  lb: 'Which load balancer sends traffic to the servers on this host?',
  nat: 'Which NAT do connections from this host go through?',
};

/**
 * --lb and --nat as questions, asked where the chain can be checked: the root has application
 * configs (nginx, Apache httpd, HAProxy, Envoy) or the profile names a middlebox. An
 * --idle-timeout on the command line already describes the path (a scripted run), so they are
 * not asked then. The default is the profile's; the explanation shows the keep-alive detected here.
 */
function middleboxQuestion(role: MiddleboxRole): Question {
  return {
    kind: 'select',
    id: role,
    message: MIDDLEBOX_MESSAGES[role],
    explain: (ctx) => {
      const servers = ctx.detection.apps?.servers ?? [];
      const seen = servers.length
        ? ` Detected here: ${servers
            .slice(0, 3)
            .map((s) => `${s.name} keeps idle connections ${s.keepAlive.seconds} s (${s.keepAlive.directive})`)
            .join('; ')}.`
        : '';
      return role === 'lb'
        ? `A load balancer that reuses idle connections must give them up before the server does, or requests fail with 502.${seen}`
        : `A NAT forgets idle connections after its timeout; TCP keepalive must probe sooner.${seen}`;
    },
    when: (ctx) =>
      ctx.flags[role] === undefined &&
      ctx.flags.idleTimeout === undefined &&
      (ctx.detection.apps !== undefined || (ctx.profileDefaults.lb ?? null) !== null || (ctx.profileDefaults.nat ?? null) !== null),
    choices: () => [
      { name: 'None, or not known', value: 'none' },
      ...MIDDLEBOX_PRESETS.filter((p) => p.role === role).map((p) => ({
        name: `${p.name}: ${p.seconds} s`,
        value: p.id,
        description: `${p.note}. Source: ${p.source}`,
      })),
    ],
    default: (ctx) => {
      const setting = ctx.profileDefaults[role];
      return typeof setting === 'string' && MIDDLEBOX_IDS[role].includes(setting) ? setting : 'none';
    },
  };
}

/** The ids of the questions that would be asked, answering each with its default (for tests and docs). */
export function questionsAsked(
  questions: readonly Question[],
  base: Omit<QuestionContext, 'answers'>,
  answers: Readonly<Draft> = {},
): string[] {
  const ctx: QuestionContext = { ...base, answers };
  return questions.filter((question) => question.when(ctx)).map((question) => question.id);
}

/** The profile the flags or the answers chose (a file path resolved to absolute). */
export function chosenProfile(flags: WizardFlags, answers: Readonly<Draft>): string | undefined {
  if (flags.profile !== undefined) return flags.profile;
  if (answers.profile === PROFILE_FILE_CHOICE) return answers.profileFile === undefined ? undefined : resolve(answers.profileFile.trim());
  return answers.profile;
}

/** Flags first, then answers, then the profile's defaults, then ours (as resolveContext does). */
export function chosenContext(flags: WizardFlags, answers: Readonly<Draft>, profileDefaults: ContextDefaults): Context {
  const idleTimeout =
    flags.idleTimeout ??
    (answers.idleTimeout !== undefined
      ? idleTimeoutSeconds(answers.idleTimeout, answers.idleTimeoutSeconds)
      : (profileDefaults.idleTimeout ?? null));
  const box = (role: MiddleboxRole): Middlebox | undefined =>
    flags[role] ??
    (answers[role] !== undefined
      ? answers[role] === 'none'
        ? undefined
        : middleboxOfSetting(role, answers[role])
      : middleboxOfSetting(role, profileDefaults[role]));
  const lb = box('lb');
  const nat = box('nat');
  return {
    clientsBehindNat: flags.clientsBehindNat ?? answers.clientsBehindNat ?? profileDefaults.clientsBehindNat ?? true,
    natGateway: flags.natGateway ?? answers.natGateway ?? profileDefaults.natGateway ?? false,
    idleTimeout,
    ...(lb ? { lb } : {}),
    ...(nat ? { nat } : {}),
  };
}
