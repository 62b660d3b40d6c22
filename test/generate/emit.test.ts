/**
 * generate --emit: the profile's lines for Ansible (a playbook that passes ansible-playbook
 * --syntax-check, and a vars file), a pod snippet that keeps to the kubelet's safe set of the
 * release asked for, and a TuneD profile that TuneD's own loader reads back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { requireTool } from '../helpers/netns.js';

type Pod = { spec: { securityContext: { sysctls: { name: string; value: string }[] } } };

test('generate --emit kubernetes: keepalive keys are pod sysctls from Kubernetes 1.29, listed as unsafe before', () => {
  const out = mkdtempSync(join(tmpdir(), 'sa-emit-'));
  try {
    for (const [release, expected] of [
      ['1.28', []],
      ['1.29', ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
    ] as const) {
      const result = runCli([
        'generate',
        '--profile',
        'long-lived',
        '--kernel',
        '6.1',
        '--emit',
        'kubernetes',
        '--kubernetes',
        release,
        '--out-dir',
        out,
      ]);
      assert.equal(result.status, 0, result.stderr);
      const text = readFileSync(join(out, 'long-lived.pod-sysctls.yaml'), 'utf8');
      const pod = parse(text) as Pod;
      assert.deepEqual(
        pod.spec.securityContext.sysctls.map((s) => s.name),
        expected,
      );
      // tcp_retries2 is never safe: listed with the reason.
      assert.match(text, /^# +net\.ipv4\.tcp_retries2 = 8: unsafe in 1\.2[89]: needs the node's kubelet$/m);
      if (release === '1.28') assert.match(text, /net\.ipv4\.tcp_keepalive_time = 120: unsafe in 1\.28 \(safe from 1\.29\)/);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('generate --emit ansible and tuned: the playbook passes --syntax-check and TuneD reads the profile back', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'sa-emit-'));
  try {
    const result = runCli([
      'generate',
      '--profile',
      'long-lived',
      '--kernel',
      '6.1',
      '--emit',
      'ansible',
      '--emit',
      'tuned',
      '--emit',
      'ansible-vars',
      '--out-dir',
      out,
    ]);
    assert.equal(result.status, 0, result.stderr);
    const playbook = parse(readFileSync(join(out, 'long-lived.yml'), 'utf8')) as {
      tasks: { 'ansible.builtin.copy': { content: string } }[];
    }[];
    const content = playbook[0]!.tasks[0]!['ansible.builtin.copy'].content;
    assert.match(content, /^# Why: First probe after 120 s idle(.|\n)*^net\.ipv4\.tcp_keepalive_time = 120$/m);
    const vars = parse(readFileSync(join(out, 'long-lived.vars.yml'), 'utf8')) as { sysctl_advisor_params: Record<string, string> };
    assert.deepEqual(vars.sysctl_advisor_params, {
      'net.ipv4.tcp_keepalive_time': '120',
      'net.ipv4.tcp_keepalive_intvl': '30',
      'net.ipv4.tcp_keepalive_probes': '4',
      'net.ipv4.tcp_retries2': '8',
    });
    if (requireTool(t, '/usr/bin/ansible-playbook')) {
      const check = spawnSync('ansible-playbook', ['-i', 'localhost,', '--syntax-check', join(out, 'long-lived.yml')], {
        encoding: 'utf8',
      });
      assert.equal(check.status, 0, check.stdout + check.stderr);
    }
    if (requireTool(t, '/usr/lib/python3/dist-packages/tuned/profiles/loader.py')) {
      const load = spawnSync('/usr/bin/python3', ['-c', TUNED_LOAD, join(out, 'tuned'), 'sysctl-advisor-long-lived'], { encoding: 'utf8' });
      assert.equal(load.status, 0, load.stderr);
      assert.deepEqual(JSON.parse(load.stdout), {
        'net.ipv4.tcp_keepalive_time': '120',
        'net.ipv4.tcp_keepalive_intvl': '30',
        'net.ipv4.tcp_keepalive_probes': '4',
        'net.ipv4.tcp_retries2': '8',
      });
    }
    const refused = runCli(['generate', '--profile', 'long-lived', '--emit', 'node-exporter', '--out-dir', out]);
    assert.equal(refused.status, 2);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

/** TuneD's own loader: the [sysctl] unit's options as JSON. */
const TUNED_LOAD = `
import json, sys
import tuned.profiles.locator as locator, tuned.profiles.loader as loader, tuned.profiles.merger as merger
import tuned.profiles.factory as factory, tuned.profiles.variables as variables
profile = loader.Loader(locator.Locator([sys.argv[1]]), factory.Factory(), merger.Merger(), None, variables.Variables()).load([sys.argv[2]])
print(json.dumps(dict(profile.units['sysctl'].options)))
`;
