/**
 * A command that deletes sysctl files it did not write (`rm -rf /etc/sysctl.d/*`, `rm
 * /etc/sysctl.conf`): every drop-in of a package or another tool goes with it, silently, and its
 * settings are gone at the next boot (Debian's /etc/sysctl.d/99-sysctl.conf link to
 * /etc/sysctl.conf included). docs/kernel/config-files-and-precedence.md#directory-order-and-masking lists what lives there.
 */
import type { Rule, RuleReport } from '../engine/types.js';

export const sysctlFilesDeleted: Rule = {
  meta: {
    id: 'sysctl-files-deleted',
    severity: 'warning',
    severities: { allowed: ['warning'], why: "deletes other packages' sysctl files: worse behaviour" },
    description:
      "A script deletes sysctl files or directories it did not write (rm -rf /etc/sysctl.d/*): other packages' settings are lost at the next boot.",
    keys: [],
    needs: [['config']],
    references: [
      'docs/kernel/config-files-and-precedence.md#directory-order-and-masking',
      'https://man7.org/linux/man-pages/man5/sysctl.d.5.html',
    ],
    messages: {
      deletes:
        'This script deletes every drop-in in {targets}: remove only the files it writes\n"{command}" deletes {targets}: every drop-in there goes, including those of packages and other tools (on Debian, 99-sysctl.conf links /etc/sysctl.conf into /etc/sysctl.d), and their settings are silently gone at the next boot. Remove only the files this script writes (by name), or write one drop-in of its own and leave the others.',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    for (const operation of facts.fileOperations ?? []) {
      if (operation.kind !== 'delete') continue;
      yield {
        messageId: 'deletes',
        data: { command: operation.command, targets: operation.targets.join(', ') },
        location: { file: operation.file, line: operation.line, column: operation.column },
        evidence: { targets: operation.targets.join(' ') },
      };
    }
  },
};
