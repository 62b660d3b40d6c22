/**
 * The checks that are not rule modules: the engine's own check of profile targets, advise's check
 * of the target drop-in, and review's profile policy, waivers and files it does not check. They
 * are described like rules (meta, messages by id, a page under docs/rules/), so SARIF, docs links,
 * waivers and the registry test treat every id the tool can emit the same way.
 */
import { renderMessage, type FilledMessage } from './messages.js';
import type { RuleMeta } from './types.js';

export interface BuiltinCheck {
  readonly meta: RuleMeta;
  /** What the rule page and SARIF's fullDescription say beyond the one-line description. */
  readonly fullDescription: string;
  /** The command that emits it. */
  readonly emittedBy: 'advise' | 'review';
}

const WAIVER_SYNTAX = '"sysctl-advisor: ignore RULE-ID -- reason"';

export const BUILTIN_CHECKS = {
  profile: {
    emittedBy: 'advise',
    fullDescription:
      'A profile target is proposed as a change when the host differs from it. A target the host or kernel does not have is left out with a note; a target the advisor refuses (a harmful value, src/safety/harmful.ts) is left out with a warning unless the profile forces it.',
    meta: {
      id: 'profile',
      severity: 'info',
      severities: { allowed: ['info'], why: 'a target left out of the plan is a fact about the plan, harmless' },
      description: 'A profile target is left out of the plan: the key is absent here, or the advisor refuses the value.',
      keys: [],
      needs: [],
      references: ['docs/rules/profile.md', 'docs/profiles.md'],
      messages: {
        absentOnHost: 'Profile {profile} sets {key} = {value}, but this host has no such key: left out\nIt is not read under /proc/sys.',
        absentHostWide:
          'Profile {profile} sets {key} = {value}, but this host has no such key: left out\nIt is not read under /proc/sys; it is host-wide and absent inside a container.',
        absentOnKernel: 'Profile {profile} sets {key} = {value}, but kernel {kernel} does not have it: left out',
        refused: 'Profile {profile} asks for {key} = {value}; the advisor refuses it and leaves it out\n{harm}',
      },
    },
  },
  'target-file': {
    emittedBy: 'advise',
    fullDescription:
      'advise writes its changes to one drop-in (--target, default /etc/sysctl.d/90-sysctl-advisor.conf). When the boot tool would not read that file (a file of the same name in a higher-priority directory masks it, or it is outside the directories read at boot), the changes would not survive a reboot.',
    meta: {
      id: 'target-file',
      severity: 'warning',
      severities: { allowed: ['warning'], why: 'the drop-in would not take effect at boot: not what the plan claims' },
      description: 'The target drop-in would not take effect at boot: masked by another file, or not read at all.',
      keys: [],
      needs: [],
      references: ['docs/rules/target-file.md', 'docs/config-files.md'],
      messages: {
        masked:
          'The target drop-in would not take effect: choose another --target\n{by} has the same name in a higher-priority directory and is read instead.',
        notRead: 'The target drop-in is not read at boot: choose another --target\nWhy it is not read: {reason}.',
      },
    },
  },
  'profile-policy': {
    emittedBy: 'review',
    fullDescription:
      "With --profile, each target of the profile is a policy: the line that sets the key (the one that wins under sysctl.d precedence) must hold the target value, or move only in the allowed direction (only: raise|lower). A key the profile sets and no reviewed line sets is reported at the file level. The message carries the profile's rationale and source; the profile's rules section can change the severity.",
    meta: {
      id: 'profile-policy',
      severity: 'warning',
      severities: {
        allowed: ['info', 'warning', 'error'],
        why: 'a profile sets its own severity (rules:); a missing key already met is a note',
      },
      description: 'A value deviates from the --profile policy, or a key the profile sets is set by no line.',
      keys: [],
      needs: [['config']],
      references: ['docs/rules/profile-policy.md', 'docs/review.md#profile-policy'],
      messages: {
        deviates: 'Profile {profile} wants {key} {relation} {value}; this line sets {current}\nWhy: {why} (source: {source})',
        unsetDefaultDiffers:
          'Profile {profile} wants {key} {relation} {value}, but no reviewed file sets it: add the line\nAdd "{key} = {value}"; the kernel default on {kernel} is {default}. Why: {why} (source: {source})',
        unsetDefaultUnknown:
          'Profile {profile} wants {key} {relation} {value}, but no reviewed file sets it: add the line\nAdd "{key} = {value}"; the kernel default on {kernel} depends on the host. Why: {why} (source: {source})',
        unsetDefaultMeets:
          'Profile {profile} wants {key} {relation} {value}; no file sets it, the default meets it\nThe kernel default on {kernel} is {default}; set it explicitly to guard against other files: add "{key} = {value}". Why: {why} (source: {source})',
        unsetDefaultMeetsPinned:
          'Profile {profile} pins {key} {relation} {value}, but no reviewed file sets it: add the line\nAdd "{key} = {value}". No reviewed file sets it; the kernel default on {kernel} is {default}, which meets it, but the profile pins the key so no other file can change it. Why: {why} (source: {source})',
        refusedHere:
          'Profile {profile} wants {key} = {value}, which the advisor refuses: not proposed as a fix\nThis line sets {current}. {harm}',
        refusedUnset:
          'Profile {profile} wants {key} = {value}, which the advisor refuses: not proposed as a fix\nNo reviewed file sets {key}. {harm}',
        forcedHere:
          'Profile {profile} forces {key} = {value}, which the advisor refuses: not proposed as a fix\nThis line sets {current}. The profile says: "{force}". {harm}',
        forcedUnset:
          'Profile {profile} forces {key} = {value}, which the advisor refuses: not proposed as a fix\nNo reviewed file sets {key}. The profile says: "{force}". {harm}',
      },
    },
  },
  waiver: {
    emittedBy: 'review',
    fullDescription: `sysctl.conf has no inline comments, so a waiver is a comment directly above the line it silences: ${WAIVER_SYNTAX}. A waiver must give a reason, name real rule ids, and silence a finding; otherwise it is reported so stale waivers do not pile up.`,
    meta: {
      id: 'waiver',
      severity: 'warning',
      severities: { allowed: ['warning'], why: 'a waiver that silences nothing or has no reason: not what it claims' },
      description: 'A waiver comment without a reason, naming an unknown rule id, or silencing nothing.',
      keys: [],
      needs: [['config']],
      references: ['docs/rules/waiver.md', 'docs/review.md#waivers'],
      messages: {
        notAWaiver: `This sysctl-advisor comment is not a waiver: write ${WAIVER_SYNTAX}\nIt says "{text}".`,
        noRuleId: `Waiver names no rule id: write ${WAIVER_SYNTAX}`,
        neverRuns:
          'Waiver names {rule}, which never runs in a review: remove it\n{rule} needs live values, sockets or counters from a host.',
        unknownRule: 'Waiver names an unknown rule id {rule}: fix or remove it',
        unknownRuleNear: 'Waiver names an unknown rule id {rule}: did you mean {suggestions}?',
        noReason: `Waiver for {rules} has no reason, so it silences nothing: add " -- why this is fine here"\nWrite "sysctl-advisor: ignore {rules} -- why this is fine here".`,
        notAbove:
          'Waiver for {rules} is not directly above a line, so it silences nothing: move it\nA blank line or the end of the file follows the comment; put it right above the line it is for.',
        unused: 'Waiver for {rule} silences nothing: remove it, or the rule id from it\nLine {target} has no {rule} finding.',
      },
    },
  },
  'not-sysctl': {
    emittedBy: 'review',
    fullDescription:
      "detectFormat found no format review reads in the file, or the format's reader found no sysctl in it (a manifest without securityContext.sysctls, a script without sysctl commands). The file is reported once, as a note. Under --root the file lies in a sysctl.d directory, where procps and systemd-sysctl apply it line by line, so there it is a warning to keep it out.",
    meta: {
      id: 'not-sysctl',
      severity: 'info',
      severities: {
        allowed: ['info', 'warning'],
        why: 'info when named on its own (it belongs elsewhere); warning inside sysctl.d, where the tools apply it line by line',
      },
      description:
        'A file review did not check: it sets no sysctl in a format review reads (or, under --root, it is not a sysctl file at all).',
      keys: [],
      needs: [['config']],
      references: ['docs/rules/not-sysctl.md', 'docs/review.md#not-sysctl'],
      messages: {
        inSysctlDirectory:
          'Not a sysctl file, yet in a sysctl.d directory: move it out\nWhat it is: {reason}. Its lines are not checked. sysctl reads any file line by line ("sysctl -p FILE", or any *.conf in a sysctl.d directory) and rejects most of such a file, so keep it out of both.',
        noSysctlSet:
          'Not checked: this file sets no sysctl in a form review reads\nWhat it is: {reason}. docs/formats/ lists the forms review reads.',
        otherFormat: 'Not checked: review does not read sysctls in this format\nWhat it is: {reason}.',
      },
    },
  },
  'not-checked': {
    emittedBy: 'review',
    fullDescription:
      'The embedded-format readers never guess a value: a Jinja or Helm expression, a shell expansion, a loop over an inventory variable or a TuneD function is reported here with where it is and why, so a reviewer knows it was not checked.',
    meta: {
      id: 'not-checked',
      severity: 'info',
      severities: { allowed: ['info'], why: 'a value review cannot evaluate without running something' },
      description:
        'A sysctl setting review found but cannot evaluate without running something (a template expression, a shell variable, a loop over a variable defined elsewhere).',
      keys: [],
      needs: [['config']],
      references: ['docs/rules/not-checked.md', 'docs/review.md#not-checked'],
      messages: {
        unknownValue: '{key} is not checked: its value is known only when the file runs\nWhy: {why}.',
        setting: 'A sysctl setting here is not checked: it is known only when the file runs\nWhy: {why}.',
      },
    },
  },
} as const satisfies Record<string, BuiltinCheck>;

export type BuiltinCheckId = keyof typeof BUILTIN_CHECKS;

/** What a built-in check reports: its message id, the data that fills it, and the filled headline and detail. */
export interface BuiltinMessage extends FilledMessage {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
}

/** A built-in check's message, filled from `data`; an id the check does not have is a bug. */
export function builtinMessage<Id extends BuiltinCheckId>(
  id: Id,
  messageId: keyof (typeof BUILTIN_CHECKS)[Id]['meta']['messages'] & string,
  data: Readonly<Record<string, string | number>>,
): BuiltinMessage {
  const template = (BUILTIN_CHECKS[id].meta.messages as Readonly<Record<string, string>>)[messageId];
  if (template === undefined) throw new Error(`built-in check ${id} has no message "${messageId}"`);
  return { messageId, data, ...renderMessage(template, data) };
}
