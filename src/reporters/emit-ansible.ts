/**
 * A Delivery as an Ansible playbook: the explained drop-in copied to the host, and a handler that
 * loads that file alone (`sysctl -p FILE`) when it changed. The whole-file form keeps the
 * explanations, which ansible.posix.sysctl would flatten (its file lines lose their comments'
 * places); `--check --diff` previews the change as a unified diff. The destination is the
 * `sysctl_advisor_conf` variable (inventory or -e), defaulting to the usual drop-in.
 */
import { DEFAULT_DROP_IN, type Delivery } from './delivery.js';
import { packageVersion } from '../util/package-info.js';
import { wrapWords } from '../util/wrap.js';

/** A YAML double-quoted scalar: JSON's string syntax is a subset of YAML's. */
export const yamlString = (text: string) => JSON.stringify(text);

/** The play's hosts: the group's inventory names as a list (a long "a:b:c" pattern would pass any line limit), or a variable. */
export function hostsLines(delivery: Delivery): string[] {
  if (delivery.hosts === null) return [`  hosts: ${yamlString("{{ sysctl_advisor_hosts | default('all') }}")}`];
  return ['  hosts:', ...delivery.hosts.map((host) => `    - ${yamlString(host)}`)];
}

export function emitAnsiblePlaybook(delivery: Delivery): string {
  const conf = delivery.conf
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? '' : `          ${line}`));
  return [
    '---',
    `# Written by sysctl-advisor ${packageVersion()}: ${delivery.title}`,
    `# Run: ansible-playbook -i INVENTORY ${delivery.name}.yml --become   (add --check --diff to preview)`,
    `# The drop-in goes to sysctl_advisor_conf (default ${DEFAULT_DROP_IN}); only that file is loaded.`,
    `- name: ${yamlString(`TCP connection-lifecycle settings from sysctl-advisor (${delivery.name})`)}`,
    ...hostsLines(delivery),
    '  gather_facts: false',
    '  tasks:',
    '    - name: Write the explained sysctl drop-in',
    '      ansible.builtin.copy:',
    `        dest: "{{ sysctl_advisor_conf | default('${DEFAULT_DROP_IN}') }}"`,
    '        owner: root',
    '        group: root',
    '        mode: "0644"',
    '        content: |',
    ...conf,
    '      notify: Load the sysctl drop-in',
    '  handlers:',
    '    - name: Load the sysctl drop-in',
    `      ansible.builtin.command: "sysctl -p {{ sysctl_advisor_conf | default('${DEFAULT_DROP_IN}') }}"`,
    '      changed_when: true',
    '',
  ].join('\n');
}

/** Several group playbooks run as one: `ansible-playbook -i INVENTORY sysctl-advisor.yml`. */
export function emitAnsibleSite(names: readonly string[]): string {
  return [
    '---',
    `# Written by sysctl-advisor ${packageVersion()}: every advice group's playbook, each limited to its hosts.`,
    ...names.map((name) => `- name: ${yamlString(`Apply sysctl-advisor ${name}`)}\n  ansible.builtin.import_playbook: ${name}.yml`),
    '',
  ].join('\n');
}

/**
 * A role vars file (dev-sec layout: a dict, each entry explained), for ansible.posix.sysctl:
 *   - ansible.posix.sysctl: {name: "{{ item.key }}", value: "{{ item.value }}", sysctl_file: ..., reload: true}
 *     loop: "{{ sysctl_advisor_params | dict2items }}"
 */
export function emitAnsibleVars(delivery: Delivery): string {
  const out = [
    '---',
    `# Written by sysctl-advisor ${packageVersion()}: ${delivery.title}`,
    '# Role variables for ansible.posix.sysctl, one entry per setting (values are strings):',
    '#   - name: Set the TCP connection-lifecycle sysctls',
    '#     ansible.posix.sysctl:',
    '#       name: "{{ item.key }}"',
    '#       value: "{{ item.value }}"',
    `#       sysctl_file: ${DEFAULT_DROP_IN}`,
    '#       reload: true',
    '#     loop: "{{ sysctl_advisor_params | dict2items }}"',
    ...delivery.notes.map((note) => `# Left out: ${note}`),
  ];
  if (delivery.settings.length === 0) return [...out, 'sysctl_advisor_params: {}', ''].join('\n');
  out.push('sysctl_advisor_params:');
  for (const setting of delivery.settings) {
    for (const why of setting.why) for (const line of wrapWords(why, 110)) out.push(`  # ${line}`);
    out.push(`  ${setting.key}: ${yamlString(setting.value)}`);
  }
  return [...out, ''].join('\n');
}
