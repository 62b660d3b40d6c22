/**
 * `review --root DIR` reads the other formats where they live on a host, not only sysctl.d:
 * the TuneD profiles of /etc/tuned and the active one (found as TuneD finds it, with its
 * include= parent under /usr/lib/tuned), cloud-init's cloud.cfg.d, static pod manifests,
 * rc.local and /etc/nixos; an inactive vendor profile and a file there that sets no sysctl are
 * not reported. A fixture root built by the test, reviewed through the built CLI.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

interface Report {
  files: {
    path: string;
    kind: string;
    format?: string;
    assignments?: { key: string; value: string | null; line: number; file?: string }[];
  }[];
  findings: { rule: string; file: string; line: number; message: string }[];
}

let work: string;
function write(path: string, lines: readonly string[]): void {
  mkdirSync(dirname(join(work, path)), { recursive: true });
  writeFileSync(join(work, path), `${lines.join('\n')}\n`);
}
function review(...args: string[]): { status: number | null; report: Report; stderr: string } {
  const run = runCli(['review', ...args, '--format', 'json', '--fail-on', 'none'], { cwd: work });
  return { status: run.status, report: JSON.parse(run.stdout || 'null') as Report, stderr: run.stderr };
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'review-root-formats-'));
  write('host/etc/sysctl.d/90-net.conf', ['net.ipv4.tcp_fin_timeout = 30']);
  write('host/etc/tuned/tuned-main.conf', ['daemon = 1']);
  write('host/etc/tuned/active_profile', ['site-web']);
  write('host/etc/tuned/site-web/tuned.conf', [
    '[main]',
    'include=site-base',
    '',
    '[sysctl]',
    'net.ipv4.tcp_fin_timeout=20',
    'net.ipv4.tcp_tw_recycle=1',
  ]);
  write('host/usr/lib/tuned/site-base/tuned.conf', ['[sysctl]', 'net.ipv4.tcp_sack=0']);
  // Shipped by TuneD, not active: applies nothing.
  write('host/usr/lib/tuned/powersave/tuned.conf', ['[sysctl]', 'net.ipv4.tcp_timestamps=0']);
  // cloud-init's own configuration: no #cloud-config header.
  write('host/etc/cloud/cloud.cfg', ['users:', '  - default', 'cloud_init_modules:', '  - write_files']);
  write('host/etc/cloud/cloud.cfg.d/90-net.cfg', ['runcmd:', '  - sysctl -w net.ipv4.tcp_tw_reuse=1']);
  write('host/etc/cloud/cloud.cfg.d/README', ['runcmd:', '  - sysctl -w net.ipv4.tcp_tw_reuse=2']);
  write('host/etc/kubernetes/manifests/proxy.yaml', [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: proxy',
    'spec:',
    '  securityContext:',
    '    sysctls:',
    '      - name: net.core.somaxconn',
    '        value: "2048"',
    '  containers:',
    '    - name: proxy',
    '      image: proxy',
  ]);
  write('host/etc/rc.local', ['#!/bin/sh', 'echo 1 > /proc/sys/net/ipv4/tcp_tw_recycle', 'exit 0']);
  write('host/etc/nixos/configuration.nix', ['{ ... }: {', '  boot.kernel.sysctl."net.ipv4.tcp_keepalive_time" = 600;', '}']);
  write('host/etc/nixos/hardware-configuration.nix', ['{ ... }: {', '  boot.loader.grub.enable = true;', '}']);
  // An absolute link resolves inside the root, as it would on the host.
  symlinkSync('/etc/tuned/site-web', join(work, 'host/etc/tuned/site-web-link'));
});
after(() => rmSync(work, { recursive: true, force: true }));

test('review --root reads TuneD profiles (the active one and /etc/tuned), cloud-init, static pods, rc.local and NixOS beside sysctl.d', () => {
  const { status, report, stderr } = review('--root', 'host');
  assert.equal(status, 0, stderr);
  assert.deepEqual(
    report.files.map((f) => [f.path, f.kind, f.format ?? null]),
    [
      ['host/etc/sysctl.d/90-net.conf', 'sysctl', null],
      ['host/etc/tuned/site-web/tuned.conf', 'embedded', 'tuned'],
      ['host/etc/cloud/cloud.cfg.d/90-net.cfg', 'embedded', 'cloud-init'],
      ['host/etc/kubernetes/manifests/proxy.yaml', 'embedded', 'kubernetes'],
      ['host/etc/rc.local', 'embedded', 'shell'],
      ['host/etc/nixos/configuration.nix', 'embedded', 'nixos'],
    ],
  );
  const settings = (path: string) =>
    report.files.find((f) => f.path === path)!.assignments!.map((a) => [a.key, a.value, a.line, a.file ?? null]);
  // The active profile with the parent it includes from /usr/lib/tuned, reported at the parent's line.
  assert.deepEqual(settings('host/etc/tuned/site-web/tuned.conf'), [
    ['net.ipv4.tcp_sack', '0', 2, 'host/usr/lib/tuned/site-base/tuned.conf'],
    ['net.ipv4.tcp_fin_timeout', '20', 5, null],
    ['net.ipv4.tcp_tw_recycle', '1', 6, null],
  ]);
  assert.deepEqual(settings('host/etc/cloud/cloud.cfg.d/90-net.cfg'), [['net.ipv4.tcp_tw_reuse', '1', 2, null]]);
  assert.deepEqual(settings('host/etc/kubernetes/manifests/proxy.yaml'), [['net.core.somaxconn', '2048', 9, null]]);
  assert.deepEqual(settings('host/etc/rc.local'), [['net.ipv4.tcp_tw_recycle', '1', 2, null]]);
  assert.deepEqual(settings('host/etc/nixos/configuration.nix'), [['net.ipv4.tcp_keepalive_time', '600', 2, null]]);

  const at = (rule: string) => report.findings.filter((f) => f.rule === rule).map((f) => `${f.file}:${f.line}`);
  // The rules run on each: /etc/sysctl.d/90-net.conf is re-applied over the TuneD value; tw_recycle is gone on any kernel review assumes.
  assert.ok(at('tuned-overridden').includes('host/etc/tuned/site-web/tuned.conf:5'), JSON.stringify(report.findings));
  assert.ok(at('tw-recycle').includes('host/etc/tuned/site-web/tuned.conf:6'));
  assert.ok(at('tw-recycle').includes('host/etc/rc.local:2'));
  assert.ok(at('kubernetes-unsafe-sysctl').includes('host/etc/kubernetes/manifests/proxy.yaml:9'));
  // Where nothing sets a sysctl there is nothing to say: no not-sysctl note for cloud.cfg or the hardware configuration.
  assert.deepEqual(at('not-sysctl'), []);
});

test('review --root without an active TuneD profile reads every profile of the tree, /usr/lib/tuned too', () => {
  write('tree/usr/lib/tuned/vendor-net/tuned.conf', ['[sysctl]', 'net.ipv4.tcp_tw_recycle=1']);
  const { status, report, stderr } = review('--root', 'tree');
  assert.equal(status, 0, stderr);
  assert.deepEqual(
    report.files.map((f) => [f.path, f.format]),
    [['tree/usr/lib/tuned/vendor-net/tuned.conf', 'tuned']],
  );
  assert.ok(report.findings.some((f) => f.rule === 'tw-recycle' && f.line === 2));
});
