import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KEY_EXPECTATIONS } from '../../src/rules/key-expectation-table.js';
import { keyExpectation } from '../../src/rules/key-expectation.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(keyExpectation, {
  valid: [
    {
      name: 'values that meet every row',
      facts: {
        config: [
          { key: 'net.ipv4.tcp_retries2', value: 8 },
          { key: 'net.ipv4.tcp_congestion_control', value: 'bbr' },
          { key: 'fs.file-max', value: 2097152 },
          { key: 'kernel.randomize_va_space', value: 2 },
          { key: 'vm.mmap_min_addr', value: 65536 },
          { key: 'kernel.hostname', value: 'web-01' },
          { key: 'vm.dirty_expire_centisecs', value: 3000, comment: '30 seconds' },
          { key: 'net.ipv4.conf.all.route_localnet', value: 1 },
          { key: 'vm.dirty_ratio', value: 10 },
          { key: 'net.ipv4.tcp_mem', value: '786432 1048576 1572864' },
        ],
      },
    },
  ],
  invalid: [
    {
      name: 'below: tcp_retries2 under RFC 1122 100 s',
      facts: { config: [{ key: 'net.ipv4.tcp_retries2', value: 5 }] },
      findings: [
        {
          messageId: 'expectation',
          message: /^tcp_retries2 = 5 gives up on a stalled connection before RFC 1122's 100 s: use 8 or more\nRFC 1122 4\.2\.3\.5/,
          severity: 'warning',
          line: 1,
          evidence: { expectation: 'retries2-below-rfc1122', configured: '5' },
        },
      ],
    },
    {
      name: 'not mainline: a congestion control no kernel has is rejected (error)',
      facts: { config: [{ key: 'net.ipv4.tcp_congestion_control', value: 'tsunami' }] },
      findings: [
        {
          messageId: 'expectation',
          message: /^tcp_congestion_control = tsunami is not a congestion control of mainline Linux: the write fails\n/,
          severity: 'error',
        },
      ],
    },
    {
      name: 'below: fs.file-max lowered',
      facts: { config: [{ key: 'fs.file-max', value: 51200 }] },
      findings: [
        { messageId: 'expectation', message: /^fs\.file-max = 51200 lowers the system-wide open-file limit/, severity: 'warning' },
      ],
    },
    {
      name: 'below: ASLR weakened',
      facts: { config: [{ key: 'kernel.randomize_va_space', value: 1 }] },
      findings: [
        { messageId: 'expectation', message: /^kernel\.randomize_va_space = 1 weakens address-space randomisation/, severity: 'warning' },
      ],
    },
    {
      name: 'below: mmap_min_addr 0',
      facts: { config: [{ key: 'vm.mmap_min_addr', value: 0 }] },
      findings: [{ messageId: 'expectation', message: /^vm\.mmap_min_addr = 0 lets processes map page zero/ }],
    },
    {
      name: 'placeholder hostname',
      facts: { config: [{ key: 'kernel.hostname', value: 'localhost.localdomain' }] },
      findings: [{ messageId: 'expectation', message: /^kernel\.hostname = localhost\.localdomain is a placeholder/ }],
    },
    {
      name: 'unit: a centisecond key commented as milliseconds',
      facts: {
        config: [{ key: 'vm.dirty_expire_centisecs', value: 30000, comment: 'pages older than 30000 millisecond (30 s) are written' }],
      },
      findings: [
        {
          messageId: 'expectation',
          message: /^vm\.dirty_expire_centisecs = 30000 is in centiseconds, but its comment says milliseconds/,
          line: 2,
        },
      ],
    },
    {
      name: 'below, on a field: tcp_mem with a fixed small maximum',
      facts: { config: [{ key: 'net.ipv4.tcp_mem', value: '65536 131072 262144' }] },
      findings: [
        {
          messageId: 'expectation',
          message: /^tcp_mem = 65536 131072 262144 caps TCP memory at a fixed 262144 pages, below the default of hosts over 16 GiB/,
        },
      ],
    },
    {
      name: 'above, on a field: tcp_mem written in bytes',
      facts: { config: [{ key: 'net.ipv4.tcp_mem', value: '16777216 16777216 16777216' }] },
      findings: [
        {
          messageId: 'expectation',
          message: /^tcp_mem = 16777216 16777216 16777216 looks written in bytes: it is in pages \(4 KiB\), so this allows 16777216 pages/,
        },
      ],
    },
    {
      name: 'with a companion: route_localnet = 1 on a forwarding host',
      facts: {
        config: [
          { key: 'net.ipv4.ip_forward', value: 1 },
          { key: 'net.ipv4.conf.all.route_localnet', value: 1 },
        ],
      },
      findings: [
        {
          messageId: 'expectation',
          message: /^route_localnet = 1 on a forwarding host lets neighbours reach services bound to 127\.0\.0\.1/,
          line: 2,
        },
      ],
    },
    {
      name: 'counterparts: dirty_bytes then dirty_ratio: the earlier line is cancelled',
      facts: {
        config: [
          { key: 'vm.dirty_bytes', value: 50331648 },
          { key: 'vm.dirty_ratio', value: 10 },
        ],
      },
      findings: [
        {
          messageId: 'expectation',
          message: /^vm\.dirty_bytes = 50331648 is cancelled by vm\.dirty_ratio = 10 \(line 2\), written later/,
          line: 1,
        },
      ],
    },
    {
      name: 'counterparts the other way round: dirty_ratio then dirty_bytes',
      facts: {
        config: [
          { key: 'vm.dirty_ratio', value: 10 },
          { key: 'vm.dirty_bytes', value: 50331648 },
        ],
      },
      findings: [
        { messageId: 'expectation', message: /^vm\.dirty_ratio = 10 is cancelled by vm\.dirty_bytes = 50331648 \(line 2\)/, line: 1 },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: {} }, reason: /no config files were read/ }],
});

test('key-expectation: every row has an id, a source the user can open, a reason, and is listed on the doc page', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'rules', 'key-expectation.md'), 'utf8');
  const ids = KEY_EXPECTATIONS.map((row) => row.id);
  assert.equal(new Set(ids).size, ids.length, 'row ids are unique');
  for (const row of KEY_EXPECTATIONS) {
    assert.match(row.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.match(row.source, /^(docs\/kernel\/[a-z0-9-]+\.md#[a-z0-9_-]+|https:\/\/)/, `${row.id}: source`);
    assert.ok(row.why.length > 40, `${row.id}: why`);
    assert.ok(!row.headline.includes('\n') && row.headline.length < 120, `${row.id}: a one-line headline`);
    const line = doc.split('\n').find((l) => l.startsWith(`| \`${row.id}\` |`));
    assert.ok(line, `docs/rules/key-expectation.md lists ${row.id}`);
    assert.ok(line.includes(`\`${row.key}\``) && line.includes(`| ${row.severity} |`), `${row.id}: key and severity on the doc page`);
  }
  const listed = doc.split('\n').filter((l) => /^\| `[a-z0-9-]+` \| `/.test(l)).length;
  assert.equal(listed, KEY_EXPECTATIONS.length, 'no row on the doc page that the table does not have');
});
