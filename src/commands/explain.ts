import type { CommandSpec } from './spec.js';
import type { ExplainArgs } from '../explain/run.js';
import { kernelFlag, middleboxFlag } from './flag-checks.js';

export const explainCommand: CommandSpec<ExplainArgs> = {
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
      })
      .option('lb', {
        type: 'string',
        requiresArg: true,
        coerce: middleboxFlag('lb'),
        describe: 'With a keepalive or conntrack key: the load balancer in front (aws-alb, aws-nlb, gcp-lb, azure-lb, f5, or seconds)',
      })
      .option('nat', {
        type: 'string',
        requiresArg: true,
        coerce: middleboxFlag('nat'),
        describe: 'With a keepalive or conntrack key: the NAT on the path (aws-nat-gateway, gcp-cloud-nat, azure-nat-gateway, or seconds)',
      })
      .example('$0 explain tcp_fin_timeout', 'Default, accepted range, what it really does, common misconceptions')
      .example('$0 explain net.ipv4.tcp_syn_retries --kernel 4.9', 'The same for another kernel (defaults and timing differ)')
      .example('$0 explain tcp_keepalive_time --lb aws-alb --nat aws-nat-gateway', 'The idle-timeout chain those middleboxes make')
      .epilogue('Exit codes: 0 explained; 2 bad usage or a key the catalogue does not know (with a did-you-mean).'),
  missingArgument: 'explain needs a sysctl key, e.g. sysctl-advisor explain tcp_fin_timeout',
  run: async (args) => (await import('../explain/run.js')).runExplain(args),
};
