/**
 * The Ansible reader against Ansible itself (Debian `ansible`, which bundles ansible.posix): a
 * task file of every form the reader handles runs with `ansible-playbook -i localhost, -c local`
 * inside a network namespace (so the module's `sysctl -p` and every value stay there), with the
 * module's sysctl_file in a temporary directory (module_defaults). The file the module writes and
 * the kernel values must be what review extracted. A second play runs a role whose loops take
 * their items from the role's defaults and vars and from group_vars/all (test/fixtures/embedded/
 * oracle/site): what review extracts from the role's task file, through the built CLI, must be
 * exactly what Ansible applies. Skips, saying why, without root or without ansible-playbook; CI
 * installs it (.ci/run) and must run it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfigText } from '../../../src/config/parse.js';
import { readEmbedded } from '../../../src/readers/embedded/index.js';
import { canonicalKeyOf } from '../../../src/review/embedded.js';
import { REPO_ROOT, runCli } from '../../helpers/cli.js';
import { requireNetns, requireTool } from '../../helpers/netns.js';

const TASKS = join(REPO_ROOT, 'test', 'fixtures', 'embedded', 'oracle', 'ansible-tasks.yml');
const PLAYBOOK = `- hosts: localhost
  gather_facts: false
  module_defaults:
    ansible.posix.sysctl:
      sysctl_file: "{{ out }}/sysctl.conf"
  tasks:
    - import_tasks: "{{ tasks }}"
`;

const normal = (value: string) => value.trim().split(/\s+/).join(' ');

/** Runs `script` (ansible-playbook, then a dump of `keys` from /proc/sys) in a new network namespace; the kernel values it printed. */
function runInNamespace(script: string, keys: readonly string[], dir: string): Map<string, string> {
  const dump = `for k in ${keys.join(' ')}; do printf '%s=%s\\n' "$k" "$(cat /proc/sys/$(echo $k | tr . /))"; done`;
  const run = spawnSync('unshare', ['--net', 'sh', '-c', `${script} >${dir}/log.txt 2>&1 || exit 3; ${dump}`], {
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_HOME: join(dir, 'home'),
      ANSIBLE_RETRY_FILES_ENABLED: '0',
    },
  });
  assert.equal(
    run.status,
    0,
    `ansible-playbook failed: ${run.stderr}${run.status === 3 ? readFileSync(join(dir, 'log.txt'), 'utf8') : ''}`,
  );
  return new Map(
    run.stdout
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

test('Ansible writes, and the kernel holds, exactly the values review extracts from a task file', async (t) => {
  if (!requireNetns(t) || !requireTool(t, '/usr/bin/ansible-playbook')) return;
  const extraction = (await readEmbedded('yaml', readFileSync(TASKS, 'utf8')))!;
  assert.equal(extraction.format, 'ansible');
  // What the play should leave: the last task per key wins; state: absent removes the line.
  const expected = new Map<string, string | undefined>();
  for (const assignment of extraction.assignments)
    expected.set(canonicalKeyOf(assignment.key), assignment.absent ? undefined : assignment.value);
  assert.ok(expected.size >= 12, `the fixture covers every form: ${[...expected.keys()].join(', ')}`);
  assert.ok(
    [...expected.values()].every((value) => value !== null),
    'every value is known',
  );

  const dir = mkdtempSync(join(tmpdir(), 'ansible-oracle-'));
  try {
    writeFileSync(join(dir, 'play.yml'), PLAYBOOK);
    const kernel = runInNamespace(
      `ansible-playbook -i localhost, -c local -e ansible_python_interpreter=/usr/bin/python3 -e out=${dir} -e tasks=${TASKS} ${dir}/play.yml`,
      [...expected.keys()],
      dir,
    );
    const written = new Map(
      parseConfigText(readFileSync(join(dir, 'sysctl.conf'), 'utf8'), 'sysctl.conf').assignments.map((line) => [
        line.canonicalKey,
        line.value,
      ]),
    );
    for (const [key, value] of expected) {
      if (value === undefined) {
        assert.ok(!written.has(key), `${key}: state: absent removed it from the file`);
        continue;
      }
      assert.equal(written.get(key), value, `${key}: the module wrote ${written.get(key)}, review extracted ${value}`);
      assert.equal(normal(kernel.get(key) ?? ''), normal(value), `${key}: the kernel holds ${kernel.get(key)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const SITE = join(REPO_ROOT, 'test', 'fixtures', 'embedded', 'oracle', 'site');

interface ReviewedAssignment {
  key: string;
  value: string | null;
  line: number;
  file?: string;
  task?: string;
}

test('a role whose loops take role defaults, role vars, group_vars/all and set_fact merges: Ansible applies exactly what review extracts, anchored in the vars files', (t) => {
  if (!requireNetns(t) || !requireTool(t, '/usr/bin/ansible-playbook')) return;
  const run = runCli(['review', 'roles/kernel/tasks/main.yml', '--format', 'json', '--fail-on', 'none'], { cwd: SITE });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { files: { assignments: ReviewedAssignment[] }[]; findings: { rule: string }[] };
  const assignments = report.files[0]!.assignments;
  assert.ok(!report.findings.some((f) => f.rule === 'not-checked'), 'every loop variable is resolved');
  // Every item is anchored in the file that defines it, and names the task that applies it.
  const files = new Set(assignments.map((a) => a.file));
  assert.deepEqual([...files].sort(), ['group_vars/all.yml', 'roles/kernel/defaults/main.yml', 'roles/kernel/vars/main.yml']);
  for (const a of assignments) {
    assert.match(a.task ?? '', /^roles\/kernel\/tasks\/main\.yml:\d+ \(/, `${a.key}: the task that applies it`);
    const line = readFileSync(join(SITE, a.file!), 'utf8').split('\n')[a.line - 1] ?? '';
    assert.ok(a.value !== null && line.includes(a.value === '1' ? 'yes' : a.value), `${a.key}: ${a.file}:${a.line} is "${line}"`);
  }
  const expected = new Map(assignments.map((a) => [a.key, a.value!]));
  // Precedence: role vars replace the defaults' list and override the combined dict; group_vars/all replaces a default.
  assert.equal(expected.get('net.core.somaxconn'), '3072');
  assert.equal(expected.get('net.ipv4.ip_local_port_range'), '15000 61000');
  assert.equal(expected.get('net.ipv4.tcp_retries2'), '9');
  // A set_fact merges group_vars/all into the defaults' dict; a merge of a variable nobody defines is skipped by its when:.
  assert.equal(expected.get('net.ipv4.tcp_keepalive_time'), '700');

  const dir = mkdtempSync(join(tmpdir(), 'ansible-role-oracle-'));
  try {
    const kernel = runInNamespace(
      `ansible-playbook -i localhost, -c local -e ansible_python_interpreter=/usr/bin/python3 -e out=${dir} ${join(SITE, 'site.yml')}`,
      [...expected.keys()],
      dir,
    );
    const written = new Map(
      parseConfigText(readFileSync(join(dir, 'sysctl.conf'), 'utf8'), 'sysctl.conf').assignments.map((line) => [
        line.canonicalKey,
        line.value,
      ]),
    );
    assert.deepEqual([...written.keys()].sort(), [...expected.keys()].sort(), 'Ansible wrote the keys review extracted, and no other');
    for (const [key, value] of expected) {
      assert.equal(written.get(key), value, `${key}: the module wrote ${written.get(key)}, review extracted ${value}`);
      assert.equal(normal(kernel.get(key) ?? ''), normal(value), `${key}: the kernel holds ${kernel.get(key)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
