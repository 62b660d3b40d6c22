import { inlineComment } from '../../src/rules/inline-comment.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(inlineComment, {
  valid: [
    {
      name: 'plain values',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_syn_retries', value: 3 },
          { key: 'net.ipv4.tcp_rmem', value: '4096 131072 6291456' },
        ],
      },
    },
    {
      name: 'inner whitespace of a vector is not trailing text',
      facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '10000    65000' }] },
    },
    {
      name: 'a "#" without a blank before it is part of a string value',
      facts: { config: [{ key: 'kernel.core_pattern', value: 'core#%p' }] },
    },
    {
      name: "a lone trailing backslash is continuation-line's",
      facts: { config: [{ key: 'net.ipv4.tcp_keepalive_probes', value: '5 \\' }] },
    },
  ],
  invalid: [
    {
      name: 'an integer key: stored, the comment ignored',
      facts: { config: [{ key: 'net.ipv4.tcp_syn_retries', value: '3 # trailing comment' }] },
      findings: [
        {
          messageId: 'ignoredComment',
          message:
            /^net\.ipv4\.tcp_syn_retries: the kernel receives '3 # trailing comment'; it stores 3 and ignores '# trailing comment' because this key is numeric, but a string-valued key would get the text\. sysctl\.conf has no inline comments \(docs\/kernel\/config-files-and-precedence\.md#line-syntax\): move the comment to its own line above\.$/,
          severity: 'warning',
          line: 1,
          column: 30,
          evidence: { sent: '3 # trailing comment', stored: '3' },
        },
      ],
    },
    {
      name: 'a port range with a ";" comment',
      facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '20000 30001 ; c' }] },
      findings: [
        { messageId: 'ignoredComment', message: /receives '20000 30001 ; c'; it stores 20000 30001 and ignores '; c'/, column: 44 },
      ],
    },
    {
      name: 'trailing words that are not a comment',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: '30 seconds' }] },
      findings: [
        {
          messageId: 'ignoredText',
          message:
            /^net\.ipv4\.tcp_fin_timeout: the kernel receives '30 seconds'; it stores 30 and silently ignores 'seconds' .* Remove the trailing text\.$/,
          column: 31,
        },
      ],
    },
    {
      name: 'a comment that makes the value invalid',
      facts: { config: [{ key: 'net.ipv4.ip_local_reserved_ports', value: '8080 # admin' }] },
      findings: [
        {
          messageId: 'rejectedComment',
          message: /receives '8080 # admin' and rejects it \("8080 # admin" is not a port or a port range/,
          column: 41,
        },
      ],
    },
    {
      name: 'a key outside the catalogue: a string-valued key would store the text',
      facts: {
        config: [{ key: 'kernel.core_pattern', value: 'core ; dump here', file: '/etc/sysctl.d/60-core.conf', comment: 'core files' }],
      },
      findings: [
        {
          messageId: 'otherKey',
          message:
            /^kernel\.core_pattern: the kernel receives 'core ; dump here'; an integer key stores the number and ignores the rest, but a string-valued key would get the text '; dump here' as part of its value\./,
          file: '/etc/sysctl.d/60-core.conf',
          line: 2,
          column: 28,
        },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: {} }, reason: /no config files were read/ }],
});
