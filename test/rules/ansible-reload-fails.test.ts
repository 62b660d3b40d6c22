import { ansibleReloadFails } from '../../src/rules/ansible-reload-fails.js';
import type { AppliedVia } from '../../src/readers/embedded/types.js';
import { ruleTester } from '../helpers/rule-tester.js';

const task = (extra: Partial<Extract<AppliedVia, { tool: 'ansible' }>> = {}): AppliedVia => ({
  tool: 'ansible',
  module: 'sysctl',
  sysctlFile: '/etc/sysctl.conf',
  reload: true,
  ignoreErrors: false,
  sysctlSet: false,
  taskLine: 1,
  ...extra,
});

ruleTester(ansibleReloadFails, {
  valid: [
    {
      name: 'keys the kernel has',
      facts: {
        config: [
          { key: 'net.core.somaxconn', value: '4096', via: task() },
          { key: 'net.ipv4.tcp_fin_timeout', value: '30', via: task() },
        ],
      },
    },
    {
      name: 'ignoreerrors adds -e',
      facts: { config: [{ key: 'net.ipv4.tcp_tw_recycle', value: '0', via: task({ ignoreErrors: true }) }] },
    },
    {
      name: 'reload: false never runs sysctl -p',
      facts: { config: [{ key: 'net.ipv4.tcp_tw_recycle', value: '0', via: task({ reload: false }) }] },
    },
    {
      name: 'a key outside the verifiable subtrees may exist on the host',
      facts: { config: [{ key: 'sunrpc.tcp_slot_table_entries', value: '128', via: task() }] },
    },
    {
      name: 'tcp_tw_recycle still exists on 4.9',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: '0', via: task() }] },
    },
  ],
  invalid: [
    {
      name: 'tcp_tw_recycle on 6.18 fails this task and the later ones on the same file',
      facts: {
        kernel: '6.18',
        config: [
          { key: 'net.ipv4.tcp_tw_recycle', value: '0', via: task(), file: 'roles/sysctl/tasks/main.yml' },
          { key: 'net.ipv4.tcp_fin_timeout', value: '30', via: task(), file: 'roles/sysctl/tasks/main.yml' },
          {
            key: 'net.core.somaxconn',
            value: '4096',
            via: task({ sysctlFile: '/etc/sysctl.d/90-x.conf' }),
            file: 'roles/sysctl/tasks/main.yml',
          },
        ],
      },
      findings: [
        {
          messageId: 'reloadFails',
          message:
            /net\.ipv4\.tcp_tw_recycle does not exist on Linux 6\.18: the sysctl task writes it to \/etc\/sysctl\.conf and then runs "sysctl -p \/etc\/sysctl\.conf".*cannot stat \/proc\/sys\/net\/ipv4\/tcp_tw_recycle.*and so do the 1 later sysctl task\(s\) on \/etc\/sysctl\.conf \(lines 2\)/,
          severity: 'error',
          line: 1,
        },
      ],
    },
    {
      name: 'a typo in a core-networking name',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timout', value: '30', via: task({ sysctlFile: '/etc/sysctl.d/90-tune.conf' }) }] },
      findings: [
        { messageId: 'reloadFails', message: /net\.ipv4\.tcp_fin_timout does not exist.*sysctl -p \/etc\/sysctl\.d\/90-tune\.conf/ },
      ],
    },
  ],
});
