import type { CommandSpec } from './spec.js';
import { withContextOptions } from './context-options.js';
import { kernelFlag, kubernetesFlag } from './flag-checks.js';
import { NEWEST_KNOWN_KUBERNETES } from '../params/kubernetes-sysctls.js';
import { NEWEST_KNOWN_KERNEL } from '../kernel/version.js';
import type { ReviewArgs } from '../review/args.js';
import { isFailing } from '../engine/severity.js';

export const reviewCommand: CommandSpec<ReviewArgs> = {
  command: 'review [paths..]',
  describe:
    'Review sysctl.conf / sysctl.d files, and sysctls in Ansible, Kubernetes, compose, TuneD, shell and other files (for pull requests and CI): line-anchored findings with rule ids and fixes',
  builder: (yargs) =>
    withContextOptions(
      yargs
        .positional('paths', {
          type: 'string',
          array: true,
          default: [] as string[],
          describe:
            'Files (sysctl files, or Ansible, Kubernetes, compose, TuneD, shell, ... files: docs/formats), or directories read as sysctl.d (*.conf in name order); sysctl files apply in the order given, like "sysctl -p A B"',
        })
        .option('root', {
          type: 'string',
          describe: 'Review every sysctl file under DIR with sysctl.d precedence (PATHs, if given, limit what is reported)',
        })
        .option('profile', {
          type: 'string',
          describe: 'Enforce a profile (built-in name or file) as a policy: deviating values are findings',
        })
        .option('format', {
          choices: ['text', 'json', 'sarif', 'github', 'markdown'] as const,
          default: 'text' as const,
          describe: 'Output format',
        })
        .option('fail-on', {
          choices: ['error', 'warning', 'info', 'none'] as const,
          default: 'error' as const,
          describe: 'Exit 1 when a finding at or above this severity exists',
        })
        .option('diff-base', {
          type: 'string',
          describe: 'Report only findings on lines added or changed since this git revision (e.g. origin/main)',
        }),
    )
      // A reviewed file will meet future kernels, so review never assumes the running one.
      .option('kernel', {
        type: 'string',
        requiresArg: true,
        coerce: kernelFlag,
        describe: `Target kernel X.Y[.Z] or a "uname -r" release (default: the newest known, ${NEWEST_KNOWN_KERNEL}; every format says which was assumed)`,
      })
      .option('kubernetes', {
        type: 'string',
        requiresArg: true,
        coerce: kubernetesFlag,
        describe: `Kubernetes release X.Y whose kubelet allowlist pod sysctls are checked against (default: the newest known, ${NEWEST_KNOWN_KUBERNETES})`,
      })
      .example('$0 review etc/sysctl.d etc/sysctl.conf', 'Files in the order given, a directory as sysctl.d (*.conf in name order)')
      .example(
        '$0 review --root . --profile web-server --diff-base origin/main',
        'A tree laid out like /, against a profile, only lines changed on this branch',
      )
      .example('$0 review --root . --format sarif > results.sarif', 'SARIF for code scanning')
      .example(
        '$0 review roles/tcp/tasks/main.yml k8s/web.yaml --kubernetes 1.32',
        'An Ansible role and a manifest, pod sysctls against the 1.32 safe set',
      )
      .epilogue(
        'Exit codes: 0 nothing at or above --fail-on (default error); 1 something is; 2 bad usage, unreadable input, or nothing to review (no sysctl file found).',
      ),
  run: async (args, environment) => {
    const [{ runReview }, { REVIEW_REPORTERS }] = await Promise.all([import('../review/run.js'), import('../reporters/index.js')]);
    const { report } = await runReview(args, environment);
    return { stdout: REVIEW_REPORTERS[args.format](report, environment), exitCode: isFailing(report.findings, args.failOn) ? 1 : 0 };
  },
};
