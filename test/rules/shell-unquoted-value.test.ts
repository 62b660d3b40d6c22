import { shellUnquotedValue } from '../../src/rules/shell-unquoted-value.js';
import type { AppliedVia } from '../../src/readers/embedded/types.js';
import { ruleTester } from '../helpers/rule-tester.js';

const command = (strayWords?: { text: string; position: { line: number; column: number } }[], name = 'sysctl -w'): AppliedVia => ({
  tool: 'shell',
  command: name,
  context: 'script',
  ignoreUnknown: false,
  ...(strayWords ? { strayWords } : {}),
});

ruleTester(shellUnquotedValue, {
  valid: [
    { name: 'a quoted multi-value', facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '1024 65000', via: command() }] } },
    { name: 'a one-number value', facts: { config: [{ key: 'net.core.somaxconn', value: '4096', via: command() }] } },
  ],
  invalid: [
    {
      name: 'sysctl -w ip_local_port_range=32767 65535 (the ingress-nginx example)',
      facts: {
        config: [
          {
            key: 'net.ipv4.ip_local_port_range',
            value: '32767',
            via: command([{ text: '65535', position: { line: 3, column: 52 } }]),
            file: 'tune.sh',
          },
        ],
      },
      findings: [
        {
          messageId: 'split',
          message:
            /sysctl -w net\.ipv4\.ip_local_port_range=32767 65535: the value is not quoted.*writes net\.ipv4\.ip_local_port_range = 32767 only and prints "sysctl: command line\(0\): invalid syntax, continuing\.\.\." \(exit 1\); for ip_local_port_range one value sets only the low end.*sysctl -w "net\.ipv4\.ip_local_port_range=32767 65535"/,
          severity: 'error',
          line: 3,
          column: 52,
        },
      ],
    },
    {
      name: 'without -w the extra word is read as a key',
      facts: {
        config: [
          {
            key: 'net.ipv4.tcp_rmem',
            value: '4096',
            via: command(
              [
                { text: '87380', position: { line: 1, column: 30 } },
                { text: '6291456', position: { line: 1, column: 36 } },
              ],
              'sysctl',
            ),
          },
        ],
      },
      findings: [
        { messageId: 'split', message: /prints "sysctl: cannot stat \/proc\/sys\/87380: No such file or directory" \(exit 1\)\. Quote/ },
      ],
    },
  ],
});
