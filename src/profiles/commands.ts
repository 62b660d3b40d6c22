import { stringify } from 'yaml';
import { ok, type CommandOutput } from '../util/command-io.js';
import { profileTargetHarm } from '../safety/harmful.js';
import { describeError, InputError, InputErrors, printable, UsageError } from '../util/errors.js';
import { builtinProfileNames } from './builtin.js';
import { loadProfile } from './load.js';
import type { Profile } from './types.js';

export interface ProfilesArgs {
  readonly action: 'list' | 'show' | 'validate';
  readonly profiles?: readonly string[];
  readonly debug?: boolean;
}

export async function runProfiles(args: ProfilesArgs): Promise<CommandOutput> {
  const names = args.profiles ?? [];
  switch (args.action) {
    case 'list': {
      const rows = builtinProfileNames().map((name) => {
        const profile = loadProfile(name);
        return `${name.padEnd(16)} ${profile.summary}${profile.chain.length > 1 ? ` (extends ${profile.chain.at(-2)})` : ''}`;
      });
      return ok(`${rows.join('\n')}\n`);
    }
    case 'show': {
      if (names.length !== 1) throw new UsageError('profiles show takes one profile name or file');
      const profile = loadProfile(names[0]!);
      const header = `# ${profile.name}, resolved: ${profile.chain.join(' > ')} (${profile.file})\n`;
      return ok(header + stringify(profileAsYaml(profile), { lineWidth: 0 }));
    }
    case 'validate': {
      if (names.length === 0) throw new UsageError('profiles validate takes one or more files');
      const problems: string[] = [];
      const warnings: string[] = [];
      const valid: string[] = [];
      for (const name of names) {
        try {
          const profile = loadProfile(name);
          warnings.push(...harmWarnings(profile));
          valid.push(`${name}: valid`);
        } catch (error) {
          if (!(error instanceof InputError || error instanceof InputErrors)) throw error;
          const described = describeError(error, args.debug === true); // --debug: the stack too, as for every other error
          problems.push(
            args.debug
              ? `${PREFIX}${described}`
              : described
                  .split('\n')
                  .map((line) => `${PREFIX}${line}`)
                  .join('\n'),
          );
        }
      }
      const stderr = [...warnings, ...problems].join('\n');
      return problems.length > 0
        ? { stdout: valid.length ? `${valid.join('\n')}\n` : '', stderr: `${stderr}\n`, exitCode: 2 }
        : { stdout: `${valid.join('\n')}\n`, exitCode: 0, ...(stderr ? { stderr: `${stderr}\n` } : {}) };
    }
  }
}

const PREFIX = 'sysctl-advisor: ';

/**
 * What a valid profile still deserves a word about: targets it forces although the advisor refuses
 * them, and targets refused only on some hosts (advise and generate leave them out there).
 */
function harmWarnings(profile: Profile): string[] {
  const warnings: string[] = [];
  for (const target of profile.targets.values()) {
    const harm = profileTargetHarm(target.key, target.value);
    if (!harm) continue;
    const at = `${target.definedIn.file}:${target.definedIn.line ?? 1}`;
    const what = target.force
      ? `target ${target.key} forces ${target.value} ("${target.force}"), which the advisor refuses: ${harm.reason}; generate writes it under a WARNING comment, and review never proposes it as a fix`
      : `target ${target.key}: ${harm.reason}; advise and generate leave it out on those hosts`;
    warnings.push(`${PREFIX}${at}: warning: ${printable(what)}`);
  }
  return warnings;
}

/** The resolved profile in the same shape a user writes, so `show` output is itself a valid profile. */
function profileAsYaml(profile: Profile): Record<string, unknown> {
  const targets: Record<string, unknown> = {};
  for (const target of profile.targets.values()) {
    targets[target.key] = {
      value: /^-?\d+$/.test(target.value) ? Number(target.value) : target.value,
      why: target.why,
      source: target.source,
      ...(target.only ? { only: target.only } : {}),
      ...(target.pin ? { pin: true } : {}),
      ...(target.force ? { force: target.force } : {}),
    };
  }
  return {
    name: profile.name,
    summary: profile.summary,
    ...(Object.keys(profile.context).length ? { context: profile.context } : {}),
    ...(Object.keys(targets).length ? { targets } : {}),
    ...(Object.keys(profile.rules).length ? { rules: profile.rules } : {}),
    ...(profile.monitor ? { monitor: profile.monitor } : {}),
  };
}
