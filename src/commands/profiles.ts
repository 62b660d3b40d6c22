import type { CommandSpec } from './spec.js';

export const profilesCommand: CommandSpec = {
  command: 'profiles <action> [profiles..]',
  describe: 'List, show (resolved after extends) or validate profiles',
  builder: (yargs) =>
    yargs
      .positional('action', { choices: ['list', 'show', 'validate'] as const, describe: 'list | show NAME|FILE | validate FILE...' })
      .positional('profiles', { type: 'string', array: true, describe: 'Profile names or files' }),
  run: async (args) => (await import('../profiles/commands.js')).runProfiles(args as { action: 'list' | 'show' | 'validate'; profiles?: string[] }),
};
