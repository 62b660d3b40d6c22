import { ansibleFirstDuplicate } from '../../src/rules/ansible-first-duplicate.js';
import type { AppliedVia } from '../../src/readers/embedded/types.js';
import { ruleTester } from '../helpers/rule-tester.js';

const task = (sysctlFile: string | null = '/etc/sysctl.conf'): AppliedVia => ({
  tool: 'ansible',
  module: 'ansible.posix.sysctl',
  sysctlFile,
  reload: true,
  ignoreErrors: false,
  sysctlSet: false,
  taskLine: 1,
});
const duplicated = {
  '/etc/sysctl.conf': [
    { key: 'net.ipv4.tcp_fin_timeout', value: '60', file: 'etc/sysctl.conf' },
    { key: 'net.core.somaxconn', value: '4096', file: 'etc/sysctl.conf' },
    { key: 'net.ipv4.tcp_fin_timeout', value: '15', file: 'etc/sysctl.conf' },
  ],
};

ruleTester(ansibleFirstDuplicate, {
  valid: [
    {
      name: 'the file has no duplicate',
      facts: {
        config: [{ key: 'net.core.somaxconn', value: '8192', via: task() }],
        fileContents: { '/etc/sysctl.conf': [{ key: 'net.core.somaxconn', value: '4096', file: 'etc/sysctl.conf' }] },
      },
    },
    {
      name: 'a duplicate with the same value changes nothing',
      facts: {
        config: [{ key: 'vm.swappiness', value: '10', via: task() }],
        fileContents: { '/etc/sysctl.conf': [duplicated['/etc/sysctl.conf'][1]!, duplicated['/etc/sysctl.conf'][1]!] },
      },
    },
    {
      name: 'the task writes another file',
      facts: { config: [{ key: 'vm.swappiness', value: '10', via: task('/etc/sysctl.d/90-x.conf') }], fileContents: duplicated },
    },
    { name: 'no Ansible task', facts: { config: [{ key: 'vm.swappiness', value: '10' }], fileContents: duplicated } },
  ],
  invalid: [
    {
      name: 'the later tcp_fin_timeout is deleted by the module; procps applied it',
      facts: { config: [{ key: 'vm.swappiness', value: '10', via: task(), file: 'tasks/main.yml' }], fileContents: duplicated },
      findings: [
        {
          messageId: 'deleted',
          message:
            /net\.ipv4\.tcp_fin_timeout = 15 here is the line procps and systemd-sysctl apply last, but the Ansible sysctl task at tasks\/main\.yml:1 rewrites \/etc\/sysctl\.conf and keeps only the first net\.ipv4\.tcp_fin_timeout line \(60, etc\/sysctl\.conf:1\).*changes from 15 to 60/,
          severity: 'warning',
          file: 'etc/sysctl.conf',
          line: 3,
        },
      ],
    },
  ],
});
