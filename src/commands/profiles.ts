import type { CommandSpec } from './spec.js';
import type { ProfilesArgs } from '../profiles/commands.js';

export const profilesCommand: CommandSpec<ProfilesArgs> = {
  command: 'profiles <action> [profiles..]',
  describe: 'List, show (resolved after extends) or validate profiles',
  builder: (yargs) =>
    yargs
      .positional('action', { choices: ['list', 'show', 'validate'] as const, describe: 'What to do' })
      .positional('profiles', { type: 'string', array: true, describe: 'Profile names or files' })
      .example('$0 profiles list', 'The built-in profiles, one line each')
      .example('$0 profiles show web-server', 'A profile resolved after extends (itself a valid profile file)')
      .example('$0 profiles validate my-api.yaml', 'Check your own profile: one line per problem, at file:line:col')
      .epilogue('Exit codes: 0 done (valid); 2 bad usage, or a profile that is invalid (every problem on stderr).'),
  missingArgument: 'profiles needs an action: profiles list, profiles show NAME|FILE, or profiles validate FILE...',
  run: async (args) => (await import('../profiles/commands.js')).runProfiles(args),
};
