/**
 * ansible.posix.sysctl with `reload: true` (the default) runs `sysctl -p FILE` on the whole
 * sysctl_file after writing it, and fails the task on a non-zero exit: a key the host does not
 * have, anywhere in that file, fails the task, and every later sysctl task on the same file that
 * changes something fails the same way (the key stays in the file) (ansible.posix plugins/modules/sysctl.py, https://github.com/ansible-collections/ansible.posix/blob/main/plugins/modules/sysctl.py) (ansible.posix
 * plugins/modules/sysctl.py reload_sysctl), ansible/ansible#36992. `ignoreerrors: true` adds -e.
 */
import type { ConfigAssignment } from '../facts/types.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { certainlyMissing } from '../params/key-presence.js';

export const ansibleReloadFails: Rule = {
  meta: {
    id: 'ansible-reload-fails',
    severity: 'error',
    severities: { allowed: ['error'], why: 'the sysctl task fails on a key the kernel does not have' },
    description:
      "An Ansible sysctl task writes a key the target kernel lacks: the module's reload (sysctl -p FILE) fails this task and every later one on that file.",
    keys: [],
    needs: [['config']],
    references: [
      'https://github.com/ansible-collections/ansible.posix/blob/main/plugins/modules/sysctl.py (reload_sysctl, fix_lines)',
      'https://github.com/ansible/ansible/issues/36992',
      'https://github.com/ansible/ansible/issues/7805',
      'docs/kernel/config-files-and-precedence.md#errors-and-exit-codes',
    ],
    messages: {
      reloadFails:
        '{key} does not exist on Linux {kernel}: the Ansible sysctl task fails on reload; remove it\n{key} does not exist on Linux {kernel}: the sysctl task writes it to {file} and then runs "sysctl -p {file}" (reload, the default), which prints "cannot stat /proc/sys/{path}" and exits 1, so the task fails ("Failed to reload sysctl"){later}. Remove the task, or add ignoreerrors: true (sysctl -e) if the key exists only on some hosts.',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    const tasks = facts.assignments.filter((a) => a.via?.tool === 'ansible');
    for (const [index, assignment] of tasks.entries()) {
      const via = assignment.via!;
      if (via.tool !== 'ansible' || via.reload === false || via.ignoreErrors === true || via.sysctlFile === null) continue;
      if (!certainlyMissing(assignment.key, facts.kernel)) continue;
      const file = via.sysctlFile;
      const laterTasks = tasks
        .slice(index + 1)
        .filter(
          (other: ConfigAssignment) => other.via?.tool === 'ansible' && other.via.sysctlFile === file && other.via.ignoreErrors !== true,
        );
      const later =
        laterTasks.length > 0
          ? `, and so do the ${laterTasks.length} later sysctl task(s) on ${file} (lines ${laterTasks.map((t) => t.line).join(', ')}), since the key stays in the file`
          : '';
      yield {
        messageId: 'reloadFails',
        data: { key: assignment.key, kernel: facts.kernel.text, file, path: assignment.key.replaceAll('.', '/'), later },
        key: assignment.key,
        location: { file: assignment.file, line: assignment.line, column: assignment.keyColumn },
        evidence: { sysctlFile: file },
      };
    }
  },
};
