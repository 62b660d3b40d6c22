/**
 * `RUN sysctl -w ...` (or `echo v > /proc/sys/...`) in a Dockerfile changes the kernel of the
 * build container only: an image has no sysctls, so containers started from it get the runtime's
 * defaults (moby/moby#19265). The setting belongs in `docker run --sysctl`, compose `sysctls:` or
 * a pod's securityContext.sysctls.
 */
import type { Rule, RuleReport } from '../engine/types.js';

export const dockerfileBuildSysctl: Rule = {
  meta: {
    id: 'dockerfile-build-sysctl',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'a sysctl at build time does not reach the running container: not what it claims' },
    description: 'A Dockerfile RUN sets a sysctl: it applies to the build container only, never to containers from the image.',
    keys: [],
    needs: [['config']],
    references: [
      'https://github.com/moby/moby/pull/19265 (sysctls cannot be persisted in an image)',
      'https://docs.docker.com/reference/cli/docker/container/run/#sysctl',
    ],
    messages: {
      buildOnly:
        "RUN sysctl sets {key} in the build container only: set it where the container starts\nRUN {command} sets {key} = {value} in the build container only: an image carries no sysctls, so every container started from it has the default again (moby/moby#19265). Set it where the container starts: docker run --sysctl {key}={value}, compose sysctls:, or a pod's securityContext.sysctls.",
    },
  },
  *check({ facts }): Generator<RuleReport> {
    for (const assignment of facts.assignments) {
      const via = assignment.via;
      if (via?.tool !== 'shell' || via.context !== 'dockerfile-run') continue;
      yield {
        messageId: 'buildOnly',
        data: { command: via.command, key: assignment.key, value: assignment.value },
        key: assignment.key,
        location: { file: assignment.file, line: assignment.line, column: assignment.keyColumn },
      };
    }
  },
};
