/** The rule and result vocabulary (ESLint's rule meta + messages is the model). */
import type { Context } from '../profiles/context.js';
import type { Profile } from '../profiles/types.js';
import type { Facts } from '../facts/types.js';

export type Severity = 'error' | 'warning' | 'info';

/** Inputs a rule may need; a missing one makes the rule "skipped", with the reason. */
export type RuleInput = 'config' | 'live' | 'sockets' | 'counters' | 'idle-timeout' | 'apps';

export interface RuleMeta {
  /** kebab-case; equals the file name and docs/rules/<id>.md. */
  readonly id: string;
  readonly severity: Severity;
  /**
   * The severity contract (docs/review.md#severity): the severities the check may emit, and why.
   * error = fails to apply or does harm; warning = worse behaviour or not what it claims; info = harmless.
   */
  readonly severities: { readonly allowed: readonly Severity[]; readonly why: string };
  readonly description: string;
  readonly keys: readonly string[];
  /** Any one of these groups suffices: [['sockets'], ['counters']] means sockets OR counters. */
  readonly needs: readonly (readonly RuleInput[])[];
  /** Kernels the rule applies to, e.g. { until: '4.12' }. */
  readonly kernels?: { readonly from?: string; readonly until?: string };
  readonly references: readonly string[];
  /**
   * Message templates by id; "{name}" is replaced from the finding's data. The first line is the
   * headline (what is wrong and what to do, under ~120 characters once filled, no file path: the
   * finding's location gives it); the lines after the first "\n" are the detail (numbers, caveats, source).
   */
  readonly messages: Readonly<Record<string, string>>;
  /** Templates of the reasons a rule gives for its changes (ProposedChange.why), by id; filled like messages. */
  readonly reasons?: Readonly<Record<string, string>>;
}

/** A proposed change: a value for `key`, or null to remove the line that sets it. */
export interface ProposedChange {
  readonly key: string;
  readonly to: string | null;
  /** Why, with this host's numbers; becomes the comment above the line. */
  readonly why: string;
  /** Safety changes (removing a harmful value, preventing overflow) beat profile targets. */
  readonly priority: 'safety' | 'evidence';
}

export interface RuleReport {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly key?: string;
  /** The numbers that triggered it, by name. */
  readonly evidence?: Readonly<Record<string, string | number>>;
  /** Where in a config file, when a line is at fault. */
  readonly location?: { readonly file: string; readonly line: number; readonly column?: number };
  readonly change?: ProposedChange;
  /** NAT, load-balancer, kernel-version caveats. */
  readonly caveats?: readonly string[];
  /** Override the rule's default severity for this finding (e.g. error above a threshold). */
  readonly severity?: Severity;
}

export interface RuleContext {
  readonly facts: Facts;
  readonly profile: Profile;
  readonly context: Context;
  // Function properties, not methods: rules destructure them (`check({ facts, text })`).
  /** The value in force: live, else configured, else the kernel default; as the kernel prints it. */
  readonly text: (key: string) => string | undefined;
  /** text(key) as a number (first field for vectors); undefined when unknown or not numeric. */
  readonly number: (key: string) => number | undefined;
  /** The kernel default for the target kernel and host, when computable. */
  readonly defaultOf: (key: string) => string | undefined;
  /**
   * The value after the profile's changes: the profile's target when it sets the key, else text(key).
   * Rules compute proposals from it, so they do not undo a profile target that already does the job.
   */
  readonly planned: (key: string) => string | undefined;
}

export interface Rule {
  readonly meta: RuleMeta;
  /**
   * The rule's reports. A rule that can report on every line of a big review yields them one at
   * a time, so the engine turns each into a finding before the next exists (bench/review.ts).
   */
  check(context: RuleContext): Iterable<RuleReport>;
}

export interface Finding {
  readonly rule: string;
  /** The message template's id in the rule's (or built-in check's) meta.messages. */
  readonly messageId: string;
  readonly severity: Severity;
  readonly key?: string | undefined;
  /** The headline: the template's first line, filled. */
  readonly message: string;
  /** The template's following lines, filled; undefined when the template is one line. */
  readonly detail?: string | undefined;
  /** What filled the template's placeholders. */
  readonly data?: Readonly<Record<string, string | number>> | undefined;
  readonly evidence?: Readonly<Record<string, string | number>> | undefined;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly caveats?: readonly string[] | undefined;
  /** The change this finding proposes, if any (also merged into Result.changes). */
  readonly change?: { readonly key: string; readonly to: string | null } | undefined;
}

/** What the running kernel gets now, when it differs from what it has. */
export interface RuntimeChange {
  /** The live value (/proc/sys). */
  readonly from: string;
  readonly to: string;
}

/**
 * One key's plan, in two parts: what the files say at the next boot (`from` → `to`) and what the
 * running kernel gets now (`runtime`). A file edit alone leaves a harmful live value in place
 * until a reboot; a runtime write alone is lost at the next one.
 */
export interface Change {
  readonly key: string;
  /** What the files set at boot today (the winning line's value); null when no file sets the key. */
  readonly from: string | null;
  /**
   * What the files set at boot after the plan: a value written to the target drop-in, or null
   * when every line that sets the key is removed (the kernel default then applies). Equal to
   * `from` when the files are already right and only the running kernel changes.
   */
  readonly to: string | null;
  /** What the running kernel gets now; null when the live value is already right (or was not read). */
  readonly runtime: RuntimeChange | null;
  /** The kernel default on the target kernel and host, when computable (what applies without a line). */
  readonly kernelDefault?: string;
  /** Rule ids (and "profile:NAME") that led to it. */
  readonly rules: readonly string[];
  readonly why: string;
  /** Where the key is set today, when a config file sets it (removals apply there). */
  readonly file?: string;
  readonly line?: number;
  /** A later file that would override the change: it will not stick until that line changes. */
  readonly overriddenBy?: { readonly file: string; readonly line: number; readonly value: string };
}

/** Whether a change edits the files (the drop-in or a file losing a line), not only the running kernel. */
export function editsFiles(change: Change): boolean {
  return change.from !== change.to;
}

export interface Skipped {
  readonly rule: string;
  readonly reason: string;
}

export interface Result {
  readonly kernel: string;
  readonly kernelSource: string;
  readonly profile: string;
  readonly context: Context;
  readonly findings: readonly Finding[];
  readonly changes: readonly Change[];
  readonly skipped: readonly Skipped[];
}
