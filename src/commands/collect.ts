import type { CommandSpec } from './spec.js';

export interface CollectArgs {
  readonly out?: string;
  readonly script?: boolean;
  readonly root?: string;
  /** Read the kernel counters this many seconds before the rest, so advise --root gives rates. */
  readonly interval?: number;
}

export const collectCommand: CommandSpec = {
  command: 'collect',
  describe: 'Copy what the readers need (/proc files, sysctl config) into a folder, or print a POSIX sh script that does it',
  builder: (yargs) =>
    yargs
      .option('out', { type: 'string', describe: 'New or empty directory to write the bundle to; read it later with --root DIR' })
      .option('script', { type: 'boolean', describe: 'Print an equivalent POSIX sh script (sh collect.sh DIR) for hosts without Node' })
      .option('root', {
        type: 'string',
        describe: "Collect from this root instead of / (it must hold the kernel's proc/sys, e.g. /proc/PID/root of a container)",
      })
      .option('interval', {
        type: 'number',
        describe:
          'Also read the kernel counters SECONDS before the rest, so advise on the bundle reports rates (the script takes it as its second argument)',
      })
      .example('$0 collect --out /tmp/host-bundle', 'Then: sysctl-advisor advise --root /tmp/host-bundle')
      .example(
        '$0 collect --out /tmp/host-bundle --interval 5',
        'With a second counter reading 5 s apart, so advise on the bundle reports rates',
      )
      .example('$0 collect --script > collect.sh', 'On the other host: sh collect.sh /tmp/bundle [SECONDS]')
      .epilogue('Exit codes: 0 collected (files that could not be read are named on stderr); 2 bad usage, or --out not new or empty.'),
  run: async (args) => (await import('../collect/run.js')).runCollect(args),
};
