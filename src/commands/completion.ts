import type { CommandSpec } from './spec.js';
import { ok } from '../util/command-io.js';

export const completionCommand: CommandSpec<{ readonly shell?: 'bash' | 'zsh' }> = {
  command: 'completion [shell]',
  describe: 'Print a bash or zsh completion script for sysctl-advisor (commands, options, values)',
  builder: (yargs) =>
    yargs
      .positional('shell', { type: 'string', choices: ['bash', 'zsh'], describe: 'Default: zsh when $SHELL is zsh, else bash' })
      .example('$0 completion bash >> ~/.bashrc', 'bash: completes in new shells')
      .example('$0 completion zsh > ~/.zfunc/_sysctl-advisor', 'zsh, with ~/.zfunc in $fpath'),
  run: async (args, environment) => ok((await import('../completion/scripts.js')).completionScript(args.shell, environment.env)),
};
