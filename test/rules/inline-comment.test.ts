import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inlineComment } from '../../src/rules/inline-comment.js';
import { runCli } from '../helpers/cli.js';
import { inNetns, requireNetns, requireTool } from '../helpers/netns.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(inlineComment, {
  valid: [
    {
      name: 'plain values',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_syn_retries', value: 3 },
          { key: 'net.ipv4.tcp_rmem', value: '4096 131072 6291456' },
        ],
      },
    },
    {
      name: 'inner whitespace of a vector is not trailing text',
      facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '10000    65000' }] },
    },
    {
      name: 'a "#" without a blank before it is part of a string value',
      facts: { config: [{ key: 'kernel.core_pattern', value: 'core#%p' }] },
    },
    {
      name: "a lone trailing backslash is continuation-line's",
      facts: { config: [{ key: 'net.ipv4.tcp_keepalive_probes', value: '5 \\' }] },
    },
  ],
  invalid: [
    {
      name: 'an integer key: stored, the comment ignored: one info for the file',
      facts: { config: [{ key: 'net.ipv4.tcp_syn_retries', value: '3 # trailing comment' }] },
      findings: [
        {
          messageId: 'harmlessInFile',
          message:
            /^Inline comment or trailing text on 1 numeric line 1: harmless \(the number is stored\), but move the text above\nsysctl\.conf has no inline comments: the kernel receives everything after "=" \(line 1: net\.ipv4\.tcp_syn_retries stores 3\)\./,
          severity: 'info',
          line: 1,
          column: 30,
          evidence: { lines: '1' },
        },
      ],
    },
    {
      name: 'three harmless lines in one file (catalogue and other numeric keys, comments and words): one finding listing them',
      facts: {
        config: [
          { key: 'net.ipv4.ip_local_port_range', value: '20000 30001 ; c' },
          { key: 'net.ipv4.tcp_fin_timeout', value: '30 seconds' },
          { key: 'net.core.rmem_default', value: '268435456  # 256 MB' },
        ],
      },
      findings: [
        {
          messageId: 'harmlessInFile',
          message:
            /^Inline comment or trailing text on 3 numeric lines 1, 2, 3: harmless[\s\S]*\(line 1: net\.ipv4\.ip_local_port_range stores 20000 30001\)/,
          severity: 'info',
          line: 1,
          column: 44,
          evidence: { lines: '1,2,3' },
        },
      ],
    },
    {
      name: 'one finding per file',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_syn_retries', value: '3 # a', file: '/etc/sysctl.d/10-a.conf' },
          { key: 'net.ipv4.tcp_synack_retries', value: '3 # b', file: '/etc/sysctl.d/20-b.conf' },
          { key: 'net.ipv4.tcp_keepalive_probes', value: '5 # c', file: '/etc/sysctl.d/20-b.conf' },
        ],
      },
      findings: [
        { messageId: 'harmlessInFile', message: /on 1 numeric line 1:/, file: '/etc/sysctl.d/10-a.conf' },
        { messageId: 'harmlessInFile', message: /on 2 numeric lines 1, 2:/, file: '/etc/sysctl.d/20-b.conf' },
      ],
    },
    {
      name: 'a comment that makes the value invalid: the line is rejected (error)',
      facts: { config: [{ key: 'net.ipv4.ip_local_reserved_ports', value: '8080 # admin' }] },
      findings: [
        {
          messageId: 'rejectedComment',
          message: /receives '8080 # admin' and rejects it \("8080 # admin" is not a port or a port range/,
          column: 41,
          severity: 'error',
        },
      ],
    },
    {
      name: 'text after a value that is not a number: a string-valued key stores it (warning)',
      facts: {
        config: [{ key: 'kernel.core_pattern', value: 'core ; dump here', file: '/etc/sysctl.d/60-core.conf', comment: 'core files' }],
      },
      findings: [
        {
          messageId: 'otherKey',
          message:
            /^kernel\.core_pattern: the kernel receives 'core ; dump here'; an integer key stores the number and ignores the rest, but a string-valued key would get the text '; dump here' as part of its value\./,
          severity: 'warning',
          file: '/etc/sysctl.d/60-core.conf',
          line: 2,
          column: 28,
        },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: {} }, reason: /no config files were read/ }],
});

/**
 * The "harmless" claim, checked against the kernel: a numeric value with a comment after it,
 * applied by the real procps sysctl and systemd-sysctl in a fresh network namespace, stores the number.
 */
const COMMENTED = [
  'net.ipv4.tcp_keepalive_time = 300 # tcp keepalive time',
  'net.ipv4.tcp_rmem = 4096 131072 6291456  # min default max',
  'net.ipv4.ip_local_port_range = 20000 30001 ; c',
  'net.ipv4.tcp_fin_timeout = 30 seconds',
  '',
].join('\n');

for (const [tool, command] of [
  ['systemd-sysctl', '/lib/systemd/systemd-sysctl'],
  ['procps sysctl -p', 'sysctl -q -p'],
] as const) {
  test(`inline-comment: numeric keys store the number and ignore the comment (${tool} as oracle)`, (t) => {
    if (!requireNetns(t)) return;
    if (tool === 'systemd-sysctl' && !requireTool(t, '/lib/systemd/systemd-sysctl')) return;
    const dir = mkdtempSync(join(tmpdir(), 'inline-comment-'));
    try {
      const file = join(dir, '60-comments.conf');
      writeFileSync(file, COMMENTED);
      const keys = ['tcp_keepalive_time', 'tcp_rmem', 'ip_local_port_range', 'tcp_fin_timeout'];
      const out = inNetns(`${command} ${file} >/dev/null 2>&1; for k in ${keys.join(' ')}; do cat /proc/sys/net/ipv4/$k; done`);
      assert.deepEqual(
        out
          .trim()
          .split('\n')
          .map((l) => l.split(/\s+/).join(' ')),
        ['300', '4096 131072 6291456', '20000 30001', '30'],
      );
      const review = runCli(['review', file, '--format', 'json', '--fail-on', 'warning']);
      assert.equal(review.status, 0, 'harmless comments do not fail --fail-on warning');
      const findings = (JSON.parse(review.stdout) as { findings: { rule: string; severity: string; line: number }[] }).findings;
      assert.deepEqual(
        findings.filter((f) => f.rule === 'inline-comment').map((f) => [f.severity, f.line]),
        [['info', 1]],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
