import type { CommandSpec } from './spec.js';
import { withContextOptions, type ContextFlags } from './context-options.js';
import { withEmitOptions, type EmitFlags } from './emit-options.js';
import type { FailOn } from './advise.js';

export type FleetFormat = 'text' | 'json' | 'markdown';

export interface FleetArgs extends ContextFlags, EmitFlags {
  readonly bundles: string;
  readonly profile: string;
  readonly format: FleetFormat;
  readonly failOn: FailOn;
}

export const fleetCommand: CommandSpec = {
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
  run: async (args, environment) => (await import('../fleet/run.js')).runFleet(args as unknown as FleetArgs, environment),
};
