import { sysctlFilesDeleted } from '../../src/rules/sysctl-files-deleted.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(sysctlFilesDeleted, {
  valid: [
    { name: 'no file operation', facts: { config: [{ key: 'net.core.somaxconn', value: '4096' }] } },
    { name: 'an empty list', facts: { config: [], fileOperations: [] } },
  ],
  invalid: [
    {
      name: 'rm -rf /etc/sysctl.d/*',
      facts: {
        config: [],
        fileOperations: [{ file: 'bypass.sh', line: 1, column: 1, command: 'rm -rf /etc/sysctl.d/*', targets: ['/etc/sysctl.d/*'] }],
      },
      findings: [
        {
          messageId: 'deletes',
          message: /^"rm -rf \/etc\/sysctl\.d\/\*" deletes \/etc\/sysctl\.d\/\*: every drop-in there goes/,
          severity: 'warning',
          file: 'bypass.sh',
          line: 1,
          column: 1,
        },
      ],
    },
  ],
});
