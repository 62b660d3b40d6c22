import type { CommandSpec } from './spec.js';
import type { StatesArgs } from '../states/run.js';
import { boundedWholeNumberFlag } from './flag-checks.js';

export const statesCommand: CommandSpec<StatesArgs> = {
  command: 'states',
  describe:
    'TCP sockets by state, TIME_WAIT per destination vs usable ports, full accept queues (text, json, prometheus, or a monitoring plugin line)',
  builder: (yargs) =>
    yargs
      .option('root', {
        type: 'string',
        describe: 'Read proc/net/tcp, tcp6, sockstat and sysctls under DIR (default /; a bundle from "collect")',
      })
      // nargs 1 lets "--from -" take the dash as its value (yargs would otherwise call it a stray argument).
      .option('from', {
        type: 'string',
        nargs: 1,
        describe: 'Read a dump instead: ss -tan, netstat -nat or a copy of /proc/net/tcp; "-" for stdin',
      })
      .option('input-format', {
        choices: ['auto', 'ss', 'netstat', 'proc-net-tcp'] as const,
        default: 'auto' as const,
        describe: 'Format of --from',
      })
      .option('state', { type: 'string', describe: 'The state of every row of "ss -tan state X" output (it has no State column)' })
      .option('top', {
        type: 'string',
        requiresArg: true,
        default: '10',
        coerce: boundedWholeNumberFlag('top', 1, 10000, 20),
        describe: 'Length of the top lists (destinations, ports, listeners), 1 to 10000',
      })
      .option('format', { choices: ['text', 'json', 'prometheus'] as const, default: 'text' as const, describe: 'Output format' })
      .option('warn', {
        type: 'string',
        array: true,
        describe: 'Monitoring mode: WARNING when a count is above N, e.g. --warn TIME_WAIT=600',
      })
      .option('crit', {
        type: 'string',
        array: true,
        describe: 'Monitoring mode: CRITICAL when a count is above N, e.g. --crit time-wait=800',
      })
      .example('$0 states', 'Sockets of this host (or container) by state')
      .example('ss -tan | $0 states --from -', 'The same from a pasted ss output')
      .example('$0 states --warn TIME_WAIT=600 --crit TIME_WAIT=800', 'Nagios/Icinga plugin: one status line, exit 0/1/2/3')
      .epilogue(
        'Exit codes: 0 shown; 2 bad usage or input. With --warn/--crit (monitoring plugin): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (input it could not use).',
      ),
  run: async (args, environment) => {
    const [{ runStates }, { STATES_REPORTERS }] = await Promise.all([import('../states/run.js'), import('../reporters/index.js')]);
    const outcome = await runStates(args, environment);
    if ('plugin' in outcome) return { stdout: `${outcome.plugin.line}\n`, exitCode: outcome.plugin.exitCode };
    return { stdout: STATES_REPORTERS[args.format](outcome.report, environment), exitCode: 0 };
  },
};
