import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';

// [spelling, --kernel, fragments the explanation must contain]
const cases: [string, string, RegExp[]][] = [
  ['tcp_fin_timeout', '6.8', [/^net\.ipv4\.tcp_fin_timeout$/m, /Default: {2}60 on 6\.8/, /does not change TIME-WAIT/, /edge: 30/]],
  [
    'net/ipv4/tcp_syn_retries',
    '6.8',
    [/2 {2}1, 2, 3, 4, 5 +7 s/, /6 {2}1, 2, 3, 4, 5, 7, 11, 19, 35, 67 +131 s {2}\(default\)/, /outbound-client: 3/],
  ],
  ['net.ipv4.tcp_syn_retries', '4.9', [/tcp_syn_linear_timeouts=0, before 6\.5/, /6 {2}1, 3, 7, 15, 31, 63 +127 s {2}\(default\)/]],
  ['tcp_synack_retries', '6.8', [/5 {2}1, 3, 7, 15, 31 +63 s {2}\(default\)/, /edge: 3/]],
  ['tcp_tw_recycle', '6.8', [/not present on 6\.8 \(removed in 4\.12\)/, /cannot stat/]],
  ['tcp_tw_reuse', '4.9', [/Default: {2}0 on 4\.9/]],
  ['tcp_tw_reuse', '6.8', [/Default: {2}2 on 6\.8/, /tcp_timestamps=0/]],
  ['somaxconn', '4.19', [/Default: {2}128 on 4\.19/, /web-server: 4096/]],
  ['tcp_keepalive_time', '6.8', [/7875 s \(2 h 11 min 15 s\)/, /long-lived: 120/, /Kubernetes safe sysctl since 1\.29/]],
  ['ip_local_port_range', '6.8', [/28232 ports per destination/, /~470 new connections\/s/]],
  ['tcp_max_syn_backlog', '6.8', [/max\(128, ehash_entries \/ 128\) = \d+ on 6\.8 \(this host.s memory\)/, /then it is ignored/]],
  ['tcp_max_orphans', '6.8', [/host-wide; absent inside a container/]],
];

for (const [key, kernel, fragments] of cases) {
  test(`explain ${key} --kernel ${kernel}`, () => {
    const result = runCli(['explain', key, '--kernel', kernel]);
    assert.equal(result.status, 0, result.stderr);
    for (const fragment of fragments) assert.match(result.stdout, fragment);
  });
}

test('an unknown key gets did-you-mean suggestions and exit 2', () => {
  const result = runCli(['explain', 'tcp_fin_timout']);
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^sysctl-advisor: unknown key "tcp_fin_timout"; did you mean net\.ipv4\.tcp_fin_timeout/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
});
