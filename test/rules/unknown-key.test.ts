import type { AppliedVia } from '../../src/readers/embedded/types.js';
import { unknownKey } from '../../src/rules/unknown-key.js';
import { ruleTester } from '../helpers/rule-tester.js';

const pod: AppliedVia = { tool: 'kubernetes', workload: 'Pod/p', hostNetwork: false, hostIPC: false, valueType: 'string' };

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
    {
      name: 'write-only keys that sysctl -a does not list',
      facts: {
        config: [
          { key: 'net.ipv4.route.flush', value: 1 },
          { key: 'vm.drop_caches', value: 3 },
        ],
      },
    },
    {
      name: 'glob keys are not checked',
      facts: {
        config: [
          { key: 'net.ipv4.conf.*.rp_filter', value: 2 },
          { key: 'net.ipv4.conf.e?h0.nosuchkey', value: 1 },
        ],
      },
    },
    {
      name: 'tcp_tw_recycle is left to the tw-recycle rule',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_tw_recycle', value: 0 }] },
    },
    {
      name: 'tcp_tw_reuse_delay on 6.18 (added in 6.14)',
      facts: { kernel: '6.18', config: [{ key: 'net.ipv4.tcp_tw_reuse_delay', value: 2000 }] },
    },
    {
      name: 'tcp_syn_linear_timeouts on 6.12 (added in 6.5)',
      facts: { kernel: '6.12', config: [{ key: 'net.ipv4.tcp_syn_linear_timeouts', value: 4 }] },
    },
    // Built in on Debian's 6.1 and 6.12, absent from the module-less 6.18 the lab also measured: that kernel's gaps prove nothing.
    { name: 'kernel.sysrq on the newest known kernel', facts: { config: [{ key: 'kernel.sysrq', value: 1 }] } },
    {
      name: 'kernel.sysrq on 6.1, 6.12 and a kernel between them',
      facts: {
        kernel: '6.8',
        config: [
          { key: 'kernel.sysrq', value: 1 },
          { key: 'kernel.kexec_load_disabled', value: 1 },
        ],
      },
    },
    {
      name: 'a name of 6.1 and 6.12 on an older kernel: assumed present',
      facts: { kernel: '5.10', config: [{ key: 'kernel.yama.ptrace_scope', value: 1 }] },
    },
    {
      name: 'a removed key on a kernel that still had it',
      facts: { kernel: '3.10', config: [{ key: 'net.ipv4.tcp_dma_copybreak', value: 4096 }] },
    },
  ],
  // Not every applier runs sysctl -p: the outcome is said for what applies the line.
  invalid: [
    {
      name: 'a typo in a pod: the pod never starts (no sysctl -p there)',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_fin_timout', value: '30', via: pod }] },
      findings: [
        { messageId: 'typoPod', message: /probably a typo of net\.ipv4\.tcp_fin_timeout.*The pod never starts: the kubelet rejects/ },
      ],
    },
    {
      name: 'a typo in a compose service: the container fails to start',
      facts: {
        kernel: '6.8',
        config: [
          {
            key: 'net.core.somaxcon',
            value: '0',
            via: { tool: 'compose', service: 'a', networkMode: null, ipc: null, valueType: 'integer' },
          },
        ],
      },
      findings: [
        { messageId: 'typoContainer', message: /The container fails to start: runc cannot write \/proc\/sys\/net\/core\/somaxcon / },
      ],
    },
    {
      name: 'a typo in a TuneD profile: TuneD skips it',
      facts: {
        kernel: '6.8',
        config: [{ key: 'net.ipv4.tcp_fin_timout', value: '30', via: { tool: 'tuned', section: 'sysctl', modifier: null } }],
      },
      findings: [{ messageId: 'typoTuned', message: /TuneD skips it: it logs "Failed to read sysctl parameter/ }],
    },
    {
      name: 'a typo in sysctl -w: the command fails',
      facts: {
        kernel: '6.8',
        config: [
          {
            key: 'net.ipv4.tcp_fin_timout',
            value: '30',
            via: { tool: 'shell', command: 'sysctl -w', context: 'script', ignoreUnknown: false },
          },
        ],
      },
      findings: [
        {
          messageId: 'typoShell',
          message: /Applied by a shell command: "sysctl -w" prints "sysctl: cannot stat \/proc\/sys\/net\/ipv4\/tcp_fin_timout/,
        },
      ],
    },
    {
      name: 'a typo: error, with the real name suggested',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_fin_timout', value: 30, file: '/etc/sysctl.d/10-net.conf' }] },
      findings: [
        {
          messageId: 'typo',
          message:
            /^net\.ipv4\.tcp_fin_timout is not a sysctl on Linux 6\.8 \(the target kernel, from --kernel\) nor on any kernel the lab measured \(6\.1, 6\.12 and 6\.18\); it is probably a typo of net\.ipv4\.tcp_fin_timeout \(did you mean net\.ipv4\.tcp_fin_timeout\?\)\. procps "sysctl -p" prints "cannot stat \/proc\/sys\/net\/ipv4\/tcp_fin_timout: No such file or directory" and exits 1 on this line/,
          severity: 'error',
          file: '/etc/sysctl.d/10-net.conf',
          line: 1,
          column: 1,
          evidence: { suggestions: 'net.ipv4.tcp_fin_timeout' },
        },
      ],
    },
    {
      name: 'a "_" typed for a ".": did you mean net.ipv4.tcp_timestamps',
      facts: {
        config: [
          { key: 'net.ipv4_timestamps', value: 0 },
          { key: 'net.ipv4_tcp_sack', value: 1 },
        ],
      },
      findings: [
        {
          messageId: 'typo',
          message:
            /^net\.ipv4_timestamps is not a sysctl .*probably a typo of net\.ipv4\.tcp_timestamps \(did you mean net\.ipv4\.tcp_timestamps\?\)/,
          severity: 'error',
          line: 1,
        },
        {
          messageId: 'typo',
          message: /^net\.ipv4_tcp_sack is not a sysctl .*probably a typo of net\.ipv4\.tcp_sack /,
          severity: 'error',
          line: 2,
        },
      ],
    },
    {
      name: '"_" for "-" in a module key: the real spelling',
      facts: { config: [{ key: 'net.bridge.bridge_nf_call_iptables', value: 1 }] },
      findings: [
        {
          messageId: 'typo',
          message:
            /probably a typo of net\.bridge\.bridge-nf-call-iptables \(did you mean net\.bridge\.bridge-nf-call-iptables( or [^?]+)?\?\)/,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a shell command pasted as the key: the key inside it',
      facts: { config: [{ key: 'sysctl -w net.core.rmem_default', value: 262144 }] },
      findings: [
        {
          messageId: 'typo',
          message: /^sysctl -w net\.core\.rmem_default is not a sysctl .*probably a typo of net\.core\.rmem_default /,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a name in no kernel and close to none: error, not in any lab kernel',
      facts: { kernel: '6.18.44', config: [{ key: 'net.ipv4.tcp_nodelay_everywhere', value: 1 }] },
      findings: [
        {
          messageId: 'notInAnyKernel',
          message:
            /^net\.ipv4\.tcp_nodelay_everywhere is not a sysctl on any kernel the lab measured \(Linux 6\.1, 6\.12 and 6\.18; Debian's builds with every networking, filesystem and md module loaded\), so not on Linux 6\.18\.44 .*Fix the name or remove the line\.$/,
          severity: 'error',
        },
      ],
    },
    {
      name: 'never in mainline: kernel.exec-shield',
      facts: {
        config: [
          { key: 'kernel.exec-shield', value: 1 },
          { key: 'kernel.grsecurity.chroot_deny_mount', value: 1 },
        ],
      },
      findings: [
        {
          messageId: 'neverMainline',
          message:
            /^kernel\.exec-shield is not a sysctl of mainline Linux: it existed only in Red Hat's exec-shield patch \(RHEL 3 to 6 and old Fedora kernels\) \(kernel lab: absent from/,
          severity: 'error',
          evidence: { origin: "Red Hat's exec-shield patch (RHEL 3 to 6 and old Fedora kernels)" },
        },
        {
          messageId: 'neverMainline',
          message: /^kernel\.grsecurity\.chroot_deny_mount is not a sysctl of mainline Linux: it existed only in the grsecurity patch set/,
          severity: 'error',
        },
      ],
    },
    {
      name: 'removed with a known commit',
      facts: { kernel: '5.10', config: [{ key: 'net.ipv4.tcp_dma_copybreak', value: 4096 }] },
      findings: [
        {
          messageId: 'removedMainline',
          message:
            /^net\.ipv4\.tcp_dma_copybreak was removed from Linux in 3\.18 \(commit 7bced397510a \("net_dma: simple removal"\), September 2014\); it was the NET_DMA receive-copy offload\. Linux 5\.10 /,
          severity: 'error',
          evidence: { removedIn: '3.18', kernel: '5.10' },
        },
      ],
    },
    {
      name: 'the old ip_conntrack names: removed, with the nf_conntrack name to use',
      facts: {
        config: [
          { key: 'net.ipv4.netfilter.ip_conntrack_max', value: 65536 },
          { key: 'net.ipv4.netfilter.ip_conntrack_tcp_timeout_established', value: 600 },
        ],
      },
      findings: [
        {
          messageId: 'removedLongAgo',
          message:
            /^net\.ipv4\.netfilter\.ip_conntrack_max no longer exists: it was a compatibility name of the old ip_conntrack module .*no kernel since Linux 6\.1 has it .* Use net\.netfilter\.nf_conntrack_max instead\. Remove the line\.$/,
          severity: 'error',
          evidence: { goneBy: '6.1', kernel: '6.8', replacement: 'net.netfilter.nf_conntrack_max' },
        },
        {
          messageId: 'removedLongAgo',
          message: /Use net\.netfilter\.nf_conntrack_tcp_timeout_established instead\./,
          severity: 'error',
          line: 2,
        },
      ],
    },
    {
      name: 'gone before the lab kernels, on an older target: cannot be told (info)',
      facts: { kernel: '3.2', config: [{ key: 'net.ipv4.tcp_abc', value: 0 }] },
      findings: [
        {
          messageId: 'removedBeforeLab',
          message:
            /^net\.ipv4\.tcp_abc was a setting of Appropriate Byte Counting; no kernel since Linux 6\.1 has it .*whether Linux 3\.2 .* still does cannot be told here/,
          severity: 'info',
        },
      ],
    },
    {
      name: 'a catalogue key newer than the target kernel (the Done-when case: 6.1)',
      facts: { kernel: '6.1', config: [{ key: 'net.ipv4.tcp_syn_linear_timeouts', value: 4 }] },
      findings: [
        {
          messageId: 'notYetAdded',
          message:
            /^net\.ipv4\.tcp_syn_linear_timeouts does not exist on Linux 6\.1 \(the target kernel, from --kernel\): it was added in 6\.5\. procps.*Remove the line on hosts running 6\.1, or upgrade the kernel\.$/,
          severity: 'error',
          evidence: { added: '6.5', kernel: '6.1' },
        },
      ],
    },
    {
      name: 'a catalogue key newer than the target kernel (4.9)',
      facts: {
        kernel: '4.9',
        config: [
          { key: 'net.ipv4.tcp_syn_linear_timeouts', value: 4 },
          { key: 'net.ipv4.ip_unprivileged_port_start', value: 1024 },
        ],
      },
      findings: [
        { messageId: 'notYetAdded', message: /^net\.ipv4\.tcp_syn_linear_timeouts does not exist on Linux 4\.9 .*added in 6\.5/, line: 1 },
        {
          messageId: 'notYetAdded',
          message: /^net\.ipv4\.ip_unprivileged_port_start does not exist on Linux 4\.9 .*added in 4\.11/,
          line: 2,
        },
      ],
    },
    {
      name: 'tcp_tw_reuse_delay on 6.8 (added in 6.14)',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_tw_reuse_delay', value: 1000 }] },
      findings: [
        {
          messageId: 'notYetAdded',
          message: /^net\.ipv4\.tcp_tw_reuse_delay does not exist on Linux 6\.8.*added in 6\.14/,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a lab name the target series lacks: added later (6.12 has it, 6.1 does not)',
      facts: { kernel: '6.1.90', config: [{ key: 'kernel.kexec_load_limit_panic', value: 1 }] },
      findings: [
        {
          messageId: 'addedLater',
          message:
            /^kernel\.kexec_load_limit_panic does not exist on Linux 6\.1\.90 \(the target kernel, from --kernel\): the kernel lab found it on Linux 6\.12 but not on 6\.1\. procps/,
          severity: 'error',
          evidence: { firstSeen: '6.12', kernel: '6.1.90' },
        },
      ],
    },
    {
      name: 'a lab name gone from the target series: removed (6.1 has it, 6.12 does not)',
      facts: { kernel: '6.12', config: [{ key: 'kernel.sched_child_runs_first', value: 0 }] },
      findings: [
        {
          messageId: 'removedEarlier',
          message:
            /^kernel\.sched_child_runs_first does not exist on Linux 6\.12 .*found it on Linux 6\.1 but not on 6\.12, so it was removed in between\./,
          severity: 'error',
        },
      ],
    },
    {
      name: 'added between two lab kernels, target between them: cannot be told (info)',
      facts: { kernel: '6.8', config: [{ key: 'kernel.kexec_load_limit_panic', value: 1 }] },
      findings: [
        {
          messageId: 'changedBetween',
          message:
            /^kernel\.kexec_load_limit_panic was added between Linux 6\.1 and 6\.12 \(the kernel lab found it on 6\.12 only\), so whether Linux 6\.8 .* has it cannot be told here/,
          severity: 'info',
        },
      ],
    },
    {
      name: 'a module key: exists only with the module (info naming it)',
      facts: {
        config: [
          { key: 'net.bridge.bridge-nf-call-iptables', value: 1 },
          { key: 'net.netfilter.nf_conntrack_max', value: 262144 },
        ],
      },
      findings: [
        {
          messageId: 'needsModule',
          message:
            /^net\.bridge\.bridge-nf-call-iptables exists only while the br_netfilter module is loaded \(a module on Debian's Linux 6\.1 and 6\.12 builds\)\. .*\/etc\/modules-load\.d\/ /,
          severity: 'info',
          evidence: { module: 'br_netfilter' },
        },
        {
          messageId: 'needsModule',
          message: /^net\.netfilter\.nf_conntrack_max exists only while the nf_conntrack module is loaded/,
          severity: 'info',
          evidence: { module: 'nf_conntrack' },
        },
      ],
    },
    {
      name: 'an interface name with a dot written with dots: the "/" spelling is suggested',
      facts: { config: [{ key: 'net.ipv4.conf.eth0.100.rp_filter', value: 1 }] },
      findings: [
        {
          messageId: 'typo',
          message: /did you mean net\.ipv4\.conf\.eth0\/100\.rp_filter\?.*cannot stat \/proc\/sys\/net\/ipv4\/conf\/eth0\/100\/rp_filter/,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a short name under the right parent: the catalogue key is suggested',
      facts: { kernel: '6.18', config: [{ key: 'net.ipv4.syn_retries', value: 3 }] },
      findings: [
        { messageId: 'typo', message: /did you mean net\.ipv4\.tcp_syn_retries\?/, evidence: { suggestions: 'net.ipv4.tcp_syn_retries' } },
      ],
    },
    {
      name: 'a typo in vm.*: error (the lab vouches for vm.*)',
      facts: { config: [{ key: 'vm.swapiness', value: 10 }] },
      findings: [
        {
          messageId: 'typo',
          message: /^vm\.swapiness is not a sysctl .*did you mean vm\.swappiness\?/,
          severity: 'error',
          evidence: { suggestions: 'vm.swappiness' },
        },
      ],
    },
    {
      name: 'genuinely unknowable: driver names, and kernels outside the lab range',
      facts: {
        kernel: '6.19',
        config: [
          { key: 'dev.i915.perf_stream_paranoid', value: 0 },
          { key: 'net.ipv4.tcp_shiny_new_knob', value: 1 },
        ],
      },
      findings: [
        {
          messageId: 'unverifiable',
          message:
            /^dev\.i915\.perf_stream_paranoid is not in the kernel lab's data \(Linux 6\.1, 6\.12 and 6\.18\), and names under dev\.\* come from device drivers, which the lab does not load, so whether Linux 6\.19/,
          severity: 'info',
          line: 1,
        },
        {
          messageId: 'unverifiable',
          message:
            /^net\.ipv4\.tcp_shiny_new_knob is not in the kernel lab's data .*Linux 6\.19 is newer than every lab kernel: the key may have been added after 6\.18/,
          severity: 'info',
          line: 2,
        },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: { 'net.ipv4.tcp_fin_timeout': 60 } }, reason: /no config files were read/ }],
});
