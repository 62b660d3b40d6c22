import { keepaliveIdleTimeout } from '../../src/rules/keepalive-idle-timeout.js';
import { ruleTester } from '../helpers/rule-tester.js';

const SO_KEEPALIVE_CAVEAT =
  'Applies only to sockets that set SO_KEEPALIVE; per-socket TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT win over these sysctls.';
const RETRIES2_CAVEAT =
  'While data is unacknowledged the keepalive timer does nothing: tcp_retries2 (15, ~924.6 s) governs instead, and TCP_USER_TIMEOUT replaces the probe count when set.';

ruleTester(keepaliveIdleTimeout, {
  valid: [
    {
      name: 'a 120 s keepalive fits a 350 s idle timeout',
      facts: { config: [{ key: 'net.ipv4.tcp_keepalive_time', value: 120 }] },
      context: { idleTimeout: 350 },
    },
    {
      name: 'the retry lands just inside the timeout (224 + 75 = 299 < 300)',
      facts: { live: { 'net.ipv4.tcp_keepalive_time': 224, 'net.ipv4.tcp_keepalive_intvl': 75, 'net.ipv4.tcp_keepalive_probes': 9 } },
      context: { idleTimeout: 300 },
    },
    { name: 'a middlebox slower than the defaults (7200 + 75 < 7300)', facts: { live: {} }, context: { idleTimeout: 7300 } },
  ],
  invalid: [
    {
      name: '100 connections, none with a keepalive timer: no keepalive change, a note that the application must enable SO_KEEPALIVE',
      facts: {
        live: { 'net.ipv4.tcp_keepalive_time': 7200, 'net.ipv4.tcp_keepalive_intvl': 75, 'net.ipv4.tcp_keepalive_probes': 9 },
        sockets: { states: { ESTABLISHED: 100 }, keepaliveEstablished: 0 },
      },
      context: { idleTimeout: 300 },
      findings: [
        {
          messageId: 'noKeepaliveSockets',
          severity: 'info',
          message:
            /^The first keepalive probe comes after 7200 s, later than the 300 s idle timeout on the path, but none of the 100 established connections here uses keepalive \(no keepalive timer in the socket table: "tr" 2 in \/proc\/net\/tcp.*none is proposed\..*the application must enable SO_KEEPALIVE \(or send its own pings more often than every 300 s\)/,
          evidence: { idleTimeout: 300, tcp_keepalive_time: 7200, ESTABLISHED: 100, keepaliveSockets: 0 },
        },
      ],
    },
    {
      name: 'one connection of 100 uses keepalive: the sysctls matter, the fit is proposed',
      facts: {
        live: { 'net.ipv4.tcp_keepalive_time': 7200, 'net.ipv4.tcp_keepalive_intvl': 75, 'net.ipv4.tcp_keepalive_probes': 9 },
        sockets: { states: { ESTABLISHED: 100 }, keepaliveEstablished: 1 },
      },
      context: { idleTimeout: 300 },
      findings: [{ messageId: 'keepaliveTime', message: /^Idle connections outlive the middlebox.*Set tcp_keepalive_time to 150/ }],
      changes: [{ key: 'net.ipv4.tcp_keepalive_time', to: '150', rules: ['keepalive-idle-timeout'] }],
    },
    {
      name: 'the profile already plans a keepalive that fits: report now, propose nothing over it',
      facts: { live: { 'net.ipv4.tcp_keepalive_time': 7200, 'net.ipv4.tcp_keepalive_intvl': 75, 'net.ipv4.tcp_keepalive_probes': 9 } },
      context: { idleTimeout: 350 },
      profileTargets: { 'net.ipv4.tcp_keepalive_time': '120', 'net.ipv4.tcp_keepalive_intvl': '30', 'net.ipv4.tcp_keepalive_probes': '4' },
      findings: [
        {
          messageId: 'profileFits',
          message:
            /first keepalive probe comes after 7200 s .*profile's keepalive targets \(tcp_keepalive_time 120, tcp_keepalive_intvl 30\) probe in time/,
        },
      ],
      // The profile's own targets become the changes; the rule adds none.
      changes: [
        { key: 'net.ipv4.tcp_keepalive_intvl', to: '30', rules: ['profile:test'] },
        { key: 'net.ipv4.tcp_keepalive_probes', to: '4', rules: ['profile:test'] },
        { key: 'net.ipv4.tcp_keepalive_time', to: '120', rules: ['profile:test'] },
      ],
    },
    {
      name: 'the 7200 s default behind a 350 s load balancer',
      facts: { live: { 'net.ipv4.tcp_keepalive_time': 7200, 'net.ipv4.tcp_keepalive_intvl': 75, 'net.ipv4.tcp_keepalive_probes': 9 } },
      context: { idleTimeout: 350 },
      findings: [
        {
          messageId: 'keepaliveTime',
          message:
            /^Idle connections outlive the middlebox: the idle timeout on the path is 350 s and the first keepalive probe comes after 7200 s.*probing at 175 s \(retry at 250 s\) keeps them alive\. Set tcp_keepalive_time to 175 \(now 7200; kernel default 7200\)\. Dead-peer detection .* then takes 850 s \(14 min 10 s\) \(175 \+ 9 × 75\) instead of 7875 s \(2 h 11 min 15 s\) \(7200 \+ 9 × 75\) \(docs\/kernel\/keepalive\.md#detection-time\)\.$/,
          severity: 'warning',
          key: 'net.ipv4.tcp_keepalive_time',
          evidence: {
            idleTimeout: 350,
            tcp_keepalive_time: 7200,
            tcp_keepalive_intvl: 75,
            tcp_keepalive_probes: 9,
            detectionSeconds: 7875,
          },
          caveats: [SO_KEEPALIVE_CAVEAT, RETRIES2_CAVEAT],
          change: { key: 'net.ipv4.tcp_keepalive_time', to: '175' },
        },
      ],
      changes: [
        {
          key: 'net.ipv4.tcp_keepalive_time',
          from: null,
          to: '175',
          runtime: { from: '7200', to: '175' },
          rules: ['keepalive-idle-timeout'],
        },
      ],
    },
    {
      name: 'the retry would land exactly at the timeout (225 + 75 = 300)',
      facts: { live: { 'net.ipv4.tcp_keepalive_time': 225 } },
      context: { idleTimeout: 300 },
      findings: [
        {
          messageId: 'keepaliveTime',
          message: /a lost probe is retried at 300 s.*Set tcp_keepalive_time to 150 \(now 225; kernel default 7200\)/,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_keepalive_time', from: null, to: '150', runtime: { from: '225', to: '150' } }],
    },
    {
      name: 'a configured 300 s behind a 240 s firewall, in a container: time and interval',
      facts: { config: [{ key: 'net.ipv4.tcp_keepalive_time', value: 300 }], container: true },
      context: { idleTimeout: 240 },
      findings: [
        {
          messageId: 'keepaliveTime',
          message:
            /Set tcp_keepalive_time to 120 \(now 300; kernel default 7200\)\. .*takes 660 s \(11 min\) \(120 \+ 9 × 60\) instead of 975 s \(16 min 15 s\) \(300 \+ 9 × 75\)/,
          caveats: [
            SO_KEEPALIVE_CAVEAT,
            RETRIES2_CAVEAT,
            "These keys are per network namespace: each container or pod starts from the kernel default (7200 s), not from the node's value (docs/kernel/namespaces.md#new-namespace-defaults).",
          ],
        },
        {
          messageId: 'keepaliveIntvl',
          message:
            /^Set tcp_keepalive_intvl to 60 \(now 75; kernel default 75\): a lost first probe at 120 s is then retried at 180 s, still inside the 240 s idle timeout, instead of at 195 s/,
          key: 'net.ipv4.tcp_keepalive_intvl',
        },
      ],
      changes: [
        { key: 'net.ipv4.tcp_keepalive_intvl', from: null, to: '60', runtime: null },
        { key: 'net.ipv4.tcp_keepalive_time', from: '300', to: '120', file: '/etc/sysctl.d/50-test.conf', line: 1 },
      ],
    },
  ],
  skipped: [
    {
      name: 'no --idle-timeout',
      facts: { live: {}, config: [] },
      reason: /^cannot check: no middlebox idle timeout given \(--idle-timeout, --lb, --nat\)$/,
    },
    {
      name: 'an idle timeout but nothing read',
      facts: {},
      context: { idleTimeout: 350 },
      reason: /no config files were read; no live values/,
    },
  ],
});
