import { stringify } from 'yaml';
import { ok, type CommandOutput } from '../commands/types.js';
import { describeError, InputError, InputErrors, UsageError } from '../util/errors.js';
import { builtinProfileNames } from './builtin.js';
import { loadProfile } from './load.js';
import type { Profile } from './types.js';

export async function runProfiles(args: { action: 'list' | 'show' | 'validate'; profiles?: string[]; debug?: boolean }): Promise<CommandOutput> {
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
      const valid: string[] = [];
      for (const name of names) {
        try {
          loadProfile(name);
          valid.push(`${name}: valid`);
        } catch (error) {
          if (!(error instanceof InputError || error instanceof InputErrors)) throw error;
          problems.push(describeError(error, args.debug === true)); // --debug: the stack too, as for every other error
        }
      }
      return problems.length > 0
        ? { stdout: valid.length ? `${valid.join('\n')}\n` : '', stderr: `${problems.join('\n')}\n`, exitCode: 2 }
        : ok(`${valid.join('\n')}\n`);
    }
  }
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
