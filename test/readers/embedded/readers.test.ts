/**
 * The embedded-format readers, format by format: what each one extracts from a small file, with
 * the line:column of key and value, what applies it, and what it leaves unknown. Real tools check
 * the semantics in the oracle tests beside this one; this table pins positions and forms.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFormat } from '../../../src/readers/embedded/detect.js';
import { readEmbedded } from '../../../src/readers/embedded/index.js';
import type { Extraction } from '../../../src/readers/embedded/types.js';

/** [key position, key, value (null: unknown), value position, what applies it]. */
type Row = readonly [string, string, string | null, string, string];

async function read(path: string, text: string): Promise<Extraction> {
  const { format } = detectFormat(path, text);
  assert.ok(format, `${path}: a format is detected`);
  const extraction = await readEmbedded(format, text, { path });
  assert.ok(extraction, `${path}: the reader found something`);
  return extraction;
}

function rows(extraction: Extraction): Row[] {
  return extraction.assignments.map((a) => [
    `${a.keyPosition.line}:${a.keyPosition.column}`,
    a.key,
    a.value ?? null,
    `${a.valuePosition.line}:${a.valuePosition.column}`,
    a.via.tool,
  ]);
}

const CASES: readonly {
  name: string;
  path: string;
  text: string;
  format: string;
  rows: readonly Row[];
  notChecked?: readonly RegExp[];
  units?: number;
}[] = [
  {
    name: 'a Helm template: tag lines blanked, an expression value unknown',
    path: 'chart/templates/deployment.yaml',
    text: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "app.fullname" . }}',
      'spec:',
      '  template:',
      '    spec:',
      '      {{- if .Values.sysctls }}',
      '      securityContext:',
      '        sysctls:',
      '          - name: net.core.somaxconn',
      '            value: {{ .Values.somaxconn | quote }}',
      '          - name: net.ipv4.tcp_fin_timeout',
      '            value: "30"',
      '      {{- end }}',
      '      containers:',
      '        - name: app',
      '          image: app',
      '',
    ].join('\n'),
    format: 'kubernetes',
    rows: [
      ['11:19', 'net.core.somaxconn', null, '12:20', 'kubernetes'],
      ['13:19', 'net.ipv4.tcp_fin_timeout', '30', '14:21', 'kubernetes'],
    ],
  },
  {
    name: 'cloud-init: write_files content and runcmd',
    path: 'user-data',
    text: [
      '#cloud-config',
      'write_files:',
      '  - path: /etc/sysctl.d/90-app.conf',
      '    content: |',
      '      net.core.somaxconn = 4096',
      '      net.ipv4.tcp_tw_recycle = 1',
      'runcmd:',
      '  - [sysctl, --system]',
      '  - sysctl -w net.ipv4.tcp_keepalive_time=600',
      '',
    ].join('\n'),
    format: 'cloud-init',
    rows: [
      ['5:7', 'net.core.somaxconn', '4096', '5:28', 'sysctl-file'],
      ['6:7', 'net.ipv4.tcp_tw_recycle', '1', '6:33', 'sysctl-file'],
      ['9:15', 'net.ipv4.tcp_keepalive_time', '600', '9:43', 'shell'],
    ],
  },
  {
    name: 'compose: map and list forms, one unit per service',
    path: 'docker-compose.yml',
    text: [
      'services:',
      '  api:',
      '    image: api',
      '    sysctls:',
      '      net.core.somaxconn: 1024',
      '  worker:',
      '    image: worker',
      '    sysctls:',
      '      - "net.ipv4.tcp_fin_timeout=15"',
      '',
    ].join('\n'),
    format: 'compose',
    rows: [
      ['5:7', 'net.core.somaxconn', '1024', '5:27', 'compose'],
      ['9:10', 'net.ipv4.tcp_fin_timeout', '15', '9:35', 'compose'],
    ],
    units: 2,
  },
  {
    name: 'Salt: the state id as the key, or name:',
    path: 'salt/sysctl.sls',
    text: [
      'net.ipv4.tcp_fin_timeout:',
      '  sysctl.present:',
      '    - value: 30',
      '',
      'somaxconn:',
      '  sysctl.present:',
      '    - name: net.core.somaxconn',
      '    - value: 4096',
      '    - config: /etc/sysctl.d/90-salt.conf',
      '',
    ].join('\n'),
    format: 'salt',
    rows: [
      ['1:1', 'net.ipv4.tcp_fin_timeout', '30', '3:14', 'salt'],
      ['7:13', 'net.core.somaxconn', '4096', '8:14', 'salt'],
    ],
  },
  {
    name: 'a YAML map of sysctls under a *sysctl* key (role defaults, pillar)',
    path: 'roles/os/defaults/main.yml',
    text: ['---', 'os_sysctl_overrides:', '  net.ipv4.tcp_timestamps: 0', '  net.ipv4.tcp_syncookies: yes', 'other: 1', ''].join('\n'),
    format: 'sysctl-map',
    rows: [
      ['3:3', 'net.ipv4.tcp_timestamps', '0', '3:28', 'sysctl-map'],
      ['4:3', 'net.ipv4.tcp_syncookies', '1', '4:28', 'sysctl-map'],
    ],
  },
  {
    name: 'Puppet: one block, several titles, an interpolated value',
    path: 'manifests/sysctl.pp',
    text: [
      'class profile::sysctl {',
      "  sysctl { 'net.ipv4.tcp_fin_timeout':",
      '    ensure => present,',
      "    value  => '30',",
      '  }',
      "  sysctl { 'net.core.somaxconn': value => 4096; 'net.ipv4.tcp_syncookies': value => \"${sc}\" }",
      '}',
      '',
    ].join('\n'),
    format: 'puppet',
    rows: [
      ['2:13', 'net.ipv4.tcp_fin_timeout', '30', '4:16', 'puppet'],
      ['6:13', 'net.core.somaxconn', '4096', '6:43', 'puppet'],
      ['6:50', 'net.ipv4.tcp_syncookies', null, '6:86', 'puppet'],
    ],
  },
  {
    name: 'Chef: the sysctl resource (key renamed, array value) and an attribute expression',
    path: 'recipes/default.rb',
    text: [
      "sysctl 'net.ipv4.tcp_keepalive_time' do",
      '  value 600',
      'end',
      "sysctl 'port range' do",
      "  key 'net.ipv4.ip_local_port_range'",
      '  value [10240, 65000]',
      'end',
      "default['sysctl']['params']['net.core.somaxconn'] = node['cpu']['total'] * 1024",
      '',
    ].join('\n'),
    format: 'chef',
    rows: [
      ['1:9', 'net.ipv4.tcp_keepalive_time', '600', '2:9', 'chef'],
      ['5:7', 'net.ipv4.ip_local_port_range', '10240 65000', '6:9', 'chef'],
      ['8:8', 'net.core.somaxconn', null, '8:53', 'chef'],
    ],
  },
  {
    name: 'NixOS: an attribute set, booleans, mkForce, a commented entry, null',
    path: 'modules/sysctl.nix',
    text: [
      '{ lib, ... }: {',
      '  boot.kernel.sysctl = {',
      '    "net.ipv4.tcp_syncookies" = true;',
      '    # "net.ipv4.tcp_tw_recycle" = 1;',
      '    "net.core.somaxconn" = lib.mkForce 4096;',
      '    "vm.swappiness" = null;',
      '  };',
      '  boot.kernel.sysctl."net.ipv4.tcp_fin_timeout" = 30;',
      '}',
      '',
    ].join('\n'),
    format: 'nixos',
    rows: [
      ['3:6', 'net.ipv4.tcp_syncookies', '1', '3:33', 'nixos'],
      ['5:6', 'net.core.somaxconn', '4096', '5:28', 'nixos'],
      ['8:23', 'net.ipv4.tcp_fin_timeout', '30', '8:51', 'nixos'],
    ],
  },
  {
    name: 'a Jinja sysctl.d template: tags are not lines, expressions are unknown',
    path: 'templates/95-k8s.conf.j2',
    text: [
      'net.ipv4.ip_forward = 1',
      '{% if proxy_mode == "ipvs" %}',
      'net.ipv4.tcp_keepalive_time = 600',
      '{% endif %}',
      'net.core.somaxconn = {{ somaxconn }}',
      '',
    ].join('\n'),
    format: 'sysctl-template',
    rows: [
      ['1:1', 'net.ipv4.ip_forward', '1', '1:23', 'sysctl-file'],
      ['3:1', 'net.ipv4.tcp_keepalive_time', '600', '3:31', 'sysctl-file'],
      ['5:1', 'net.core.somaxconn', null, '5:22', 'sysctl-file'],
    ],
  },
  {
    name: 'a Dockerfile: RUN (shell and exec form), ENV named after sysctls',
    path: 'Dockerfile',
    text: [
      'FROM debian:12',
      'RUN apt-get update \\',
      ' && sysctl -w net.core.somaxconn=4096',
      'RUN ["sysctl", "-w", "net.ipv4.tcp_fin_timeout=30"]',
      'ENV net__ipv4__tcp_tw_reuse=1 APP=1',
      '',
    ].join('\n'),
    format: 'dockerfile',
    rows: [
      ['3:15', 'net.core.somaxconn', '4096', '3:34', 'shell'],
      ['4:23', 'net.ipv4.tcp_fin_timeout', '30', '4:48', 'shell'],
      ['5:5', 'net.ipv4.tcp_tw_reuse', '1', '5:29', 'container-env'],
    ],
  },
  {
    name: 'shell: quoting, continuation, tee, a here-document with a variable path, sh -c, docker run',
    path: 'tune.sh',
    text: [
      '#!/bin/sh',
      "sysctl -w 'net.ipv4.ip_local_port_range=1024 65000' \\",
      '  net.core.somaxconn=4096',
      'echo 0 | sudo tee /proc/sys/net/ipv4/tcp_tw_reuse',
      'f=/etc/sysctl.d/90-x.conf',
      'cat >"$f" <<EOF',
      'net.ipv4.tcp_keepalive_time = $KEEPALIVE',
      'EOF',
      "sh -c 'sysctl -w net.ipv4.tcp_fin_timeout=20'",
      'docker run --network=host --sysctl net.ipv4.tcp_syncookies=0 img',
      '',
    ].join('\n'),
    format: 'shell',
    rows: [
      ['2:12', 'net.ipv4.ip_local_port_range', '1024 65000', '2:41', 'shell'],
      ['3:3', 'net.core.somaxconn', '4096', '3:22', 'shell'],
      ['4:19', 'net/ipv4/tcp_tw_reuse', '0', '4:6', 'shell'],
      ['7:1', 'net.ipv4.tcp_keepalive_time', null, '7:31', 'sysctl-file'],
      ['9:18', 'net.ipv4.tcp_fin_timeout', '20', '9:43', 'shell'],
      ['10:36', 'net.ipv4.tcp_syncookies', '0', '10:60', 'docker-run'],
    ],
    units: 2,
  },
  {
    name: 'TuneD: inline comment, quotes, a variable, a modifier, a disabled unit',
    path: 'tuned.conf',
    text: [
      '[variables]',
      'low=10240',
      '',
      '[sysctl]',
      'net.ipv4.tcp_keepalive_time = 120 # seconds',
      'net.ipv4.tcp_rmem="4096 131072 6291456"',
      'net.ipv4.ip_local_port_range=${low} 65000',
      'net.core.somaxconn=>2048',
      '',
      '[off]',
      'type=sysctl',
      'enabled=false',
      'vm.swappiness=1',
      '',
    ].join('\n'),
    format: 'tuned',
    rows: [
      ['5:1', 'net.ipv4.tcp_keepalive_time', '120', '5:31', 'tuned'],
      ['6:1', 'net.ipv4.tcp_rmem', '4096 131072 6291456', '6:19', 'tuned'],
      ['7:1', 'net.ipv4.ip_local_port_range', '10240 65000', '7:30', 'tuned'],
      ['8:1', 'net.core.somaxconn', '2048', '8:20', 'tuned'],
    ],
    notChecked: [/\[off\] has enabled=false/],
  },
];

for (const testCase of CASES) {
  test(`reader: ${testCase.name}`, async () => {
    const extraction = await read(testCase.path, testCase.text);
    assert.equal(extraction.format, testCase.format);
    assert.deepEqual(
      rows(extraction),
      testCase.rows.map((r) => [...r]),
    );
    for (const reason of testCase.notChecked ?? [])
      assert.ok(
        extraction.notChecked.some((n) => reason.test(n.reason)),
        `not checked: ${reason}`,
      );
    if (testCase.units !== undefined) assert.equal(new Set(extraction.assignments.map((a) => a.unit)).size, testCase.units, 'units');
  });
}

test('detection: content first (a .sh of k=v lines is a sysctl file), then the format', () => {
  assert.deepEqual(detectFormat('tuning.sh', '#!/bin/bash\nnet.ipv4.tcp_fin_timeout=10\nnet.core.somaxconn=1024\n'), {
    notSysctl: null,
    format: undefined,
  });
  assert.equal(detectFormat('x.conf', '[main]\nsummary=x\n[sysctl]\nvm.swappiness=1\n').format, 'tuned');
  assert.equal(detectFormat('Dockerfile.prod', 'FROM x\nRUN sysctl -w a.b=1\nRUN echo\n').format, 'dockerfile');
  assert.equal(detectFormat('site.pp', "sysctl { 'net.ipv4.ip_forward': value => '1' }\n").format, 'puppet');
  assert.equal(detectFormat('x.conf.j2', 'net.ipv4.ip_forward = {{ fwd }}\n').format, 'sysctl-template');
  assert.equal(
    detectFormat('dump.conf', Array.from({ length: 60 }, (_, i) => `net.ipv4.k${i} = ${i}`).join('\n') + '\nfs.file-nr = 1 0 2\n').format,
    undefined,
  );
});

test('a YAML file that is none of the formats and holds no sysctl map is not read', async () => {
  assert.equal(await readEmbedded('yaml', 'name: app\nversion: 2\nitems: [1, 2]\n'), undefined);
});
