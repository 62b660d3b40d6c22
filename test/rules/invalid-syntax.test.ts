import { invalidSyntax } from '../../src/rules/invalid-syntax.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(invalidSyntax, {
  valid: [{ name: 'only assignments', facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 30 }] } }],
  invalid: [
    {
      name: 'a line without "="',
      facts: { config: [], invalidLines: [{ file: '/etc/sysctl.conf', line: 15, text: 'this line has no equals' }] },
      findings: [
        {
          messageId: 'invalid',
          message:
            /^'this line has no equals' is not an assignment \(no "=" in the line\), so nothing is applied from it\. procps prints "sysctl: \/etc\/sysctl\.conf\(15\): invalid syntax, continuing\.\.\.", skips it and exits 0; systemd-sysctl prints "\/etc\/sysctl\.conf:15: Line is not an assignment, ignoring: this line has no equals" and exits 1, so systemd-sysctl\.service fails \(the other lines are still applied\)\. Write "key = value", or comment it out with "#"\.$/,
          severity: 'error',
          file: '/etc/sysctl.conf',
          line: 15,
          column: 1,
          evidence: { text: 'this line has no equals' },
        },
      ],
    },
    {
      name: 'the line after a trailing backslash',
      facts: { config: [{ key: 'net.ipv4.tcp_keepalive_probes', value: '5 \\' }], invalidLines: [{ line: 2, text: '  6' }] },
      findings: [
        {
          messageId: 'afterContinuation',
          message:
            /^'6' is not an assignment \(no "=" in the line\): the line before ends with "\\".*Join it to the line before, without the backslash\.$/,
          line: 2,
          column: 3,
        },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: {} }, reason: /no config files were read/ }],
});
