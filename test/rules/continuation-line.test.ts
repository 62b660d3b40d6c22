import { continuationLine } from '../../src/rules/continuation-line.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(continuationLine, {
  valid: [
    { name: 'no backslash', facts: { config: [{ key: 'net.ipv4.tcp_keepalive_probes', value: 5 }] } },
    { name: 'a backslash inside a string value', facts: { config: [{ key: 'kernel.core_pattern', value: 'C:\\core %p' }] } },
  ],
  invalid: [
    {
      name: 'the a.conf case of the procps/systemd runs: "5 \\" then "  6"',
      facts: { config: [{ key: 'net.ipv4.tcp_keepalive_probes', value: '5 \\' }], invalidLines: [{ line: 2, text: '  6' }] },
      findings: [
        {
          messageId: 'withInvalidNext',
          message:
            /^net\.ipv4\.tcp_keepalive_probes = 5 \\ ends with "\\", but sysctl\.conf has no continuation lines \(docs\/kernel\/config-files-and-precedence\.md#line-syntax\): the kernel receives '5 \\', stores 5 and ignores the rest, and line 2 \('6'\) is parsed on its own: procps prints "invalid syntax, continuing\.\.\." for it \(exit 0\) and systemd-sysctl "Line is not an assignment, ignoring" \(exit 1\)\. Put the whole value on one line\.$/,
          severity: 'warning',
          line: 1,
          column: 35,
          evidence: { sent: '5 \\' },
        },
      ],
    },
    {
      name: 'the next line is an assignment of its own',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_fin_timeout', value: '30 \\' },
          { key: 'net.ipv4.tcp_keepalive_time', value: 600 },
        ],
      },
      findings: [
        {
          messageId: 'withAssignmentNext',
          message: /stores 30 and ignores the rest, and the next line is applied as an assignment of its own\. Remove the backslash\.$/,
        },
      ],
    },
    {
      name: 'a value the kernel rejects because of the backslash',
      facts: { config: [{ key: 'net.ipv4.tcp_syn_retries', value: '3\\' }] },
      findings: [
        {
          messageId: 'atEnd',
          message:
            /the kernel receives '3\\' and rejects it \("3\\" is not a number \(the kernel stops at "\\"\)\)\. Remove the backslash\.$/,
          column: 29,
        },
      ],
    },
    {
      name: 'a key outside the catalogue',
      facts: { config: [{ key: 'kernel.core_pattern', value: 'core \\' }] },
      findings: [
        {
          messageId: 'atEnd',
          message: /the kernel receives 'core \\' \(a numeric key ignores the "\\" after a blank; a string-valued key stores it\)/,
        },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: {}, reason: /no config files were read/ }],
});
