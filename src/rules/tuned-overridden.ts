/**
 * TuneD applies its [sysctl] values and then, with reapply_sysctl = 1 (the default), re-applies
 * /run/sysctl.d/*.conf, /etc/sysctl.d/*.conf and /etc/sysctl.conf over them ("Overriding sysctl
 * parameter"): a key those files also set ends with their value, not the profile's (tuned tuned/plugins/plugin_sysctl.py, https://github.com/redhat-performance/tuned)
 * (tuned/plugins/plugin_sysctl.py _apply_system_sysctl). /usr/lib/sysctl.d is not re-applied.
 */
import { configuredValue } from '../engine/key-values.js';
import type { Rule, RuleReport } from '../engine/types.js';

export const tunedOverridden: Rule = {
  meta: {
    id: 'tuned-overridden',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'a later profile replaces the value: not what it claims' },
    description:
      'A TuneD profile sets a key that a reviewed /etc/sysctl.d file (or /etc/sysctl.conf) also sets: TuneD re-applies those files over the profile.',
    keys: [],
    needs: [['config']],
    references: [
      'https://github.com/redhat-performance/tuned/blob/master/tuned/plugins/plugin_sysctl.py (_apply_system_sysctl, reapply_sysctl)',
      'https://man7.org/linux/man-pages/man5/tuned-main.conf.5.html (reapply_sysctl)',
    ],
    messages: {
      overridden:
        "TuneD's {key} = {value} is overridden by a sysctl.d line ({other}): change that line\nTuneD sets {key} = {value} here, then re-applies /run/sysctl.d, /etc/sysctl.d and /etc/sysctl.conf (reapply_sysctl = 1, the default) and logs \"Overriding sysctl parameter '{key}' from '{value}' to '{other}'\": {otherFile}:{otherLine} sets {other}, which is what the host ends with. Change that line, remove it, or set reapply_sysctl = 0 in /etc/tuned/tuned-main.conf.",
    },
  },
  *check({ facts }): Generator<RuleReport> {
    for (const assignment of facts.assignments) {
      if (assignment.via?.tool !== 'tuned') continue;
      const other = facts.reappliedOverTuned?.get(assignment.key);
      if (!other) continue;
      const value = configuredValue(assignment.key, assignment.value);
      const otherValue = configuredValue(other.key, other.value);
      if (value === otherValue) continue;
      yield {
        messageId: 'overridden',
        data: { key: assignment.key, value, other: otherValue, otherFile: other.file, otherLine: other.line },
        key: assignment.key,
        location: { file: assignment.file, line: assignment.line, column: assignment.keyColumn },
        evidence: { overriddenBy: `${other.file}:${other.line}` },
      };
    }
  },
};
