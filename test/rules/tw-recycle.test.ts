import { twRecycle } from '../../src/rules/tw-recycle.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(twRecycle, {
  valid: [
    { name: 'not set anywhere', facts: { config: [{ key: 'net.ipv4.tcp_tw_reuse', value: 1 }] } },
    {
      name: '0 on an old kernel is the harmless default',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 0 }] },
    },
    { name: 'live 0 on an old kernel', facts: { kernel: '4.9', live: { 'net.ipv4.tcp_tw_recycle': 0 } } },
  ],
  invalid: [
    {
      name: 'set on 6.8: the key does not exist and sysctl -p fails',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 1, file: '/etc/sysctl.conf' }] },
      findings: [
        {
          messageId: 'removedKey',
          data: { kernel: '6.8' },
          message:
            /^tcp_tw_recycle does not exist on 6\.8: sysctl -p fails on this line; remove it tcp_tw_recycle was removed in 4\.12: .*exits 1/,
          severity: 'error',
          file: '/etc/sysctl.conf',
          line: 1,
          column: 1,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null, from: '1', file: '/etc/sysctl.conf', line: 1, rules: ['tw-recycle'] }],
    },
    {
      name: 'even 0 is an error on 4.12+',
      facts: { kernel: '5.4', config: [{ key: 'net/ipv4/tcp_tw_recycle', value: 0 }] },
      findings: [{ messageId: 'removedKey', data: { kernel: '5.4', value: '0' } }],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'on 4.9, before per-connection offsets, it drops SYNs from clients behind NAT',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 1 }] },
      findings: [
        {
          messageId: 'natDrops',
          data: { value: '1' },
          message: /drops SYNs from clients behind NAT: remove the line .*\(counted as PAWSPassive\)\. The key was removed in 4\.12/,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'on 4.10 per-connection offsets break it for every client',
      facts: { kernel: '4.10', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 1 }] },
      findings: [{ messageId: 'natDropsAnyClient', data: { value: '1' }, message: /On 4\.10 timestamps have per-connection offsets/ }],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'on 4.11, back to per-host offsets (commit 28ee1b746f49), it drops SYNs from clients behind NAT',
      facts: { kernel: '4.11', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 1 }] },
      findings: [{ messageId: 'natDrops' }],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', to: null }],
    },
    {
      name: 'live 1 on an old kernel without a config line',
      facts: { kernel: '4.4', live: { 'net.ipv4.tcp_tw_recycle': 1 }, config: [] },
      // No line to write (it would fail from 4.12 on): the running kernel gets the default 0.
      findings: [
        {
          messageId: 'liveOn',
          data: { value: '1' },
          message: /No config file sets it\. The plan turns it off now \(0, the kernel default\) and writes no line/,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_tw_recycle', from: null, to: null, runtime: { from: '1', to: '0' } }],
    },
  ],
  skipped: [{ name: 'nothing read', facts: {}, reason: /cannot check: no config files were read; no live values/ }],
});
