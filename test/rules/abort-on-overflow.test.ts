import { abortOnOverflow } from '../../src/rules/abort-on-overflow.js';
import { ruleTester } from '../helpers/rule-tester.js';

const WHY =
  'tcp_abort_on_overflow turns a transient accept-queue overflow into resets and does not make clients fail fast (docs/kernel/accept-queue.md#tcp_abort_on_overflow).';

ruleTester(abortOnOverflow, {
  valid: [
    { name: 'configured 0 (the default)', facts: { config: [{ key: 'net.ipv4.tcp_abort_on_overflow', value: 0 }] } },
    { name: 'live 0', facts: { live: { 'net.ipv4.tcp_abort_on_overflow': 0 } } },
    { name: 'not set', facts: { config: [] } },
  ],
  invalid: [
    {
      name: 'configured 1, with ListenOverflows counted',
      facts: { config: [{ key: 'net.ipv4.tcp_abort_on_overflow', value: 1, comment: 'fail fast' }], counters: { ListenOverflows: 42 } },
      findings: [
        {
          messageId: 'on',
          data: { value: 1 },
          message: /^tcp_abort_on_overflow = 1 resets clients on a brief accept-queue overflow: set it back to 0 It answers with a reset/,
          severity: 'warning',
          line: 2,
          column: 1,
          evidence: { tcp_abort_on_overflow: 1, ListenOverflows: 42 },
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_abort_on_overflow', from: '1', to: '0', rules: ['abort-on-overflow'], why: WHY, line: 2 }],
    },
    {
      name: 'any non-zero value acts like 1',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_abort_on_overflow', value: 2 }] },
      findings: [
        {
          messageId: 'on',
          data: { value: 2 },
          evidence: { tcp_abort_on_overflow: 2 },
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_abort_on_overflow', from: '2', to: '0', runtime: null }],
    },
    {
      name: 'live 1 with no config line: nothing to change in a file',
      facts: { live: { 'net.ipv4.tcp_abort_on_overflow': 1 } },
      findings: [
        {
          messageId: 'onLive',
          message: /No config line sets it: turn it off with "sysctl -w net\.ipv4\.tcp_abort_on_overflow=0"/,
          file: undefined,
        },
      ],
    },
  ],
  skipped: [{ name: 'nothing read', facts: { counters: { ListenOverflows: 3 } }, reason: /cannot check/ }],
});
