/**
 * review of files in other formats through the built CLI: findings anchored at the YAML, INI or
 * shell line of the value in every format (JSON, SARIF, GitHub annotations), --diff-base on such
 * files in a real git repository, waivers above a YAML item, --kubernetes, and the not-sysctl note
 * for a file that sets no sysctl.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import AjvModule from 'ajv';
import { readTuned } from '../../src/readers/embedded/tuned.js';
import { tunedIncludes } from '../../src/review/tuned-includes.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

interface Finding {
  messageId: string;
  detail?: string;
  rule: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
}
interface Report {
  files: {
    path: string;
    kind: string;
    format?: string;
    assignments?: { key: string; value: string | null; line: number; file?: string; task?: string }[];
  }[];
  findings: Finding[];
  suppressed: (Finding & { waiverLine: number })[];
}

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'embedded');
const validate = new AjvModule.default({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'review.schema.json'), 'utf8')),
);
let dir: string;

function git(...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=Review Test',
      '-c',
      'user.email=review@example.invalid',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd: dir, encoding: 'utf8' },
  );
}

function review(...args: string[]): { status: number | null; report: Report; stdout: string; stderr: string } {
  const run = runCli(['review', ...args], { cwd: dir });
  const json = args.includes('json');
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    report: json ? (JSON.parse(run.stdout) as Report) : (undefined as unknown as Report),
  };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'review-embedded-'));
  cpSync(join(FIXTURES, 'deployment.yaml'), join(dir, 'deployment.yaml'));
  cpSync(join(FIXTURES, 'roles'), join(dir, 'roles'), { recursive: true });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const where = (findings: readonly Finding[], rule: string) =>
  findings.filter((f) => f.rule === rule).map((f) => `${f.file}:${f.line}:${f.column}`);

test('JSON: the manifest is read as Kubernetes, findings sit on the value lines, and the report is schema-valid', () => {
  const { status, report } = review('deployment.yaml', '--format', 'json');
  assert.equal(status, 1);
  assert.ok(validate(report), JSON.stringify(validate.errors));
  assert.equal(report.files[0]!.kind, 'embedded');
  assert.equal(report.files[0]!.format, 'kubernetes');
  assert.deepEqual(where(report.findings, 'container-sysctl-value'), ['deployment.yaml:18:20', 'deployment.yaml:20:21']);
  assert.deepEqual(where(report.findings, 'kubernetes-unsafe-sysctl'), ['deployment.yaml:16:21', 'deployment.yaml:20:21']);
  assert.deepEqual(where(report.findings, 'shell-unquoted-value'), ['deployment.yaml:43:96']);
  assert.deepEqual(where(report.findings, 'container-sysctl-namespace'), ['deployment.yaml:61:24', 'deployment.yaml:62:24']);
});

test('SARIF and GitHub annotations point at the same YAML lines', () => {
  const sarif = JSON.parse(review('deployment.yaml', '--format', 'sarif').stdout) as {
    runs: {
      results: {
        ruleId: string;
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
      }[];
    }[];
  };
  const value = sarif.runs[0]!.results.find((r) => r.ruleId === 'container-sysctl-value')!.locations[0]!.physicalLocation;
  assert.equal(value.artifactLocation.uri, 'deployment.yaml');
  assert.deepEqual(value.region, { ...value.region, startLine: 18, startColumn: 20 });
  const github = review('deployment.yaml', '--format', 'github').stdout;
  assert.match(github, /^::error file=deployment\.yaml,line=18,col=20,.*container-sysctl-value/m);
  assert.match(github, /^::warning file=deployment\.yaml,line=16,col=21,.*kubernetes-unsafe-sysctl/m);
});

test('--kubernetes: a key safe from 1.29 is unsafe on 1.28; a bad release is a usage error', () => {
  const keepalive = (version: string) =>
    review('deployment.yaml', '--format', 'json', '--kubernetes', version).report.findings.filter(
      (f) => f.rule === 'kubernetes-unsafe-sysctl' && f.line === 18,
    );
  assert.equal(keepalive('1.29').length, 0);
  assert.match(keepalive('1.28')[0]!.detail ?? '', /not a safe sysctl on Kubernetes 1\.28 \(from --kubernetes\); it is safe from 1\.29/);
  const bad = review('deployment.yaml', '--kubernetes', '2.0');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--kubernetes takes a release such as 1\.37 \(not "2\.0"\)/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});

test('Ansible: a loop over a role default is read from defaults/main.yml, anchored there, once when both files are reviewed', () => {
  const { report } = review('roles/tcp/tasks/main.yml', 'roles/tcp/defaults/main.yml', '--format', 'json');
  assert.deepEqual(
    report.files.map((f) => [f.kind, f.format]),
    [
      ['embedded', 'ansible'],
      ['embedded', 'sysctl-map'],
    ],
  );
  const looped = report.files[0]!.assignments!.filter((a) => a.file !== undefined);
  assert.deepEqual(
    looped.map((a) => [a.key, a.value, a.file, a.line, a.task]),
    [
      [
        'net.ipv4.tcp_max_syn_backlog',
        '8192',
        'roles/tcp/defaults/main.yml',
        3,
        'roles/tcp/tasks/main.yml:30 (Whatever the inventory says)',
      ],
      ['net.ipv4.tcp_syncookies', '1', 'roles/tcp/defaults/main.yml', 4, 'roles/tcp/tasks/main.yml:30 (Whatever the inventory says)'],
    ],
  );
  const notChecked = report.findings.filter((f) => f.rule === 'not-checked').map((f) => `${f.line}: ${f.message} ${f.detail ?? ''}`);
  assert.ok(!notChecked.some((m) => /tcp_sysctls/.test(m)), notChecked.join('\n'));
  assert.ok(
    notChecked.some((m) =>
      /^39: net\.ipv4\.tcp_fin_timeout is not checked: .* Why: the value \{\{ fin_timeout \}\} is a Jinja expression/.test(m),
    ),
    notChecked.join('\n'),
  );
  // The rules see the defaults' values as the task applies them, and report each once, in the defaults file.
  const inDefaults = report.findings.filter((f) => f.file === 'roles/tcp/defaults/main.yml').map((f) => `${f.line} ${f.rule}`);
  assert.deepEqual(inDefaults, ['3 syn-backlog-ignored']);
  assert.deepEqual(
    report.files[1]!.assignments!.map((a) => [a.key, a.line]),
    [
      ['net.ipv4.tcp_max_syn_backlog', 3],
      ['net.ipv4.tcp_syncookies', 4],
    ],
  );
  // Reviewed alone, the task file still reports what its loop takes from the defaults, there.
  const alone = review('roles/tcp/tasks/main.yml', '--format', 'json').report;
  assert.ok(alone.findings.some((f) => f.file === 'roles/tcp/defaults/main.yml' && f.line === 3 && f.rule === 'syn-backlog-ignored'));
});

test('Ansible: a loop over a variable no file read defines is a not-checked note naming the variable', () => {
  writeFileSync(join(dir, 'loose-tasks.yml'), readFileSync(join(dir, 'roles/tcp/tasks/main.yml'), 'utf8'));
  const { report } = review('loose-tasks.yml', '--format', 'json');
  const notChecked = report.findings.filter((f) => f.rule === 'not-checked').map((f) => `${f.line}: ${f.message} ${f.detail ?? ''}`);
  assert.ok(
    notChecked.some((m) => /^32: .*the loop takes its items from the variable tcp_sysctls, which none of the files read defines/.test(m)),
    notChecked.join('\n'),
  );
  // A set_fact the reader cannot evaluate: the loop over it says which task set it.
  writeFileSync(
    join(dir, 'set-fact.yml'),
    [
      '- name: Build the dict',
      '  set_fact:',
      '    kernel_params: "{{ base_params | items2dict }}"',
      '  vars:',
      '    base_params: []',
      '- name: Apply it',
      '  sysctl:',
      '    name: "{{ item.key }}"',
      '    value: "{{ item.value }}"',
      '  with_dict: "{{ kernel_params }}"',
      '',
    ].join('\n'),
  );
  const setFact = review('set-fact.yml', '--format', 'json').report.findings.map((f) => `${f.line}: ${f.message} ${f.detail ?? ''}`);
  assert.ok(
    setFact.some((m) =>
      /^8: .*the loop with_dict: \{\{ kernel_params \}\}: the variable kernel_params is set by the set_fact task at line 1 to \{\{ base_params \| items2dict \}\}: .* uses the filter items2dict, which this reader does not evaluate/.test(
        m,
      ),
    ),
    setFact.join('\n'),
  );
});

test('a waiver above a YAML task silences the findings on its value line', () => {
  const tasks = readFileSync(join(dir, 'roles/tcp/tasks/main.yml'), 'utf8').replace(
    '- name: An old key, written to /etc/sysctl.conf',
    '# sysctl-advisor: ignore tw-recycle, ansible-reload-fails -- this role still targets CentOS 6\n- name: An old key, written to /etc/sysctl.conf',
  );
  writeFileSync(join(dir, 'waived.yml'), tasks);
  const { report } = review('waived.yml', '--format', 'json');
  assert.deepEqual(report.suppressed.map((f) => [f.rule, f.line, f.waiverLine]).sort(), [
    ['ansible-reload-fails', 46, 42],
    ['tw-recycle', 46, 42],
  ]);
  assert.ok(!report.findings.some((f) => f.rule === 'waiver'), 'the waiver is used');
});

test('a YAML file that sets no sysctl is a not-sysctl note, not a warning to move it', () => {
  writeFileSync(join(dir, 'service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n');
  const { status, report } = review('service.yaml', '--format', 'json');
  assert.equal(status, 0);
  assert.deepEqual(
    report.findings.map((f) => [f.rule, f.severity]),
    [['not-sysctl', 'info']],
  );
  assert.match(
    `${report.findings[0]!.message}\n${report.findings[0]!.detail}`,
    /^Not checked: this file sets no sysctl in a form review reads\nWhat it is: YAML \(Ansible, Salt, \.\.\.\): line 1 is apiVersion: v1/,
  );
  assert.doesNotMatch(report.findings[0]!.message, /keep it out/);
});

test('--diff-base: only findings on the YAML lines this branch changed', () => {
  writeFileSync(
    join(dir, 'pod.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    sysctls:\n      - name: net.core.somaxconn\n        value: "1024"\n      - name: net.ipv4.tcp_fin_timeout\n        value: "30"\n  containers:\n    - name: c\n      image: c\n',
  );
  git('init', '--quiet');
  git('add', 'pod.yaml');
  git('commit', '--quiet', '-m', 'base');
  writeFileSync(join(dir, 'pod.yaml'), readFileSync(join(dir, 'pod.yaml'), 'utf8').replace('value: "30"', 'value: 30'));
  const all = review('pod.yaml', '--format', 'json').report.findings.map((f) => `${f.line} ${f.rule}`);
  assert.ok(all.includes('9 kubernetes-unsafe-sysctl'), all.join(', '));
  const { report } = review('pod.yaml', '--format', 'json', '--diff-base', 'HEAD');
  assert.deepEqual(report.findings.map((f) => `${f.line} ${f.rule}`).sort(), ['11 container-sysctl-value', '11 fin-timeout-misconception']);
});

test('--diff-base on an Ansible role: a change in the role vars a loop takes its items from is reported there', () => {
  const site = join(dir, 'site-repo');
  cpSync(join(FIXTURES, 'oracle', 'site'), site, { recursive: true });
  const gitIn = (...args: string[]) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=Review Test',
        '-c',
        'user.email=review@example.invalid',
        '-c',
        'commit.gpgsign=false',
        '-c',
        'init.defaultBranch=main',
        ...args,
      ],
      { cwd: site, encoding: 'utf8' },
    );
  gitIn('init', '--quiet');
  gitIn('add', '.');
  gitIn('commit', '--quiet', '-m', 'base');
  const vars = join(site, 'roles/kernel/vars/main.yml');
  writeFileSync(vars, readFileSync(vars, 'utf8').replace('net.core.somaxconn: 3072', 'net.core.somaxconn: 1024'));
  const run = runCli(['review', 'roles/kernel/tasks/main.yml', '--format', 'json', '--diff-base', 'HEAD', '--fail-on', 'none'], {
    cwd: site,
  });
  assert.equal(run.status, 0, run.stderr);
  const findings = (JSON.parse(run.stdout) as Report).findings.map((f) => `${f.file}:${f.line}`);
  assert.ok(findings.length > 0, 'the changed value is reported');
  assert.deepEqual([...new Set(findings)], ['roles/kernel/vars/main.yml:4']);
});

test('TuneD include=: the parent is found beside the profile or under --root, merged, and its settings reported in its own file', () => {
  const profiles = join(dir, 'tuned-include');
  const write = (path: string, text: string) => {
    mkdirSync(join(profiles, path, '..'), { recursive: true });
    writeFileSync(join(profiles, path), text);
  };
  write('repo/base/tuned.conf', '[sysctl]\nnet.ipv4.tcp_fin_timeout=30\nnet.ipv4.tcp_tw_recycle=1\n');
  write('repo/web/tuned.conf', '[main]\ninclude=base\n\n[sysctl]\nnet.ipv4.tcp_fin_timeout=20\n');
  const sibling = review('tuned-include/repo/web/tuned.conf', '--format', 'json');
  assert.equal(sibling.status, 1, sibling.stderr);
  assert.ok(validate(sibling.report), JSON.stringify(validate.errors));
  assert.deepEqual(
    sibling.report.findings.filter((f) => f.rule !== 'fin-timeout-misconception').map((f) => `${f.rule} ${f.file}:${f.line}`),
    ['tw-recycle tuned-include/repo/base/tuned.conf:3'],
    "the inherited tcp_tw_recycle is reported at the parent's line",
  );
  const assignments = sibling.report.files[0]!.assignments as { key: string; line: number; value: string; file?: string }[];
  assert.deepEqual(
    assignments.map((a) => `${a.key}=${a.value} ${a.file ?? 'web'}:${a.line}`),
    ['net.ipv4.tcp_fin_timeout=20 web:5', 'net.ipv4.tcp_tw_recycle=1 tuned-include/repo/base/tuned.conf:3'],
    "the child's value wins at the child's line, in the parent's position",
  );
  // Reviewing both: the parent's finding is given once.
  const both = review('tuned-include/repo/web/tuned.conf', 'tuned-include/repo/base/tuned.conf', '--format', 'json');
  assert.equal(both.report.findings.filter((f) => f.rule === 'tw-recycle').length, 1);

  // Not beside it: a not-checked note naming where review looked; with --root, TuneD's own directories.
  write('tree/srv/web/tuned.conf', '[main]\ninclude=site-base,-optional-missing\n\n[sysctl]\nnet.ipv4.tcp_fin_timeout=20\n');
  write('tree/etc/sysctl.d/10-x.conf', 'net.ipv4.tcp_syncookies = 1\n');
  const missing = review('tuned-include/tree/srv/web/tuned.conf', '--format', 'json');
  assert.deepEqual(
    missing.report.findings
      .filter((f) => f.rule === 'not-checked')
      .map((f) => `${f.rule} ${f.line}:${f.column} ${f.messageId} ${f.detail}`),
    ['not-checked 2:9 setting Why: included profile site-base not found (looked in tuned-include/tree/srv/site-base/tuned.conf).'],
  );
  // With --root, TuneD's own directories after the sibling: /etc/tuned before /usr/lib/tuned (tuned/profiles/locator.py).
  write('tree/usr/lib/tuned/site-base/tuned.conf', '[sysctl]\nnet.ipv4.tcp_tw_recycle=1\n');
  const self = join(profiles, 'tree/srv/web/tuned.conf');
  const locate = tunedIncludes(self, join(profiles, 'tree'), dir, new Map());
  assert.deepEqual(locate.find('site-base', self, new Set()), { path: join(profiles, 'tree/usr/lib/tuned/site-base/tuned.conf') });
  write('tree/etc/tuned/site-base/tuned.conf', '[main]\ninclude=site-base\n');
  const etc = join(profiles, 'tree/etc/tuned/site-base/tuned.conf');
  assert.deepEqual(locate.find('site-base', self, new Set()), { path: etc });
  assert.deepEqual(
    locate.find('site-base', etc, new Set([etc])),
    { path: join(profiles, 'tree/usr/lib/tuned/site-base/tuned.conf') },
    "a profile including its own name gets the next directory's",
  );
  const extraction = readTuned(readFileSync(self, 'utf8'), locate);
  assert.deepEqual(
    extraction.assignments.map((a) => `${a.key} ${relative(profiles, a.origin ?? self)}:${a.valuePosition.line}`),
    ['net.ipv4.tcp_tw_recycle tree/usr/lib/tuned/site-base/tuned.conf:2', 'net.ipv4.tcp_fin_timeout tree/srv/web/tuned.conf:5'],
  );
});
