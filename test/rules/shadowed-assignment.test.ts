import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { shadowedAssignment } from '../../src/rules/shadowed-assignment.js';
import { runCli } from '../helpers/cli.js';
import { inNetns, requireNetns, requireTool } from '../helpers/netns.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(shadowedAssignment, {
  valid: [
    {
      name: 'every key set once',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_fin_timeout', value: 30 },
          { key: 'net.ipv4.tcp_keepalive_time', value: 600 },
        ],
      },
    },
  ],
  invalid: [
    {
      name: 'a later file overrides an earlier one (procps ends with /etc/sysctl.conf)',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_keepalive_time', value: 300, file: '/usr/lib/sysctl.d/50-vendor.conf' },
          { key: 'net.ipv4.tcp_keepalive_time', value: 400, file: '/etc/sysctl.conf' },
        ],
      },
      findings: [
        {
          messageId: 'overridden',
          message:
            /^net\.ipv4\.tcp_keepalive_time = 300 here is overridden by net\.ipv4\.tcp_keepalive_time = 400 at \/etc\/sysctl\.conf:1, which is applied later: procps "sysctl --system" writes every occurrence in order \(the key holds 300 until the later line\), systemd-sysctl applies only the last one/,
          severity: 'info',
          file: '/usr/lib/sysctl.d/50-vendor.conf',
          line: 1,
          column: 1,
          evidence: { overriddenBy: '/etc/sysctl.conf:1', value: '400' },
        },
      ],
    },
    {
      name: 'three lines in one file: two findings, anchored at each shadowed line',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_fin_timeout', value: 30 },
          { key: 'net.ipv4.tcp_keepalive_time', value: 600 },
          { key: 'net.ipv4.tcp_fin_timeout', value: 20 },
          { key: 'net.ipv4.tcp_fin_timeout', value: 15 },
        ],
      },
      findings: [
        {
          messageId: 'overridden',
          message: /= 30 here is overridden by net\.ipv4\.tcp_fin_timeout = 15 at \/etc\/sysctl\.d\/50-test\.conf:4/,
          line: 1,
        },
        {
          messageId: 'overridden',
          message: /= 20 here is overridden by net\.ipv4\.tcp_fin_timeout = 15 at \/etc\/sysctl\.d\/50-test\.conf:4/,
          line: 3,
        },
      ],
    },
    {
      name: 'the same value twice (an inline comment does not change what is stored)',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_syn_retries', value: 3 },
          { key: 'net.ipv4.tcp_syn_retries', value: '3 # again' },
        ],
      },
      findings: [
        {
          messageId: 'redundant',
          message: /= 3 here is repeated at \/etc\/sysctl\.d\/50-test\.conf:2 with the same value.*this line has no effect/,
        },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: {} }, reason: /no config files were read/ }],
});

/**
 * systemd's own 50-default.conf sets "net.ipv4.conf.default.rp_filter = 2" and then
 * "net.ipv4.conf.*.rp_filter = 2": the glob skips the explicit key (and a "-key" line) and sets every
 * other interface. Oracle: the real systemd-sysctl and procps sysctl in a fresh network namespace.
 */
// lo gets 1, not its default 0: systemd suppresses a write of the value already there, and the
// kernel then copies a later write of conf/default to every device whose value was never written.
const GLOB_FILE = [
  'net.ipv4.conf.lo.rp_filter = 1',
  'net.ipv4.conf.*.rp_filter = 2',
  '-net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.default.accept_source_route = 0',
  'net.ipv4.conf.*.accept_source_route = 0',
  '',
].join('\n');

for (const [tool, command] of [
  ['systemd-sysctl', '/lib/systemd/systemd-sysctl'],
  ['procps sysctl -p', 'sysctl -q -p'],
] as const) {
  test(`shadowed-assignment: a glob line is skipped by an explicit key, not shadowed (${tool} as oracle)`, (t) => {
    if (!requireNetns(t)) return;
    if (tool === 'systemd-sysctl' && !requireTool(t, '/lib/systemd/systemd-sysctl')) return;
    const dir = mkdtempSync(join(tmpdir(), 'glob-skip-'));
    try {
      const file = join(dir, '50-default.conf');
      writeFileSync(file, GLOB_FILE);
      const read = (k: string) => `cat /proc/sys/net/ipv4/conf/${k}`;
      const out = inNetns(
        `${command} ${file} >/dev/null 2>&1; ${read('lo/rp_filter')}; ${read('default/rp_filter')}; ${read('all/rp_filter')}`,
      ).split('\n');
      // lo keeps its explicit 1; default gets the glob's 2; all is excluded by "-key" (stays 0).
      assert.deepEqual(out.slice(0, 3), ['1', '2', '0'], `${tool} applied the glob around the explicit key`);
      const review = runCli(['review', file, '--format', 'json', '--fail-on', 'none']);
      const findings = (JSON.parse(review.stdout) as { findings: { rule: string; line: number }[] }).findings;
      assert.deepEqual(
        findings.filter((f) => f.rule === 'shadowed-assignment'),
        [],
        'neither the glob lines nor the explicit lines are "no effect"',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
