import { unknownKey } from '../../src/rules/unknown-key.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(unknownKey, {
  valid: [
    { name: 'a catalogue key the kernel has', facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 30 }] } },
    { name: 'a real key outside the catalogue', facts: { config: [{ key: 'net.ipv4.tcp_rmem', value: '4096 131072 6291456' }] } },
    { name: 'slash spelling of a real key', facts: { config: [{ key: 'net/core/rmem_max', value: 4194304 }] } },
    {
      name: 'per-interface keys for any interface name, "all" and "default"',
      facts: {
        config: [
          { key: 'net.ipv4.conf.ens3.rp_filter', value: 2 },
          { key: 'net.ipv4.conf.all.rp_filter', value: 2 },
          { key: 'net.ipv4.conf.default.rp_filter', value: 2 },
          { key: 'net.ipv6.conf.wlp2s0.disable_ipv6', value: 1 },
          { key: 'net.ipv4.neigh.default.gc_thresh3', value: 8192 },
          { key: 'net.ipv4.conf.eth0/100.rp_filter', value: 1 },
        ],
      },
    },
    { name: 'write-only keys that sysctl -a does not list', facts: { config: [{ key: 'net.ipv4.route.flush', value: 1 }, { key: 'vm.drop_caches', value: 3 }] } },
    { name: 'glob keys are not checked', facts: { config: [{ key: 'net.ipv4.conf.*.rp_filter', value: 2 }, { key: 'net.ipv4.conf.e?h0.nosuchkey', value: 1 }] } },
    { name: 'tcp_tw_recycle is left to the tw-recycle rule', facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 0 }] } },
    { name: 'tcp_tw_reuse_delay on 6.18 (added in 6.14)', facts: { kernel: '6.18', config: [{ key: 'net.ipv4.tcp_tw_reuse_delay', value: 2000 }] } },
    { name: 'tcp_syn_linear_timeouts on 6.8 (added in 6.5)', facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_syn_linear_timeouts', value: 4 }] } },
    { name: 'module keys that exist on 6.18 (bridge, conntrack)', facts: { config: [{ key: 'net.bridge.bridge-nf-call-iptables', value: 1 }, { key: 'net.netfilter.nf_conntrack_tcp_loose', value: 0 }] } },
  ],
  invalid: [
    {
      name: 'a typo on 6.8: error, with the real name suggested',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_fin_timout', value: 30, file: '/etc/sysctl.d/10-net.conf' }] },
      findings: [
        {
          message:
            /^net\.ipv4\.tcp_fin_timout is not a sysctl on Linux 6\.8 \(the target kernel, from --kernel\): the parameter catalogue does not know it and Linux 6\.18 has no such name \(did you mean net\.ipv4\.tcp_fin_timeout\?\)\. procps "sysctl -p" prints "cannot stat \/proc\/sys\/net\/ipv4\/tcp_fin_timout: No such file or directory" and exits 1 on this line, even with a leading "-"; "sysctl --system" skips it silently/,
          severity: 'error',
          file: '/etc/sysctl.d/10-net.conf',
          line: 1,
          column: 1,
          evidence: { suggestions: 'net.ipv4.tcp_fin_timeout' },
          caveats: ['The name list is from Linux 6.18: a key removed between 6.8 and 6.18 is reported here too, and a key added after 6.8 is caught only when the parameter catalogue knows it.'],
        },
      ],
    },
    {
      name: 'a key 6.18 does not have, on 6.18: error, the list is exact',
      facts: { kernel: '6.18.44', config: [{ key: 'net.ipv4.tcp_nodelay', value: 1 }] },
      findings: [{ message: /^net\.ipv4\.tcp_nodelay is not a sysctl on Linux 6\.18\.44 .*has no such name\. procps/, severity: 'error', caveats: undefined }],
    },
    {
      name: 'the same key on 6.8: a warning, it may have been removed after 6.8',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_nodelay', value: 1 }] },
      findings: [{ message: /^net\.ipv4\.tcp_nodelay is not a sysctl on Linux 6\.18; the target kernel 6\.8 \(from --kernel\) has it only if it was removed between 6\.8 and 6\.18\. Otherwise procps/, severity: 'warning' }],
    },
    {
      name: 'on a kernel newer than the list: a warning, it may have been added after 6.18',
      facts: { kernel: '6.19', config: [{ key: 'net.ipv4.tcp_shiny_new_knob', value: 1 }] },
      findings: [
        {
          message: /has it only if it was added after 6\.18/,
          severity: 'warning',
          caveats: ['The name list is from Linux 6.18; 6.19 is newer, so the key may have been added after 6.18.'],
        },
      ],
    },
    {
      name: 'a catalogue key newer than the target kernel (4.9)',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_syn_linear_timeouts', value: 4 }, { key: 'net.ipv4.ip_unprivileged_port_start', value: 1024 }] },
      findings: [
        { message: /^net\.ipv4\.tcp_syn_linear_timeouts does not exist on Linux 4\.9 \(the target kernel, from --kernel\): it was added in 6\.5 \(docs\/kernel\/README\.md#keys\)\. procps.*Remove the line on hosts running 4\.9, or upgrade the kernel\.$/, line: 1, evidence: { added: '6.5', kernel: '4.9' } },
        { message: /^net\.ipv4\.ip_unprivileged_port_start does not exist on Linux 4\.9 .*added in 4\.11/, line: 2 },
      ],
    },
    {
      name: 'tcp_tw_reuse_delay on 6.8 (added in 6.14)',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_tw_reuse_delay', value: 1000 }] },
      findings: [{ message: /^net\.ipv4\.tcp_tw_reuse_delay does not exist on Linux 6\.8.*added in 6\.14/, severity: 'error' }],
    },
    {
      name: 'an interface name with a dot written with dots: the "/" spelling is suggested',
      facts: { config: [{ key: 'net.ipv4.conf.eth0.100.rp_filter', value: 1 }] },
      findings: [{ message: /did you mean net\.ipv4\.conf\.eth0\/100\.rp_filter\?.*cannot stat \/proc\/sys\/net\/ipv4\/conf\/eth0\/100\/rp_filter/, severity: 'error' }],
    },
    {
      name: 'a short name under the right parent: the catalogue key is suggested',
      facts: { kernel: '6.18', config: [{ key: 'net.ipv4.syn_retries', value: 3 }] },
      findings: [{ message: /did you mean net\.ipv4\.tcp_syn_retries\?/, evidence: { suggestions: 'net.ipv4.tcp_syn_retries' } }],
    },
    {
      name: 'outside core networking the list cannot vouch: info',
      facts: { config: [{ key: 'kernel.sysrq', value: 1 }, { key: 'net.ipv4.vs.conntrack', value: 1 }] },
      findings: [
        { message: /^kernel\.sysrq is not a sysctl on the Linux 6\.18 reference kernel, but names under kernel\.\* depend on modules or kernel config options.*cannot be verified for the target kernel 6\.8/, severity: 'info', line: 1 },
        { message: /^net\.ipv4\.vs\.conntrack .*names under net\.ipv4\.vs\.\* depend on IPVS \(ip_vs module\)/, severity: 'info', line: 2 },
      ],
    },
    {
      name: 'a likely typo in an unverifiable subtree: warning with the suggestion',
      facts: { config: [{ key: 'vm.swapiness', value: 10 }] },
      findings: [{ message: /^vm\.swapiness is not a sysctl on the Linux 6\.18 reference kernel \(did you mean vm\.swappiness\?\)/, severity: 'warning', evidence: { suggestions: 'vm.swappiness' } }],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: { 'net.ipv4.tcp_fin_timeout': 60 } }, reason: /no config files were read/ }],
});
