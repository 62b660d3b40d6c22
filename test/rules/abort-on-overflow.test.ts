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
          message:
            /^tcp_abort_on_overflow = 1 \(\/etc\/sysctl\.d\/50-test\.conf:2\) answers with a reset when a handshake's final ACK arrives while the accept queue is full\. It does not make clients fail fast: once the queue is full, new SYNs are dropped before it can act \(ListenOverflows\/ListenDrops; measured: \+21 for 3 extra clients and no reset, with 0 and with 1\), and it turns a brief overflow, which clients survive by retransmitting their ACK, into connection resets \(docs\/kernel\/accept-queue\.md#tcp_abort_on_overflow\)\. This host counted 42 ListenOverflows\. Set it back to 0/,
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
          message: /^tcp_abort_on_overflow = 2 .*docs\/kernel\/accept-queue\.md#tcp_abort_on_overflow\)\. Set it back to 0/,
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
          message:
            /^tcp_abort_on_overflow = 1 \(live, no config line\).*No config line sets it: turn it off with "sysctl -w net\.ipv4\.tcp_abort_on_overflow=0"/,
          file: undefined,
        },
      ],
    },
  ],
  skipped: [{ name: 'nothing read', facts: { counters: { ListenOverflows: 3 } }, reason: /cannot check/ }],
});
