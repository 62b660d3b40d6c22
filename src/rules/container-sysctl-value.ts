/**
 * A container sysctl value the runtime does not pass as meant. Kubernetes wants every value a
 * YAML string: `value: 1` makes the API reject the whole object ("cannot unmarshal number into
 * Go struct field Sysctl ... of type string", kubernetes/ingress-nginx#5823). And quotes inside
 * the value (`"\"1024 65000\""`) reach the kernel: runc writes them and the write fails with
 * "invalid argument", so the pod or container does not start (kubernetes/ingress-nginx#11962).
 */
import { isContainerVia } from '../readers/embedded/types.js';
import type { Rule, RuleReport } from '../engine/types.js';

const QUOTED = /^(["'])(.*)\1$/s;

export const containerSysctlValue: Rule = {
  meta: {
    id: 'container-sysctl-value',
    severity: 'error',
    severities: { allowed: ['error'], why: 'the value is rejected when the container starts' },
    description:
      'A pod sysctl value that is not a YAML string, or a container sysctl value with quotes inside: the object is rejected or the write fails.',
    keys: [],
    needs: [['config']],
    references: [
      'https://github.com/kubernetes/ingress-nginx/pull/5823 (numeric sysctl values)',
      'https://github.com/kubernetes/ingress-nginx/issues/11962 (quotes in the value)',
      'https://github.com/opencontainers/runc/blob/main/internal/sys/sysctl_linux.go',
    ],
    messages: {
      notString:
        '{key}: the value is not a string, so the API server rejects the {workload}; quote it\n{key}: the value {value} is a YAML {type}, but a pod\'s sysctl values are strings: the API server rejects the whole {workload} ("json: cannot unmarshal {jsonType} into Go struct field Sysctl.spec.securityContext.sysctls.value of type string"). Quote it: value: "{value}".',
      quotesInside:
        '{key}: quotes inside the value reach the kernel, which rejects it; remove the inner quotes\n{key}: the value {value} has quotes inside it, and the runtime writes them as they are: the kernel rejects "{value}" with EINVAL ("write /proc/sys/{path}: invalid argument") and the {what} does not start. Remove the inner quotes: {unquoted}.',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    for (const assignment of facts.assignments) {
      const via = assignment.via;
      if (!isContainerVia(via)) continue;
      const key = assignment.key;
      const location = { file: assignment.file, line: assignment.line, column: assignment.valueColumn };
      if (via.tool === 'kubernetes' && via.valueType !== 'string') {
        const jsonType =
          via.valueType === 'integer' || via.valueType === 'float' ? 'number' : via.valueType === 'boolean' ? 'bool' : via.valueType;
        yield {
          messageId: 'notString',
          data: { key, value: assignment.value, type: via.valueType, workload: via.workload, jsonType },
          key,
          location,
          evidence: { type: via.valueType },
        };
        continue;
      }
      const quoted = QUOTED.exec(assignment.value.trim());
      if (quoted) {
        const what = via.tool === 'kubernetes' ? 'pod' : 'container';
        yield {
          messageId: 'quotesInside',
          data: { key, value: assignment.value, path: key.replaceAll('.', '/'), what, unquoted: quoted[2]! },
          key,
          location,
          evidence: { value: assignment.value },
        };
      }
    }
  },
};
