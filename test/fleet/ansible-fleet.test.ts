/**
 * End to end with the engines operators run: five network namespaces on this machine are the
 * "hosts" of an Ansible inventory (connection local, a Python interpreter wrapper that runs each
 * module inside its namespace through `ip netns exec`, which also bind-mounts /etc/netns/HOST/sysctl.d
 * over /etc/sysctl.d, so every host has its own drop-in folder). Real ansible-playbook runs the shipped
 * ansible/collect.yml, fleet reads the bundles, the emitted playbook is applied back, and a second
 * collection and fleet propose nothing. node_exporter scrapes the textfile metrics.
 * Needs root, Linux namespaces, ansible-playbook (Debian ansible) and, for the scrape,
 * prometheus-node-exporter; elsewhere it skips and says why (CI installs them: .ci/run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';
import { requireNetns, requireTool } from '../helpers/netns.js';

const HOSTS = ['h1', 'h2', 'h3', 'h4', 'h5'];
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
const ANSIBLE_LINT = '/usr/bin/ansible-lint';

interface FleetJson {
  hosts: { host: string; kernelRelease: string | null; collectedAt: string | null; groups: string[]; advice: string | null }[];
  findings: { rule: string; hosts: string[] }[];
  changes: { key: string; value: string | null; hosts: string[] }[];
  advice: { id: string; hosts: string[]; changes: { key: string; value: string | null }[] }[];
  drift: { group: string; drifts: { key: string; aspect: string; drifting: { host: string; value: string | null }[] }[] }[];
  unreadable: unknown[];
}

test(
  'ansible collects five namespace hosts, fleet groups them, the emitted playbook fixes them and node_exporter reads the metrics',
  { timeout: 600_000 },
  async (t) => {
    if (!requireNetns(t) || !requireTool(t, '/usr/bin/ansible-playbook')) return;
    const lab = mkdtempSync(join(tmpdir(), 'sa-fleet-lab-'));
    const tag = `sa${process.pid % 100000}`;
    const ns = (host: string) => `${tag}${host}`;
    const holders: ChildProcess[] = [];
    try {
      const inventory: string[] = ['[web]'];
      for (const host of HOSTS) {
        execFileSync('ip', ['netns', 'add', ns(host)]);
        mkdirSync(`/etc/netns/${ns(host)}/sysctl.d`, { recursive: true });
        // Every host: a low tcp_max_tw_buckets (the shared change); h4 and h5 deliberately differ.
        const values = ['net.ipv4.tcp_max_tw_buckets=1024'];
        if (host === 'h4') values.push('net.ipv4.tcp_syncookies=0');
        if (host === 'h5') values.push('net.ipv4.tcp_timestamps=0');
        execFileSync('ip', ['netns', 'exec', ns(host), 'sh', '-c', `ip link set lo up && sysctl -q -w ${values.join(' ')}`]);
        // Some sockets: a listener with one established connection, held for the run.
        holders.push(spawn('ip', ['netns', 'exec', ns(host), 'python3', '-c', SOCKETS], { stdio: 'ignore' }));
        const python = join(lab, `py-${host}`);
        writeFileSync(python, `#!/bin/sh\nexec ip netns exec ${ns(host)} /usr/bin/python3 "$@"\n`);
        chmodSync(python, 0o755);
        inventory.push(`${host} ansible_connection=local ansible_python_interpreter=${python}`);
      }
      writeFileSync(join(lab, 'inventory.ini'), `${inventory.join('\n')}\n`);
      const env = {
        ...process.env,
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_RETRY_FILES_ENABLED: '0',
        ANSIBLE_LOCAL_TEMP: join(lab, 'ansible-local'),
        ANSIBLE_REMOTE_TEMP: join(lab, 'ansible-remote'),
        ANSIBLE_HOME: join(lab, 'ansible-home'),
      };
      const playbook = (args: string[]) => {
        const result = spawnSync('ansible-playbook', ['-i', join(lab, 'inventory.ini'), ...args], {
          encoding: 'utf8',
          env,
          cwd: lab,
          timeout: 300_000,
        });
        assert.equal(result.status, 0, `ansible-playbook ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
        return result.stdout;
      };
      const collect = (dest: string) =>
        playbook([
          join(REPO_ROOT, 'ansible/collect.yml'),
          '-e',
          JSON.stringify({ sysctl_advisor_bundles: dest, sysctl_advisor_cli: `'${process.execPath}' '${CLI}'` }),
        ]);
      const fleet = (bundles: string, extra: string[] = []) => {
        const result = runCli(['fleet', bundles, '--format', 'json', ...extra]);
        assert.equal(result.status, 0, result.stderr);
        return JSON.parse(result.stdout) as FleetJson;
      };

      // 1. Collect: one bundle per inventory host, each with its own namespace's values.
      collect(join(lab, 'bundles'));
      for (const host of HOSTS) {
        const bundle = join(lab, 'bundles', host);
        assert.equal(readFileSync(join(bundle, 'proc/sys/net/ipv4/tcp_max_tw_buckets'), 'utf8').trim(), '1024', host);
        assert.equal(readFileSync(join(bundle, 'proc/sys/net/ipv4/tcp_syncookies'), 'utf8').trim(), host === 'h4' ? '0' : '1', host);
        assert.match(readFileSync(join(bundle, 'proc/net/tcp'), 'utf8'), /:1F90 /, `${host}: its listener on port 8080`);
        const record = JSON.parse(readFileSync(join(bundle, 'sysctl-advisor-collection.json'), 'utf8')) as Record<string, unknown>;
        assert.equal(record.host, host);
        assert.deepEqual(record.groups, ['web']);
        assert.match(String(record.collectedAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }

      // 2. fleet: the shared change on five hosts, h4 in its own advice group, h4 and h5 drifting.
      const out = join(lab, 'out');
      const first = fleet(join(lab, 'bundles'), ['--emit', 'ansible', '--emit', 'node-exporter', '--out-dir', out]);
      assert.equal(first.hosts.length, 5);
      assert.deepEqual(first.unreadable, []);
      assert.ok(first.hosts.every((h) => h.kernelRelease && h.collectedAt));
      const tw = first.changes.find((c) => c.key === 'net.ipv4.tcp_max_tw_buckets');
      assert.deepEqual(tw?.hosts, HOSTS);
      assert.deepEqual(first.changes.find((c) => c.key === 'net.ipv4.tcp_syncookies')?.hosts, ['h4']);
      assert.deepEqual(
        first.advice.map((g) => g.hosts),
        [['h1', 'h2', 'h3', 'h5'], ['h4']],
      );
      const web = first.drift.find((g) => g.group === 'web');
      assert.deepEqual(web?.drifts.find((d) => d.key === 'net.ipv4.tcp_syncookies' && d.aspect === 'now')?.drifting, [
        { host: 'h4', value: '0' },
      ]);
      assert.deepEqual(web?.drifts.find((d) => d.key === 'net.ipv4.tcp_timestamps' && d.aspect === 'now')?.drifting, [
        { host: 'h5', value: '0' },
      ]);
      assert.deepEqual(first.findings.find((f) => f.rule === 'syncookies-disabled')?.hosts, ['h4']);

      // 3. The emitted playbooks: syntax, lint, then applied to the namespaces.
      const site = join(out, 'sysctl-advisor.yml');
      playbook(['--syntax-check', site]);
      if (existsSync(ANSIBLE_LINT)) {
        const files = [join(out, 'advice-1.yml'), join(out, 'advice-2.yml'), site, join(REPO_ROOT, 'ansible/collect.yml')];
        const lint = spawnSync(ANSIBLE_LINT, ['--offline', '-p', ...files], { encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, cwd: out });
        assert.equal(lint.status, 0, `ansible-lint:\n${lint.stdout}\n${lint.stderr}`);
      } else if (process.env.CI === 'true') assert.fail(`CI must lint the emitted playbooks, but ${ANSIBLE_LINT} is missing (see .ci/run)`);
      playbook([site]);
      for (const host of HOSTS) {
        const live = execFileSync(
          'ip',
          ['netns', 'exec', ns(host), 'sysctl', '-n', 'net.ipv4.tcp_max_tw_buckets', 'net.ipv4.tcp_syncookies'],
          { encoding: 'utf8' },
        );
        assert.deepEqual(live.trim().split('\n'), ['131072', '1'], host);
        assert.match(
          readFileSync(`/etc/netns/${ns(host)}/sysctl.d/90-sysctl-advisor.conf`, 'utf8'),
          /^# .+\nnet\.ipv4\.tcp_max_tw_buckets = 131072$/m,
        );
      }
      // The host itself is untouched: /etc/sysctl.d has no drop-in from this test.
      assert.equal(
        existsSync('/etc/sysctl.d/90-sysctl-advisor.conf') &&
          readFileSync('/etc/sysctl.d/90-sysctl-advisor.conf', 'utf8').includes('advice-1'),
        false,
      );

      // 4. Collected again, the fleet needs nothing more.
      collect(join(lab, 'bundles-after'));
      const second = fleet(join(lab, 'bundles-after'));
      assert.deepEqual(second.changes, []);
      assert.deepEqual(second.advice, []);

      // 5. node_exporter's textfile collector reads the metrics without a parse error.
      if (!requireTool(t, NODE_EXPORTER)) return;
      const exporter = spawn(
        'ip',
        [
          'netns',
          'exec',
          ns('h1'),
          NODE_EXPORTER,
          '--web.listen-address=127.0.0.1:19120',
          '--collector.disable-defaults',
          '--collector.textfile',
          `--collector.textfile.directory=${out}`,
        ],
        { stdio: 'ignore' },
      );
      holders.push(exporter);
      const metrics = execFileSync('ip', ['netns', 'exec', ns('h1'), 'python3', '-c', SCRAPE], { encoding: 'utf8', timeout: 60_000 });
      // node_exporter prints labels in name order.
      assert.match(metrics, /^node_textfile_scrape_error 0$/m);
      assert.match(metrics, /^sysctl_advisor_host_readable\{host="h4"\} 1$/m);
      assert.match(
        metrics,
        /^sysctl_advisor_finding\{host="h4",key="net.ipv4.tcp_syncookies",rule="syncookies-disabled",severity="error"\} 1$/m,
      );
      assert.match(metrics, /^sysctl_advisor_sysctl_value\{field="0",host="h5",key="net.ipv4.tcp_timestamps"\} 0$/m);
      assert.match(metrics, /^sysctl_advisor_proposed_changes\{host="h1"\} 1$/m);
    } finally {
      for (const holder of holders) holder.kill();
      for (const host of HOSTS) {
        spawnSync('ip', ['netns', 'del', ns(host)]);
        rmSync(`/etc/netns/${ns(host)}`, { recursive: true, force: true });
      }
      rmSync(lab, { recursive: true, force: true });
    }
  },
);

/** A listener on 127.0.0.1:8080 with one established connection, held until killed. */
const SOCKETS = `
import socket, time
server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('127.0.0.1', 8080)); server.listen(16)
client = socket.create_connection(('127.0.0.1', 8080)); peer, _ = server.accept()
time.sleep(600)
`;

/** GET /metrics, retrying while node_exporter starts. */
const SCRAPE = `
import time, urllib.request
for attempt in range(100):
    try:
        print(urllib.request.urlopen('http://127.0.0.1:19120/metrics', timeout=5).read().decode()); break
    except OSError:
        time.sleep(0.2)
else:
    raise SystemExit('node_exporter did not answer')
`;
