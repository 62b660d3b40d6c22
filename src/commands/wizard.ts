import type { CommandSpec } from './spec.js';
import { withContextOptions } from './context-options.js';
import type { WizardArgs } from '../wizard/flow.js';

export const wizardCommand: CommandSpec<WizardArgs> = {
  command: 'wizard',
  describe:
    'Interactive: detect, ask what detection cannot know, review each change, write the drop-in, optionally apply it with a rollback file',
  builder: (yargs) =>
    withContextOptions(
      yargs
        .option('root', { type: 'string', default: '/', describe: 'Work on the host under DIR (nothing is applied unless it is /)' })
        .option('profile', { type: 'string', describe: 'Built-in profile name or a profile file (not asked when given)' })
        .option('target', {
          type: 'string',
          describe: 'The drop-in to write (default ROOT/etc/sysctl.d/90-sysctl-advisor.conf; not asked when given)',
        })
        .option('container', { type: 'boolean', describe: "Treat the root as a container's network namespace" })
        .option('save-answers', {
          type: 'string',
          describe: 'Save the answers (YAML) for "advise --answers FILE" / "generate --answers FILE"',
        })
        .option('interval', {
          type: 'number',
          describe:
            'On this host, read the kernel counters at detection and again at least SECONDS later, for rates (default 3; 0: totals only)',
        })
        .option('save-rollback', {
          type: 'string',
          describe:
            'A new file where applying saves the previous values, never an existing one (default /var/lib/sysctl-advisor/rollback-TIME.conf)',
        })
        .example('$0 wizard', 'On the host, as root to be offered to apply')
        .example(
          '$0 wizard --root /tmp/bundle --save-answers answers.yaml',
          'On a collected bundle; replay with advise --answers answers.yaml',
        )
        .epilogue(
          'Exit codes: 0 done; 1 applying failed and was rolled back; 2 no terminal, bad usage or input (before any question when it can be known); 3 rolling back failed too; 130 Ctrl-C at a prompt, nothing written.',
        ),
    ),
  run: async (args, environment) => (await import('../wizard/run.js')).runWizard(args, environment),
};
