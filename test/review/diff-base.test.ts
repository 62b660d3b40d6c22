/**
 * --diff-base on a real git repository: commit a sysctl.d directory, then change it the ways a
 * pull request does — edit lines, add a file, rename a file (and edit it), delete a file —
 * partly committed (a second commit) and partly left in the working tree (an edit, an untracked
 * file), as a CI checkout of a pull request has them. Review against the first commit must
 * report only findings on lines that changed, whole new files, and nothing for deleted ones.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

interface Finding {
  rule: string;
  file: string;
  line: number;
  scope: string;
}
interface Report {
  diffBase: string | null;
  findings: Finding[];
  unchangedLineFindings: number;
  summary: { text: string };
}

const DIR = 'etc/sysctl.d';
let repo: string;

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
    {
      cwd: repo,
      encoding: 'utf8',
    },
  );
}

function write(name: string, lines: readonly string[]): void {
  writeFileSync(join(repo, DIR, name), `${lines.join('\n')}\n`);
}

const SCRIPT = ['#!/bin/sh', 'cat > /etc/sysctl.d/90.conf <<EOF', 'net.ipv4.tcp_fin_timeout = 30', 'EOF'];

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'review-git-'));
  mkdirSync(join(repo, DIR), { recursive: true });
  git('init', '--quiet');
  write('10-base.conf', ['net.ipv4.tcp_tw_recycle = 1']);
  write('20-old.conf', [
    'net.ipv4.tcp_fin_timout = 30',
    'net.core.somaxconn = 4096',
    'net.ipv4.tcp_tw_reuse = 1',
    'net.ipv4.tcp_keepalive_time = 600',
  ]);
  // Nothing like 50-new.conf, or git would pair the two as a rename.
  write('30-gone.conf', ['kernel.pid_max = 4194304', 'vm.swappiness = 10', 'fs.file-max = 2097152']);
  write('40-edit.conf', ['net.ipv4.tcp_syn_retries = 3 # old comment', 'net.ipv4.tcp_timestamps = 1', 'net.ipv4.tcp_fin_timeout = 30']);
  write('70-script.conf', SCRIPT);
  write('80-script.conf', SCRIPT);
  git('add', '.');
  git('commit', '--quiet', '-m', 'base');

  // Second commit: a new file, a rename with one line edited, a deletion.
  write('50-new.conf', ['net.ipv4.tcp_tw_recycle = 1', 'net.core.somaxconn = 4096']);
  git('mv', `${DIR}/20-old.conf`, `${DIR}/25-renamed.conf`);
  write('25-renamed.conf', [
    'net.ipv4.tcp_fin_timout = 30',
    'net.core.somaxconn = 4096',
    'net.ipv4.tcp_tw_reuse = 3',
    'net.ipv4.tcp_keepalive_time = 600',
  ]);
  git('rm', '--quiet', `${DIR}/30-gone.conf`);
  git('add', '.');
  git('commit', '--quiet', '-m', 'change');

  // Working tree: an edited line and an appended one, an untracked file, an edited script.
  write('40-edit.conf', [
    'net.ipv4.tcp_syn_retries = 3 # old comment',
    'net.ipv4.tcp_timestamps = 1',
    'net.ipv4.tcp_fin_timeout = 30 # TIME_WAIT length',
  ]);
  appendFileSync(join(repo, DIR, '40-edit.conf'), 'net.ipv4.tcp_keepalive_intvl\n');
  write('60-untracked.conf', ['net.ipv4.tcp_synack_retries = 300']);
  write('70-script.conf', [...SCRIPT, 'sysctl --system']);
});
after(() => rmSync(repo, { recursive: true, force: true }));

function review(...args: string[]): { status: number | null; report: Report; stderr: string } {
  const run = runCli(['review', ...args, '--format', 'json'], { cwd: repo });
  return { status: run.status, report: JSON.parse(run.stdout || 'null') as Report, stderr: run.stderr };
}

const where = (findings: readonly Finding[]) => findings.map((f) => `${f.file.slice(DIR.length + 1)}:${f.line} ${f.rule}`);

test('without --diff-base every line is reviewed', () => {
  const { report } = review(DIR);
  const all = where(report.findings);
  for (const unchanged of [
    '10-base.conf:1 tw-recycle',
    '25-renamed.conf:1 unknown-key',
    '40-edit.conf:1 inline-comment',
    '80-script.conf:2 not-sysctl',
  ]) {
    assert.ok(all.includes(unchanged), `${unchanged} in ${all.join(', ')}`);
  }
});

test('--diff-base HEAD~1 reports only added or changed lines, whole new files, and changed non-sysctl files', () => {
  const { status, report, stderr } = review(DIR, '--diff-base', 'HEAD~1');
  assert.equal(stderr, '');
  assert.equal(status, 1);
  assert.equal(report.diffBase, 'HEAD~1');
  assert.deepEqual(where(report.findings), [
    // Renamed with line 3 edited: only line 3 (the typo on line 1 came along unchanged).
    '25-renamed.conf:3 invalid-value',
    // Edited in the working tree: the changed line 3 and the appended line 4, not line 1.
    '40-edit.conf:3 fin-timeout-misconception',
    // (Its inline comments, lines 1 and 3, are one grouped note anchored at line 1, which did not change.)
    '40-edit.conf:4 invalid-syntax',
    // New in the second commit: everything.
    '50-new.conf:1 tw-recycle',
    // Untracked: everything.
    '60-untracked.conf:1 invalid-value',
    // A script that changed (line 5 added): its file-level finding, anchored where it shows it is a script.
    '70-script.conf:2 not-sysctl',
  ]);
  // 10-base (unchanged), 25-renamed:1, 40-edit:1, 80-script (unchanged) are left out, and counted.
  const full = review(DIR).report.findings.length;
  assert.equal(report.unchangedLineFindings, full - report.findings.length);
  assert.match(
    report.summary.text,
    new RegExp(`; only lines changed since HEAD~1 \\(${report.unchangedLineFindings} findings on unchanged lines not shown\\)$`),
  );
});

test('a pure rename reports nothing; a deleted file is no error', () => {
  git('add', '.');
  git('commit', '--quiet', '-m', 'working tree');
  git('mv', `${DIR}/10-base.conf`, `${DIR}/15-moved.conf`);
  const { status, report } = review(DIR, '--diff-base', 'HEAD');
  assert.equal(status, 0);
  assert.deepEqual(where(report.findings), [], 'the moved file has a tw-recycle line, but no line of it changed');
  // 30-gone.conf was deleted two commits ago: reviewing against the base that still has it is fine.
  const sinceBase = review(DIR, '--diff-base', 'HEAD~2');
  assert.equal(sinceBase.status, 1);
  assert.ok(!sinceBase.report.findings.some((f) => f.file.includes('30-gone')));
});

test('--root with --diff-base uses the root as the pathspec', () => {
  const { report } = review('--root', '.', '--diff-base', 'HEAD~2');
  const files = new Set(report.findings.map((f) => f.file.slice(DIR.length + 1)));
  assert.ok(files.has('50-new.conf') && files.has('60-untracked.conf'), [...files].join(', '));
  assert.ok(!files.has('80-script.conf'));
});
