/**
 * `sysctl -w net.ipv4.ip_local_port_range=32767 65535`: the shell splits the unquoted value, so
 * procps writes only `32767` and reads `65535` as another argument ("invalid syntax", exit 1).
 * For ip_local_port_range a single value is accepted and sets only the low end, keeping the
 * current high end (measured with procps 4.0.2 on Linux 6.18; the ingress-nginx sysctl example had it).
 */
import type { Rule, RuleReport } from '../engine/types.js';

export const shellUnquotedValue: Rule = {
  meta: {
    id: 'shell-unquoted-value',
    severity: 'error',
    severities: { allowed: ['error'], why: 'the shell splits the value: sysctl -w fails or writes the wrong thing' },
    description: 'sysctl -w key=v1 v2 without quotes: the shell splits the value, sysctl writes v1 only and exits 1.',
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/config-files-and-precedence.md#line-syntax',
      'https://github.com/kubernetes/ingress-nginx/blob/main/docs/examples/customization/sysctl/patch.json',
    ],
    messages: {
      split:
        'The value of {key} is not quoted: the shell splits it and sysctl fails; quote the assignment\n{command} {key}={value} {stray}: the value is not quoted, so the shell passes "{stray}" as a separate argument: sysctl writes {key} = {value} only and prints "{error}" (exit 1){effect}. Quote the whole assignment: {command} "{key}={value} {stray}".',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    for (const assignment of facts.assignments) {
      const via = assignment.via;
      if (via?.tool !== 'shell' || !via.strayWords || via.strayWords.length === 0) continue;
      const stray = via.strayWords.map((word) => word.text).join(' ');
      // procps 4.0.2, measured: with -w the extra word is "invalid syntax"; without, a key to read.
      const error = via.command.endsWith(' -w')
        ? 'sysctl: command line(0): invalid syntax, continuing...'
        : `sysctl: cannot stat /proc/sys/${via.strayWords[0]!.text}: No such file or directory`;
      const effect =
        assignment.key === 'net.ipv4.ip_local_port_range'
          ? '; for ip_local_port_range one value sets only the low end and keeps the current high end'
          : '';
      yield {
        messageId: 'split',
        data: { command: via.command, key: assignment.keyAsWritten, value: assignment.value, stray, effect, error },
        key: assignment.key,
        location: { file: assignment.file, line: via.strayWords[0]!.position.line, column: via.strayWords[0]!.position.column },
        evidence: { written: assignment.value, dropped: stray },
      };
    }
  },
};
