/**
 * Bad usage and unreadable input: one line on stderr, nothing on stdout, exit 2, no stack trace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, runCli, type CliResult } from '../helpers/cli.js';

let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'review-errors-'));
  writeFileSync(join(work, 'ok.conf'), 'net.ipv4.tcp_fin_timeout = 30\n');
});
after(() => {
  chmodSync(join(work), 0o755);
  rmSync(work, { recursive: true, force: true });
});

function assertOneLineError(run: CliResult, pattern: RegExp): void {
  assert.equal(run.status, 2, `exit code; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.split('\n');
  assert.equal(lines.length, 2, `one line: ${JSON.stringify(run.stderr)}`);
  assert.equal(lines[1], '');
  assert.match(lines[0]!, pattern);
  assert.ok(!/\bat .*:\d+:\d+\)?$/m.test(run.stderr), 'no stack trace');
}

test('a missing file', () => {
  assertOneLineError(
    runCli(['review', 'ok.conf', 'missing.conf'], { cwd: work }),
    /^sysctl-advisor: missing\.conf: no such file or directory$/,
  );
});

test('a missing --root', () => {
  assertOneLineError(
    runCli(['review', '--root', 'no-such-root'], { cwd: work }),
    /^sysctl-advisor: cannot use no-such-root as a root: no such directory$/,
  );
});

test('nothing to review', () => {
  assertOneLineError(
    runCli(['review'], { cwd: work }),
    /^sysctl-advisor: review needs files or directories to read \(review PATH\.\.\.\), or --root DIR$/,
  );
});

test('a review that reads no file is exit 2, never a green "0 files": an empty directory, a root or a path with no sysctl file', () => {
  mkdirSync(join(work, 'empty'));
  mkdirSync(join(work, 'only-readme'));
  writeFileSync(join(work, 'only-readme', 'README'), 'not a conf file\n');
  assertOneLineError(
    runCli(['review', 'empty'], { cwd: work }),
    /^sysctl-advisor: nothing to review: empty has no \*\.conf file \(a directory is read as sysctl\.d: its \*\.conf files in name order\)$/,
  );
  assertOneLineError(
    runCli(['review', 'empty', 'only-readme', '--format', 'sarif'], { cwd: work }),
    /^sysctl-advisor: nothing to review: empty, only-readme have no \*\.conf file/,
  );
  assertOneLineError(
    runCli(['review', '--root', 'only-readme', '--format', 'github'], { cwd: work }),
    /^sysctl-advisor: nothing to review: --root only-readme has no sysctl file \(looked for etc\/sysctl\.conf, etc\/sysctl\.d\/\*\.conf, /,
  );
  // A named file is always read (pre-commit passes file names): what is wrong with it is a finding, not "nothing to review".
  const named = runCli(['review', 'only-readme/README'], { cwd: work });
  assert.equal(named.status, 1, named.stderr);
  assert.match(named.stdout, /^only-readme\/README:1:1 {2}error .*\n[^]*in 1 file/);
  const withFile = runCli(['review', 'empty', 'ok.conf'], { cwd: work });
  assert.equal(withFile.status, 0, withFile.stderr);
});

test('an unreadable directory', (t) => {
  // root reads any directory: run the CLI as nobody then, if nobody can read the built CLI.
  const asRoot = process.getuid?.() === 0;
  const nobody = { uid: 65534, gid: 65534 };
  if (asRoot && spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(CLI)}, 4)`], nobody).status !== 0) {
    t.skip(`running as root, and nobody cannot read ${CLI} to run it unprivileged`);
    return;
  }
  const locked = join(work, 'locked.d');
  mkdirSync(locked);
  writeFileSync(join(locked, '10-a.conf'), 'net.ipv4.tcp_fin_timeout = 30\n');
  chmodSync(locked, 0o311); // may be entered, not listed
  chmodSync(work, 0o755);
  const run = spawnSync(process.execPath, [CLI, 'review', 'locked.d'], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    ...(asRoot ? nobody : {}),
  });
  chmodSync(locked, 0o755);
  assertOneLineError({ stdout: run.stdout, stderr: run.stderr, status: run.status }, /^sysctl-advisor: locked\.d: permission denied$/);
});

test('a bad --diff-base revision, and --diff-base outside a git repository', () => {
  // Not a repository: work is a temp folder (git stops looking at the filesystem root).
  assertOneLineError(
    runCli(['review', 'ok.conf', '--diff-base', 'main'], { cwd: work, env: { GIT_CEILING_DIRECTORIES: tmpdir() } }),
    /^sysctl-advisor: --diff-base needs a git repository: not a git repository/,
  );
  spawnSync('git', ['init', '--quiet'], { cwd: work });
  assertOneLineError(
    runCli(['review', 'ok.conf', '--diff-base', 'no-such-branch'], { cwd: work }),
    /^sysctl-advisor: --diff-base no-such-branch: no such commit in this repository$/,
  );
  // git would read a revision that starts with "-" as an option.
  assertOneLineError(
    runCli(['review', 'ok.conf', '--diff-base=--output=/tmp/x'], { cwd: work }),
    /^sysctl-advisor: --diff-base "--output=\/tmp\/x": not a git revision$/,
  );
});

test('bad flags: an unknown format, a bad --kernel, an unknown profile', () => {
  // yargs words choice errors over several lines (src/main.ts prints its message as is).
  const format = runCli(['review', 'ok.conf', '--format', 'xml'], { cwd: work });
  assert.equal(format.status, 2);
  assert.equal(format.stdout, '');
  assert.match(
    format.stderr,
    /^sysctl-advisor: Invalid values: Argument: format, Given: "xml", Choices: "text", "json", "sarif", "github", "markdown"\n$/,
  );
  assertOneLineError(
    runCli(['review', 'ok.conf', '--kernel', 'latest'], { cwd: work }),
    /^sysctl-advisor: --kernel takes X\.Y, X\.Y\.Z or a "uname -r" release/,
  );
  const profile = runCli(['review', 'ok.conf', '--profile', 'no-such-profile'], { cwd: work });
  assert.equal(profile.status, 2, profile.stderr);
  assert.equal(profile.stdout, '');
});

test('a FIFO is refused instead of blocking', () => {
  const fifo = join(work, 'pipe.conf');
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) return;
  assertOneLineError(runCli(['review', 'pipe.conf'], { cwd: work }), /^sysctl-advisor: pipe\.conf: not a file or a directory$/);
});
