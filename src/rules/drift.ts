/**
 * The live value differs from what the config files set: the files changed since they were last
 * applied, or something wrote the key at runtime (sysctl -w, an agent, a container runtime). The
 * comparison is on the value the kernel would store (trailing text dropped, vectors whitespace-
 * normalised), so "3 # x" against live 3 is not drift.
 */
import type { Rule, RuleReport } from '../engine/types.js';
import { normaliseValue } from '../engine/key-values.js';
import { existsOn } from '../params/defaults.js';
import { isGlobKey } from '../params/keys.js';
import { findParam } from '../params/lookup.js';
import { parseParamValue } from '../params/values.js';

export const drift: Rule = {
  meta: {
    id: 'drift',
    severity: 'info',
    severities: { allowed: ['info'], why: 'live value differs from config: a fact to look at, no harm by itself' },
    description: 'The live value differs from the configured one: the files were not applied, or the key changed at runtime.',
    keys: [],
    needs: [['config', 'live']],
    references: [
      'docs/kernel/config-files-and-precedence.md#directory-order-and-masking',
      'docs/kernel/namespaces.md#new-namespace-defaults',
    ],
    messages: {
      drift:
        '{key} is {live} live but {configured} in the files: apply the file or update it\n{key}: configured {configured} at {file}:{line}, live {live}: the file was not applied since it changed, or the key was changed at runtime (sysctl -w, an agent, a container runtime). If the file is right, apply it with "sysctl --system" (or reboot); if the live value is right, put it in the file so it survives a reboot.',
    },
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    const inContainer = facts.container?.isContainer === true;
    for (const state of facts.keys.values()) {
      const assignment = state.configured;
      if (!assignment || state.live === undefined || isGlobKey(state.key)) continue;
      const spec = findParam(state.key);
      if (spec && !existsOn(spec, facts.kernel)) continue;
      let configured = normaliseValue(assignment.value);
      let live = normaliseValue(state.live);
      if (spec) {
        const want = parseParamValue(spec, assignment.value, facts.host);
        // A rejected value is invalid-value's finding: the kernel kept the old one, as expected.
        if (!want.ok) continue;
        const have = parseParamValue(spec, state.live, facts.host);
        configured = want.canonical;
        if (have.ok) {
          live = have.canonical;
          // "low" alone sets only the low end; the high end stays whatever it was.
          if (want.shape === 'port-range' && have.shape === 'port-range' && want.high === undefined) live = String(have.low);
        }
      }
      if (configured === live) continue;
      reports.push({
        messageId: 'drift',
        data: { key: state.key, configured, live: state.live, file: assignment.file, line: assignment.line },
        key: state.key,
        location: { file: assignment.file, line: assignment.line, column: assignment.valueColumn },
        evidence: { configured, live: state.live },
        ...(inContainer
          ? {
              caveats: [
                "This looks like a container: per-namespace keys start from kernel defaults in every new network namespace, not from the host's files (docs/kernel/namespaces.md#new-namespace-defaults).",
              ],
            }
          : {}),
      });
    }
    return reports;
  },
};
