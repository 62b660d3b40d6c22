import type { CommandSpec } from './spec.js';
import type { GenerateArgs } from '../generate/run.js';
import { withContextOptions } from './context-options.js';
import { withEmitOptions } from './emit-options.js';

export const generateCommand: CommandSpec<GenerateArgs> = {
  command: 'generate',
  describe: 'Print a sysctl.d drop-in for a profile, every line explained',
  builder: (yargs) =>
    withEmitOptions(withContextOptions(yargs), ['ansible', 'ansible-vars', 'kubernetes', 'tuned'])
      .option('profile', { type: 'string', describe: 'Built-in profile name or a profile file (required unless --answers gives it)' })
      .option('answers', { type: 'string', describe: 'Take the profile and context from a wizard run (--save-answers FILE)' })
      .option('output', { alias: 'o', type: 'string', describe: 'Write to FILE atomically (previous file kept as FILE.bak)' })
      .example('$0 generate --profile web-server --kernel 6.8', 'A drop-in for web servers on Linux 6.8, every line explained')
      .example(
        '$0 generate --profile long-lived --idle-timeout 350 -o 90-sysctl-advisor.conf',
        'Keepalive fitted to a 350 s idle timeout, written to a file with a .bak',
      )
      .example(
        '$0 generate --profile long-lived --emit ansible --emit kubernetes --kubernetes 1.29 --out-dir out/',
        'The same settings as an Ansible playbook and as a pod securityContext.sysctls snippet (safe keys only)',
      )
      .epilogue(
        'Exit codes: 0 generated (refused values are listed in the file and on stderr); 2 bad usage, or a profile that is invalid.',
      ),
  run: async (args) => (await import('../generate/run.js')).runGenerate(args),
};
