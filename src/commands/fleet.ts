import type { CommandSpec } from './spec.js';
import { withContextOptions } from './context-options.js';
import { withEmitOptions } from './emit-options.js';
import type { FleetArgs } from '../fleet/args.js';
import { isFailing } from '../engine/severity.js';

export const fleetCommand: CommandSpec<FleetArgs> = {
  command: 'fleet <bundles>',
  describe: 'Advise on many hosts at once from a folder of bundles (one per host): shared findings and changes, advice groups, drift',
  missingArgument: 'give the folder of bundles, one sub-folder per host (ansible-playbook ansible/collect.yml makes it)',
  builder: (yargs) =>
    withEmitOptions(
      withContextOptions(
        yargs
          .positional('bundles', {
            type: 'string',
            describe: 'Folder with one bundle per host: BUNDLES/HOST/ (from ansible/collect.yml or collect --out)',
          })
          .option('profile', {
            type: 'string',
            default: 'conservative',
            describe: 'Built-in profile name or a profile file, for every host',
          })
          .option('format', {
            choices: ['text', 'json', 'markdown'] as const,
            default: 'text' as const,
            describe: 'Report for people, JSON (schemas/fleet.schema.json), or markdown for a ticket',
          })
          .option('fail-on', {
            choices: ['error', 'warning', 'info', 'none'] as const,
            default: 'none' as const,
            describe: 'Exit 1 when a host has a finding at or above this severity, or (unless none) a bundle could not be read',
          }),
      ),
    )
      .example('$0 fleet BUNDLES/', 'Every host under BUNDLES/: which findings and changes they share, and who drifts')
      .example(
        '$0 fleet BUNDLES/ --emit ansible --emit node-exporter --out-dir out/',
        'Also a playbook per advice group (out/sysctl-advisor.yml runs them all) and textfile metrics (out/sysctl-advisor.prom)',
      )
      .epilogue(
        'Exit codes: 0 nothing at or above --fail-on; 1 a host has a finding at or above it, or a bundle could not be read (with --fail-on other than none); 2 bad usage or input.',
      ),
  run: async (args, environment) => {
    const [{ runFleet }, { FLEET_REPORTERS }] = await Promise.all([import('../fleet/run.js'), import('../reporters/index.js')]);
    const { report, stderr } = await runFleet(args, environment);
    // An unreadable bundle fails the run too, unless --fail-on none.
    const fails = args.failOn !== 'none' && (report.unreadable.length > 0 || isFailing(report.findings, args.failOn));
    return { stdout: FLEET_REPORTERS[args.format](report, environment), exitCode: fails ? 1 : 0, ...(stderr ? { stderr } : {}) };
  },
};
