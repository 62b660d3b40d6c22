import type { CommandSpec } from './spec.js';
import type { ApplyArgs } from '../apply/run.js';

export const applyCommand: CommandSpec<ApplyArgs> = {
  command: 'apply [file]',
  describe: "Write a drop-in's values into the running kernel now (root, Linux), each read back, previous values saved for --rollback",
  builder: (yargs) =>
    yargs
      .positional('file', { type: 'string', describe: 'A sysctl.d drop-in (e.g. the one the wizard wrote)' })
      .option('rollback', { type: 'string', describe: 'Restore the values saved in this rollback file instead' })
      .option('save-rollback', {
        type: 'string',
        describe: 'A new file to save the previous values in, never an existing one (default /var/lib/sysctl-advisor/rollback-TIME.conf)',
      })
      .option('root', { type: 'string', default: '/', describe: 'Only / is accepted: values go to the running kernel' })
      .conflicts('rollback', 'file')
      .example('$0 apply /etc/sysctl.d/90-sysctl-advisor.conf', 'Apply now; undo with the printed apply --rollback command')
      .example(
        '$0 apply --rollback FILE',
        'Put back the values saved in FILE (the rollback file apply named), and name the config lines that would set them again at boot',
      )
      .epilogue(
        'Exit codes: 0 every value applied (or restored) and read back; 1 the kernel rejected a value and everything already written was rolled back; ' +
          '2 refused before writing anything (bad usage or input, not root, a later file would undo it at boot); 3 rolling back failed too (the message lists the keys left changed).',
      ),
  run: async (args, environment) => (await import('../apply/run.js')).runApply(args, environment),
};
