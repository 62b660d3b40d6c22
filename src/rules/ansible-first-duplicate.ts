/**
 * ansible.posix.sysctl rewrites its whole sysctl_file and keeps only the first line of every
 * duplicated key, deleting the later ones, whereas procps and systemd-sysctl apply the last
 * (ansible.posix plugins/modules/sysctl.py, https://github.com/ansible-collections/ansible.posix/blob/main/plugins/modules/sysctl.py) (plugins/modules/sysctl.py fix_lines), ansible/ansible#33974. A file the review knows
 * (a reviewed sysctl file at that path, a here-document or write_files that writes it) with a key
 * twice at different values changes value the first time any sysctl task touches the file.
 */
import { configuredValue } from '../engine/key-values.js';
import type { ConfigAssignment } from '../facts/types.js';
import type { Rule, RuleReport } from '../engine/types.js';

export const ansibleFirstDuplicate: Rule = {
  meta: {
    id: 'ansible-first-duplicate',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'a later task silently undoes an earlier one: not what the first task claims' },
    description:
      'An Ansible sysctl task rewrites a file that sets a key twice: the module keeps the first line and deletes the later one, which procps applies.',
    keys: [],
    needs: [['config']],
    references: [
      'https://github.com/ansible-collections/ansible.posix/blob/main/plugins/modules/sysctl.py (read_sysctl_file, fix_lines)',
      'https://github.com/ansible/ansible/issues/33974',
      'docs/kernel/config-files-and-precedence.md#line-syntax',
    ],
    messages: {
      deleted:
        'The Ansible sysctl task deletes this {key} line; the boot value becomes {firstValue}: keep one line\n{key} = {value} here is the line procps and systemd-sysctl apply last, but the Ansible sysctl task at {task} rewrites {path} and keeps only the first {key} line ({firstValue}, {first}): this line is deleted and the value at the next boot changes from {value} to {firstValue}. Keep one {key} line, with the value you want, before the task runs.',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    const reported = new Set<ConfigAssignment>();
    for (const task of facts.assignments) {
      const via = task.via;
      if (via?.tool !== 'ansible' || via.sysctlFile === null) continue;
      const contents = facts.fileContents?.get(via.sysctlFile);
      if (!contents) continue;
      // The module compares keys as written (stripped), not as procps normalises them.
      const byKey = new Map<string, ConfigAssignment[]>();
      for (const line of contents) {
        const written = line.keyAsWritten.trim();
        const list = byKey.get(written) ?? [];
        list.push(line);
        byKey.set(written, list);
      }
      for (const lines of byKey.values()) {
        const first = lines[0]!;
        const last = lines[lines.length - 1]!;
        if (lines.length < 2 || reported.has(last)) continue;
        const firstValue = configuredValue(first.key, first.value);
        const value = configuredValue(last.key, last.value);
        if (firstValue === value) continue;
        reported.add(last);
        yield {
          messageId: 'deleted',
          data: {
            key: last.key,
            value,
            firstValue,
            first: `${first.file}:${first.line}`,
            task: `${task.file}:${task.line}`,
            path: via.sysctlFile,
          },
          key: last.key,
          location: { file: last.file, line: last.line, column: last.keyColumn },
          evidence: { task: `${task.file}:${task.line}`, kept: firstValue },
        };
      }
    }
  },
};
