import type { CommandSpec } from './spec.js';
import { withContextOptions } from './context-options.js';
import type { AdviseArgs } from '../advise/args.js';
import { isFailing } from '../engine/severity.js';

export const adviseCommand: CommandSpec<AdviseArgs> = {
  command: ['advise', '$0'],
  describe: 'Advise on this host (or a collected bundle): explained findings and a sysctl.conf diff (the default command)',
  builder: (yargs) =>
    withContextOptions(
      yargs
        .option('root', { type: 'string', default: '/', describe: 'Read the host under DIR (a bundle from "collect"); / is this host' })
        .option('profile', { type: 'string', default: 'conservative', describe: 'Built-in profile name or a profile file' })
        .option('target', { type: 'string', describe: 'The drop-in to propose (default ROOT/etc/sysctl.d/90-sysctl-advisor.conf)' })
        .option('format', {
          choices: ['text', 'json', 'diff', 'conf'] as const,
          default: 'text' as const,
          describe: 'Report, JSON, unified diff, or the whole proposed file',
        })
        .option('fail-on', {
          choices: ['error', 'warning', 'info', 'none'] as const,
          default: 'none' as const,
          describe: 'Exit 1 when a finding at or above this severity exists',
        })
        .option('container', { type: 'boolean', describe: "Treat the root as a container's network namespace" })
        .option('output', {
          alias: 'o',
          type: 'string',
          describe:
            'Write the proposed drop-in to FILE atomically, keeping FILE.bak (on this host FILE is the drop-in, and lines the plan removes from other files are removed too; on a bundle, a copy for its host)',
        })
        .option('apply', {
          type: 'boolean',
          describe:
            "Also set the running kernel to the plan's values now, saving the previous ones to a rollback file (this host, as root)",
        })
        .option('from', {
          type: 'string',
          nargs: 1,
          describe:
            'Take the live values (and kernel release) from a saved "sysctl -a" output, FILE or - for stdin, instead of ROOT/proc/sys; config files still come from --root',
        })
        .option('interval', {
          type: 'number',
          describe: 'Read the kernel counters and sockets twice, SECONDS apart, and report rates beside the totals (this host only)',
        })
        .option('answers', {
          type: 'string',
          describe: 'Replay a wizard run (--save-answers FILE): its profile, context, target and accepted changes',
        })
        .example('$0 advise', 'This host: findings, proposed changes (now and at boot) and the diff of the drop-in')
        .example(
          '$0 advise -o /etc/sysctl.d/90-sysctl-advisor.conf --apply',
          'Carry out the plan: set the running kernel (with a rollback file), then write the drop-in (keeping .bak)',
        )
        .example(
          '$0 advise --root /tmp/bundle --profile web-server --idle-timeout 300',
          'A bundle from "collect", judged against a profile, behind a 300 s load balancer',
        )
        .example('$0 advise --format json', 'The same as JSON (schemas/advise.schema.json)')
        .epilogue(
          'Exit codes of advise: 0 nothing at or above --fail-on; 1 a finding at or above it, or --apply rolled back; 2 bad usage or input; 3 --apply could not roll back. Other commands: see their --help.',
        ),
    ),
  run: async (args, environment) => {
    const [{ runAdvise }, { ADVISE_REPORTERS }] = await Promise.all([import('../advise/run.js'), import('../reporters/index.js')]);
    const { report, stderr, exitCode } = await runAdvise(args, environment);
    return {
      stdout: ADVISE_REPORTERS[args.format](report, environment),
      // What -o/--apply did decides first (a rolled-back apply), then --fail-on.
      exitCode: exitCode ?? (isFailing(report.findings, args.failOn) ? 1 : 0),
      ...(stderr ? { stderr } : {}),
    };
  },
};
