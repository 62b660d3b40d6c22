import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findParam } from '../../src/params/lookup.js';
import { parseParamValue, reservedPortsInside } from '../../src/params/values.js';

const spec = (key: string) => findParam(key)!;

// [key, written value, expected canonical value or null when the kernel rejects it, ignored text]
const cases: [string, string, string | null, string?][] = [
  ['net.ipv4.tcp_syn_retries', '6', '6'],
  ['net.ipv4.tcp_syn_retries', '0', null], // extra1 = 1
  ['net.ipv4.tcp_syn_retries', '127', '127'],
  ['net.ipv4.tcp_syn_retries', '128', null], // MAX_TCP_SYNCNT
  ['net.ipv4.tcp_syn_retries', '-1', null], // u8 handler rejects negatives
  ['net.ipv4.tcp_syn_retries', '0x10', '16'],
  ['net.ipv4.tcp_syn_retries', '010', '8'], // leading zero = octal
  ['net.ipv4.tcp_syn_retries', '08', null], // 8 is not an octal digit
  ['net.ipv4.tcp_syn_retries', '3 # comment', '3', '# comment'],
  ['net.ipv4.tcp_syn_retries', '3 4', '3', '4'],
  ['net.ipv4.tcp_syn_retries', '3abc', null],
  ['net.ipv4.tcp_syn_retries', '+3', null],
  ['net.ipv4.tcp_syn_retries', '', null],
  ['net.ipv4.tcp_max_syn_backlog', '-1', '-1'], // proc_dointvec: no range check
  ['net.ipv4.tcp_max_syn_backlog', '2147483647', '2147483647'],
  ['net.ipv4.tcp_max_syn_backlog', '2147483648', null],
  ['net.ipv4.tcp_max_syn_backlog', '-2147483648', '-2147483648'],
  ['net.ipv4.tcp_max_syn_backlog', '123456789012345678901', null], // too many digits for the kernel's buffer
  ['net.ipv4.tcp_fin_timeout', '2147483', '2147483'], // INT_MAX/1000 with HZ unknown
  ['net.ipv4.tcp_fin_timeout', '2147484', null],
  ['net.ipv4.tcp_tw_reuse', '3', null],
  ['net.core.somaxconn', '-1', null],
  ['net.ipv4.ip_local_port_range', '1024 65535', '1024 65535'],
  ['net.ipv4.ip_local_port_range', '10000    65000', '10000 65000'],
  ['net.ipv4.ip_local_port_range', '1023 65535', null],
  ['net.ipv4.ip_local_port_range', '40000 30000', null],
  ['net.ipv4.ip_local_port_range', '1024 65536', null],
  ['net.ipv4.ip_local_port_range', '32768', '32768'], // only the low end; the kernel keeps the high end
  ['net.ipv4.ip_local_port_range', '40000 50000 # c', '40000 50000', '# c'],
  ['net.ipv4.ip_local_reserved_ports', '8080,9000-9002', '8080,9000-9002'],
  ['net.ipv4.ip_local_reserved_ports', '', ''],
  ['net.ipv4.ip_local_reserved_ports', '8080, 9000', null],
  ['net.ipv4.ip_local_reserved_ports', '70000', null],
  ['net.ipv4.ip_local_reserved_ports', '5-3', null],
];

for (const [key, raw, expected, ignored] of cases) {
  test(`${key} <- "${raw}"`, () => {
    const parsed = parseParamValue(spec(key), raw);
    if (expected === null) {
      assert.equal(parsed.ok, false, JSON.stringify(parsed));
      assert.ok(!parsed.ok && parsed.problem.length > 5);
      return;
    }
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.canonical, expected);
    assert.equal('ignored' in parsed ? parsed.ignored : undefined, ignored);
  });
}

test('jiffies bounds follow HZ', () => {
  assert.equal(parseParamValue(spec('net.ipv4.tcp_keepalive_time'), '8589934', { hz: 250 }).ok, true);
  assert.equal(parseParamValue(spec('net.ipv4.tcp_keepalive_time'), '8589935', { hz: 250 }).ok, false);
  assert.equal(parseParamValue(spec('net.ipv4.tcp_keepalive_time'), '8589934', { hz: 1000 }).ok, false);
});

test('the port range low end follows ip_unprivileged_port_start', () => {
  assert.equal(parseParamValue(spec('net.ipv4.ip_local_port_range'), '500 600', { unprivilegedPortStart: 0 }).ok, true);
  assert.equal(parseParamValue(spec('net.ipv4.ip_local_port_range'), '500 600').ok, false);
});

test('reserved ports count only inside the range', () => {
  assert.equal(
    reservedPortsInside(
      [
        [8080, 8080],
        [32760, 32770],
      ],
      32768,
      60999,
    ),
    3,
  );
  assert.equal(reservedPortsInside([], 32768, 60999), 0);
});
