import type { CommandSpec } from './spec.js';
import { kernelFlag } from './flag-checks.js';

export const explainCommand: CommandSpec = {
  command: 'explain <key>',
  describe: 'What a sysctl really does: default, range, misconceptions, timing math, profiles, sources',
  builder: (yargs) =>
    yargs
      .positional('key', { type: 'string', describe: 'tcp_fin_timeout, net.ipv4.tcp_fin_timeout or net/ipv4/tcp_fin_timeout' })
      .option('kernel', {
        type: 'string',
        requiresArg: true,
        coerce: kernelFlag,
        describe: 'Target kernel X.Y[.Z] or a "uname -r" release (default: the running kernel, else the newest known)',
      }),
  run: async (args) => (await import('../explain/run.js')).runExplain(args as { key: string; kernel?: string }),
};
