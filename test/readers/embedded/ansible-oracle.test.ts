/**
 * The Ansible reader against Ansible itself (Debian `ansible`, which bundles ansible.posix): a
 * task file of every form the reader handles runs with `ansible-playbook -i localhost, -c local`
 * inside a network namespace (so the module's `sysctl -p` and every value stay there), with the
 * module's sysctl_file in a temporary directory (module_defaults). The file the module writes and
 * the kernel values must be what review extracted. Skips, saying why, without root or without
 * ansible-playbook; CI installs it (.ci/run) and must run it.
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
import { REPO_ROOT } from '../../helpers/cli.js';
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
    const keys = [...expected.keys()];
    const script = `ansible-playbook -i localhost, -c local -e ansible_python_interpreter=/usr/bin/python3 -e out=${dir} -e tasks=${TASKS} ${dir}/play.yml >${dir}/log.txt 2>&1 || exit 3; for k in ${keys.join(' ')}; do printf '%s=%s\\n' "$k" "$(cat /proc/sys/$(echo $k | tr . /))"; done`;
    const run = spawnSync('unshare', ['--net', 'sh', '-c', script], {
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
    const kernel = new Map(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
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
