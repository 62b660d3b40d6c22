import { finTimeoutMisconception } from '../../src/rules/fin-timeout-misconception.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(finTimeoutMisconception, {
  valid: [
    { name: 'not set', facts: { config: [] } },
    {
      name: 'configured to the default 60',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 60, comment: 'keep TIME_WAIT at default' }] },
    },
    { name: 'live 60', facts: { live: { 'net.ipv4.tcp_fin_timeout': 60 } } },
    {
      name: 'a value the kernel rejects (invalid-value reports it)',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 'thirty' }] },
    },
  ],
  invalid: [
    {
      name: '30 on 6.8: only orphaned FIN-WAIT-2 sockets',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 30 }] },
      findings: [
        {
          messageId: 'onlyOrphans',
          message:
            /^tcp_fin_timeout = 30 bounds only orphaned FIN-WAIT-2 sockets \(the application already closed them\): an orphaned FIN-WAIT-2 socket lives ~30 s \(never less than 3\.5×RTO\) instead of 60 s with the default 60\. TIME-WAIT stays 60 s, and a socket that only called shutdown\(SHUT_WR\) has no timer at all \(docs\/kernel\/fin-timeout-and-orphans\.md#tcp_fin_timeout\)\.$/,
          severity: 'info',
          line: 1,
          column: 1,
          evidence: { tcp_fin_timeout: 30, orphanFinWait2Seconds: 30, timeWaitSeconds: 60 },
        },
      ],
    },
    {
      name: 'the same on 4.9',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 30 }] },
      findings: [{ messageId: 'onlyOrphans', message: /lives ~30 s .* instead of 60 s with the default 60/, severity: 'info' }],
    },
    {
      name: '65 gives ~10 s: shorter, not longer',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 65 }] },
      findings: [
        {
          messageId: 'aboveSixty',
          message:
            /^tcp_fin_timeout = 65 does not lengthen the FIN-WAIT-2 wait: above 60 an orphaned FIN-WAIT-2 socket lives 2×\(65−60\) = ~10 s \(shorter than the 60 s of the default 60; measured: 65 → 10\.4 s, 90 → 62\.7 s, 120 → 122\.1 s\)\. The mapping is not monotonic/,
          severity: 'warning',
          evidence: { tcp_fin_timeout: 65, orphanFinWait2Seconds: 10, timeWaitSeconds: 60 },
        },
      ],
    },
    {
      name: '90 gives the same 60 s as the default',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 90 }] },
      findings: [{ messageId: 'aboveSixty', message: /2×\(90−60\) = ~60 s \(the same as the 60 s/, severity: 'warning' }],
    },
    {
      name: '120 gives 120 s',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 120 }] },
      findings: [{ messageId: 'aboveSixty', message: /2×\(120−60\) = ~120 s \(longer than the 60 s/, severity: 'warning' }],
    },
    {
      name: 'the comment above says TIME_WAIT: a misconception',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 15, comment: ' Reduce TIME_WAIT sockets' }] },
      findings: [
        {
          messageId: 'timeWaitMisconception',
          message:
            /^tcp_fin_timeout = 15 does not shorten TIME_WAIT, although the comment above \("Reduce TIME_WAIT sockets"\) suggests it should: TIME-WAIT always lasts 60 s \(TCP_TIMEWAIT_LEN, a compile-time constant\)\. This key bounds only orphaned FIN-WAIT-2 sockets \(the application already closed them\): an orphaned FIN-WAIT-2 socket lives ~15 s .* If TIME-WAIT was the goal, remove the line/,
          severity: 'warning',
          line: 2,
        },
      ],
    },
    {
      name: 'an inline comment about time-wait counts too',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: '10 # fewer time-wait' }] },
      findings: [
        {
          messageId: 'timeWaitMisconception',
          message: /although the inline comment \("fewer time-wait"\) suggests it should/,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'live only: no line to anchor',
      facts: { live: { 'net.ipv4.tcp_fin_timeout': 15 } },
      findings: [{ messageId: 'onlyOrphans', message: /^tcp_fin_timeout = 15 bounds only orphaned/, severity: 'info', file: undefined }],
    },
  ],
  skipped: [{ name: 'nothing read', facts: {}, reason: /cannot check/ }],
});
