import { natGatewayConntrack } from '../../src/rules/nat-gateway-conntrack.js';
import { ruleTester } from '../helpers/rule-tester.js';

const conntrack = (count: number, max = 262144) => ({ 'net.netfilter.nf_conntrack_max': max, 'net.netfilter.nf_conntrack_count': count });

ruleTester(natGatewayConntrack, {
  valid: [
    { name: 'NAT gateway just below 80% (207093 of 262144)', facts: { live: conntrack(207093) }, context: { natGateway: true } },
    { name: 'not a gateway: forwarding off, whatever the table says', facts: { live: { ...conntrack(262000), 'net.ipv4.ip_forward': 0 } } },
    { name: 'forwarding without conntrack loaded, not declared a gateway', facts: { live: { 'net.ipv4.ip_forward': 1 } } },
    { name: 'forwarding with a quiet table', facts: { live: { ...conntrack(1200), 'net.ipv4.ip_forward': 1 } } },
  ],
  invalid: [
    {
      name: 'forwarding with the table at 95%: error, nf_conntrack_max doubled',
      facts: { live: { 'net.ipv4.ip_forward': 1, ...conntrack(250000) } },
      findings: [
        {
          messageId: 'tableFilling',
          message:
            /^250000 of 262144 conntrack entries are in use \(95%\), about to be full: .*"nf_conntrack: table full, dropping packet"\. Closed TCP flows keep their entry for nf_conntrack_tcp_timeout_time_wait = 120 s \(kernel default 120\), a conntrack timer independent of the TCP stack's 60 s TIME-WAIT.*nf_conntrack_tcp_timeout_established = 432000 s .*Raise nf_conntrack_max to 524288 \(2 × the count, rounded up to a power of two\); the value is global/,
          severity: 'error',
          key: 'net.netfilter.nf_conntrack_max',
          evidence: {
            nf_conntrack_count: 250000,
            nf_conntrack_max: 262144,
            fillPercent: 95,
            nf_conntrack_tcp_timeout_time_wait: 120,
            nf_conntrack_tcp_timeout_established: 432000,
          },
          caveats: [
            'An idle connection through this gateway loses its translation after nf_conntrack_tcp_timeout_established; endpoints keep it only with keepalive below that (tcp_keepalive_time here is 7200 s, and applies to SO_KEEPALIVE sockets only).',
          ],
          change: { key: 'net.netfilter.nf_conntrack_max', to: '524288' },
        },
      ],
      changes: [
        {
          key: 'net.netfilter.nf_conntrack_max',
          from: null,
          to: '524288',
          runtime: { from: '262144', to: '524288' },
          rules: ['nat-gateway-conntrack'],
        },
      ],
    },
    {
      name: 'declared gateway at 80% inside a container: no write to the read-only key; short conntrack TIME_WAIT',
      facts: {
        memTotalBytes: 2 * 1024 ** 3, // 65536 buckets: the default nf_conntrack_max is 65536
        live: { ...conntrack(53000, 65536), 'net.netfilter.nf_conntrack_tcp_timeout_time_wait': 30 },
        config: [{ key: 'net.netfilter.nf_conntrack_tcp_timeout_time_wait', value: 30 }],
        container: true,
      },
      context: { natGateway: true },
      findings: [
        {
          messageId: 'tableFilling',
          message:
            /^53000 of 65536 conntrack entries are in use \(80%\): .*Raise nf_conntrack_max to 131072 .* on the host: the value is global and read-only inside a container, so it cannot be set here/,
          severity: 'warning',
        },
        {
          messageId: 'shortTimeWait',
          message:
            /^nf_conntrack_tcp_timeout_time_wait is 30 s \(kernel default 120\), shorter than the 60 s a server keeps TIME-WAIT.*fails the PAWS check.*\(docs\/kernel\/time-wait\.md#server-side-time-wait-and-paws\)\. Set it back to 120\./,
          key: 'net.netfilter.nf_conntrack_tcp_timeout_time_wait',
          change: { key: 'net.netfilter.nf_conntrack_tcp_timeout_time_wait', to: '120' },
        },
      ],
      changes: [
        { key: 'net.netfilter.nf_conntrack_tcp_timeout_time_wait', from: '30', to: '120', file: '/etc/sysctl.d/50-test.conf', line: 1 },
      ],
    },
    {
      name: 'a limit lowered at runtime is restored to the kernel default, which is the boot value (no file change)',
      facts: { live: { 'net.ipv4.ip_forward': 1, ...conntrack(60000, 65536) } },
      findings: [
        {
          messageId: 'tableFilling',
          message:
            /^60000 of 65536 conntrack entries are in use \(91%\): .*Raise nf_conntrack_max to 262144 \(the kernel default for this host, above 2 × the count\); no config line lowers it, so it was lowered at runtime: sysctl -w net\.netfilter\.nf_conntrack_max=262144 restores it; the value is global/,
          severity: 'warning',
          change: { key: 'net.netfilter.nf_conntrack_max', to: '262144' },
        },
      ],
      // The default is computed from memory: it comes back at boot by itself, so no line pins it.
      changes: [
        { key: 'net.netfilter.nf_conntrack_max', from: null, to: null, runtime: { from: '65536', to: '262144' }, kernelDefault: '262144' },
      ],
    },
    {
      name: 'declared gateway without conntrack: nothing to check, said so',
      facts: { live: {} },
      context: { natGateway: true },
      findings: [
        {
          messageId: 'noConntrack',
          message: /treated as a NAT gateway \(--nat-gateway\), but net\.netfilter\.nf_conntrack_max and nf_conntrack_count were not found/,
          severity: 'info',
        },
      ],
    },
  ],
  skipped: [{ name: 'no live values', facts: { config: [] }, context: { natGateway: true }, reason: /cannot check: no live values/ }],
});
