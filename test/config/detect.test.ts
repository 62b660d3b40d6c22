/**
 * detectNotSysctl on small synthetic inputs (the corpus test runs it on real files of each kind).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectNotSysctl, type ForeignFormat } from '../../src/config/index.js';

const CASES: readonly (readonly [name: string, text: string, expected: ForeignFormat | null, line?: number])[] = [
  ['plain sysctl.conf', '# tuning\nnet.ipv4.tcp_fin_timeout = 30\nnet.core.somaxconn=4096\n', null],
  ['sysctl file with a shebang but only sysctl lines', '#!/bin/bash\n# put them in /etc/sysctl.d\nnet.ipv4.tcp_tw_reuse=1 \n', null],
  [
    'sysctl file with a few stray sysctl -w lines',
    'sysctl -w net.core.rmem_max=1\nsysctl -w net.core.wmem_max=1\nnet.core.rmem_max=1\nnet.core.wmem_max=1\n',
    null,
  ],
  ['sysctl.d template with Jinja tags', '{% if x %}\nnet.ipv4.tcp_keepalive_time = 600\n{% endif %}\n', null],
  ['sysctl.d with globs and exclusions', 'net.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.all.rp_filter\n', null],
  ['empty file', '', null],
  ['here-document', '#!/bin/sh\ncat >> /etc/sysctl.conf <<EOF\nnet.ipv4.tcp_fin_timeout = 30\nEOF\nsysctl -p\n', 'shell-script', 2],
  [
    'sudo tee here-document without shebang',
    "sudo tee /etc/sysctl.d/98.conf <<'EOF'\nnet.ipv4.tcp_fin_timeout = 15\nEOF\n",
    'shell-script',
    1,
  ],
  ['sysctl -w script', 'sysctl -w net.ipv4.tcp_fin_timeout=15\nsysctl -w net.core.somaxconn=4096\n', 'shell-script', 1],
  [
    'shebang and commands',
    '#!/bin/bash\n. ~/scripts/functions.sh\nsudo_overwrite /proc/sys/net/ipv4/tcp_fin_timeout 5\n',
    'shell-script',
    1,
  ],
  ['Ansible tasks', '---\n- name: x\n  sysctl:\n    name: net.ipv4.tcp_fin_timeout\n    value: 30\n', 'yaml', 1],
  ['Salt state without ---', 'net.ipv4.tcp_fin_timeout:\n  sysctl.present:\n    - value: 30\n', 'yaml', 1],
  ['tuned.conf', '[main]\nsummary=x\n\n[sysctl]\nnet.ipv4.tcp_keepalive_time = 120\n', 'ini-sections', 1],
  ['Chef attributes', "default['sysctl']['params']['net']['ipv4']['tcp_fin_timeout'] = 33\n", 'chef-ruby', 1],
  ['Dockerfile', 'FROM alpine:latest\nENV net__ipv4__tcp_fin_timeout=20\nRUN true\n', 'dockerfile', 1],
  ['Nix', '{\n  boot.kernel.sysctl = {\n    "net.ipv4.tcp_fin_timeout" = 30;\n    "net.core.somaxconn" = 1024;\n  };\n}\n', 'nix', 2],
  ['binary', 'net.ipv4.tcp_fin_timeout = 30\n\0\0\0', 'binary', 2],
];

for (const [name, text, expected, line] of CASES) {
  test(`detectNotSysctl: ${name} → ${expected ?? 'a sysctl file'}`, () => {
    const verdict = detectNotSysctl(text);
    assert.equal(verdict?.format ?? null, expected);
    if (verdict && line !== undefined) assert.equal(verdict.line, line);
    if (verdict) assert.ok(verdict.reason.length > 10);
  });
}

test('detectNotSysctl: a long sysctl -a dump with read-only keys', () => {
  const lines = Array.from({ length: 60 }, (_, i) => `net.ipv4.key_${i} = ${i}`);
  lines.splice(10, 0, 'net.ipv4.tcp_available_congestion_control = reno cubic');
  const verdict = detectNotSysctl(lines.join('\n'));
  assert.equal(verdict?.format, 'sysctl-a-dump');
  assert.equal(verdict?.line, 11);
  // A short file that copies one read-only key is still a (wrong) sysctl file.
  assert.equal(detectNotSysctl('net.ipv4.tcp_available_congestion_control = cubic\n'), null);
});
