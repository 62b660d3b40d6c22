import type { CommandSpec } from './spec.js';

export const explainCommand: CommandSpec = {
  command: 'explain <key>',
  describe: 'What a sysctl really does: default, range, misconceptions, timing math, profiles, sources',
  builder: (yargs) =>
    yargs
      .positional('key', { type: 'string', describe: 'tcp_fin_timeout, net.ipv4.tcp_fin_timeout or net/ipv4/tcp_fin_timeout' })
      .option('kernel', { type: 'string', describe: 'Target kernel X.Y[.Z] (default: the running kernel, else the newest known)' }),
  run: async (args) => (await import('../explain/run.js')).runExplain(args as { key: string; kernel?: string }),
};
