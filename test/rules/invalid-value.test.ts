import { invalidValue } from '../../src/rules/invalid-value.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(invalidValue, {
  valid: [
    {
      name: 'values inside the accepted ranges',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_syn_retries', value: 3 },
          { key: 'net.ipv4.tcp_tw_reuse', value: 2 },
          { key: 'net.core.somaxconn', value: 65535 },
        ],
      },
    },
    {
      name: 'trailing text is ignored by the kernel (inline-comment reports it)',
      facts: { config: [{ key: 'net.ipv4.tcp_synack_retries', value: '3 # comment' }] },
    },
    {
      name: 'hex and octal as the kernel parses them',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_fin_timeout', value: '0x1e' },
          { key: 'net.ipv4.tcp_keepalive_probes', value: '010' },
        ],
      },
    },
    { name: 'the widest port range the defaults allow', facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '1024 65535' }] } },
    {
      name: 'a low port range after an earlier ip_unprivileged_port_start line',
      facts: {
        config: [
          { key: 'net.ipv4.ip_unprivileged_port_start', value: 1000 },
          { key: 'net.ipv4.ip_local_port_range', value: '1000 65000' },
        ],
      },
    },
    {
      name: 'before 4.11 there is no ip_unprivileged_port_start check',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.ip_local_port_range', value: '1000 65000' }] },
    },
    {
      name: 'keys outside the catalogue are not checked',
      facts: { config: [{ key: 'kernel.core_pattern', value: '|/usr/lib/systemd/systemd-coredump %P' }] },
    },
    {
      name: "a key the kernel does not have is unknown-key's",
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_tw_reuse_delay', value: 0 }] },
    },
  ],
  invalid: [
    {
      name: 'tcp_syn_retries = 0 on 6.8: outside 1..127, live value kept',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.tcp_syn_retries', value: 0 }], live: { 'net.ipv4.tcp_syn_retries': 6 } },
      findings: [
        {
          messageId: 'rejected',
          message:
            /^net\.ipv4\.tcp_syn_retries = 0: the kernel rejects it with EINVAL \(0 is outside 1\.\.127, which the kernel accepts\)\. The write fails and the kernel keeps the value it had \(live 6\); procps prints 'sysctl: setting key "net\.ipv4\.tcp_syn_retries": Invalid argument' and exits 1.*systemd-sysctl prints "Couldn't write '0' to 'net\/ipv4\/tcp_syn_retries': Invalid argument" and exits 1 unless the line starts with "-"/,
          severity: 'error',
          file: '/etc/sysctl.d/50-test.conf',
          line: 1,
          column: 28,
          evidence: { configured: '0', problem: '0 is outside 1..127, which the kernel accepts' },
        },
      ],
    },
    {
      name: 'tcp_syn_retries = 200 on 4.9, no live value: the default stays',
      facts: { kernel: '4.9', config: [{ key: 'net.ipv4.tcp_syn_retries', value: 200 }] },
      findings: [{ messageId: 'rejected', message: /200 is outside 1\.\.127.*keeps the value it had \(the kernel default 6 after boot\)/ }],
    },
    {
      name: '"08" is octal to the kernel',
      facts: { config: [{ key: 'net.ipv4.tcp_fin_timeout', value: '08' }] },
      findings: [
        {
          messageId: 'rejected',
          message:
            /"08" starts with 0, so the kernel reads it as octal, where 8 is not a digit.*Write a value the kernel accepts \(-2147483\.\.2147483\)\.$/,
          column: 28,
        },
      ],
    },
    {
      name: 'a jiffies value too large (HZ unknown: 1000 assumed)',
      facts: { config: [{ key: 'net.ipv4.tcp_keepalive_time', value: 9999999 }] },
      findings: [
        {
          messageId: 'rejected',
          message: /9999999 is outside -2147483\.\.2147483, which the kernel accepts \(seconds stored as jiffies; assuming HZ=1000\)/,
        },
      ],
    },
    {
      name: 'the same rejected line twice, and an accepted one between: each rejected line is reported (the verdict is parsed once)',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_tw_reuse', value: 3 },
          { key: 'net.ipv4.tcp_tw_reuse', value: 1 },
          { key: 'net.ipv4.tcp_tw_reuse', value: 3 },
        ],
      },
      findings: [
        { messageId: 'rejected', message: /3 is outside 0\.\.2/, line: 1 },
        { messageId: 'rejected', message: /3 is outside 0\.\.2/, line: 3 },
      ],
    },
    {
      name: 'tcp_tw_reuse = 3',
      facts: { config: [{ key: 'net.ipv4.tcp_tw_reuse', value: 3 }] },
      findings: [{ messageId: 'rejected', message: /3 is outside 0\.\.2/, column: 25 }],
    },
    {
      name: 'port range below ip_unprivileged_port_start on 6.8',
      facts: { kernel: '6.8', config: [{ key: 'net.ipv4.ip_local_port_range', value: '1000 65000' }] },
      findings: [
        {
          messageId: 'rejected',
          message: /low end 1000 is below ip_unprivileged_port_start \(1024\).*the kernel default 32768 60999 after boot/,
          column: 32,
        },
      ],
    },
    {
      name: 'ip_unprivileged_port_start lowered only after the port-range line: too late',
      facts: {
        config: [
          { key: 'net.ipv4.ip_local_port_range', value: '1000 65000' },
          { key: 'net.ipv4.ip_unprivileged_port_start', value: 1000 },
        ],
      },
      findings: [{ messageId: 'rejected', message: /low end 1000 is below ip_unprivileged_port_start \(1024\)/, line: 1 }],
    },
    {
      name: 'ip_unprivileged_port_start above the live port range',
      facts: {
        config: [{ key: 'net.ipv4.ip_unprivileged_port_start', value: 40000 }],
        live: { 'net.ipv4.ip_local_port_range': '32768 60999', 'net.ipv4.ip_unprivileged_port_start': 1024 },
      },
      findings: [
        {
          messageId: 'rejected',
          message: /40000 is above the low end of ip_local_port_range \(32768\).*keeps the value it had \(live 1024\)/,
        },
      ],
    },
    {
      name: 'a reserved-ports list with blanks',
      facts: { config: [{ key: 'net.ipv4.ip_local_reserved_ports', value: '8080, 9000' }] },
      findings: [{ messageId: 'rejected', message: /" 9000" is not a port or a port range/ }],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: { 'net.ipv4.tcp_syn_retries': 6 } }, reason: /no config files were read/ }],
});
