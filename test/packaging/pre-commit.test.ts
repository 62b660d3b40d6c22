/**
 * The pre-commit hook (.pre-commit-hooks.yaml) installed as users install it: a scratch git
 * repository whose .pre-commit-config.yaml points at a copy of this checkout (`repo:` a path,
 * `rev:` the sha of a throwaway commit of the working tree), run by the real pre-commit (Debian's
 * 3.0.x, which installs `language: node` hooks with `npm pack` and reads the tarball's name from
 * its stdout). Current pre-commit (4.6.1 and later) installs them with
 * `npm install --allow-git=root --install-links -g git+file://CLONE` into its environment's
 * prefix; it is not packaged here, so that command is replayed as pre-commit runs it.
 *
 * Isolated: HOME, PRE_COMMIT_HOME and git's configuration live in a temporary folder, removed
 * afterwards. Only npm's download cache is the user's own: the hook's installs fetch the
 * package's dev dependencies (both pre-commit versions install them before packing), and the
 * cache that `npm ci` filled spares the network.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/cli.js';

const has = (program: string) => spawnSync(program, ['--version'], { encoding: 'utf8' }).status === 0;
const SKIP = !has('pre-commit')
  ? "pre-commit is not installed (CI installs Debian's: .ci/run)"
  : !has('git')
    ? 'git is not installed (.ci/run installs it)'
    : false;

const BAD = 'net.ipv4.tcp_tw_recycle = 1\n';
const CLEAN = 'net.ipv4.tcp_syncookies = 1\n';

let scratch = '';
let env: Record<string, string> = {};
let hookRepo = '';
let rev = '';

function run(command: string, args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...env, ...extraEnv }, timeout: 300_000 });
}

function git(args: readonly string[], cwd: string): string {
  const result = run('git', args, cwd);
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** This checkout's working tree (tracked and untracked files, as .gitignore leaves them) committed into a repository of its own. */
function snapshotOfWorkingTree(into: string): string {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    if (existsSync(join(REPO_ROOT, file))) cpSync(join(REPO_ROOT, file), join(into, file), { recursive: true });
  }
  git(['init', '-q'], into);
  git(['add', '-A'], into);
  git(['commit', '-q', '-m', 'the working tree under test'], into);
  return git(['rev-parse', 'HEAD'], into);
}

/** A git repository with the hook configured and `files` staged (the config too: pre-commit refuses an unstaged one). */
function projectStaging(name: string, files: Record<string, string>): string {
  const project = join(scratch, name);
  mkdirSync(project);
  git(['init', '-q'], project);
  writeFileSync(
    join(project, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: sysctl-advisor-review\n`,
  );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), text);
  }
  git(['add', '.'], project);
  return project;
}

before(() => {
  if (SKIP) return;
  scratch = mkdtempSync(join(tmpdir(), 'sa-pre-commit-'));
  const npmCache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
  // pre-commit runs npm under its own node prefix, where npm no longer reads this machine's global
  // npmrc; a CA file configured there (a TLS-intercepting proxy) has to travel in the environment.
  const cafile = execFileSync('npm', ['config', 'get', 'cafile'], { encoding: 'utf8' }).trim();
  const home = join(scratch, 'home');
  mkdirSync(home);
  env = {
    PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    PRE_COMMIT_HOME: join(scratch, 'pre-commit-home'),
    XDG_CACHE_HOME: join(home, '.cache'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    npm_config_cache: npmCache,
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    ...(cafile && cafile !== 'null' && cafile !== 'undefined' ? { npm_config_cafile: cafile } : {}),
  };
  hookRepo = join(scratch, 'hook-repo');
  mkdirSync(hookRepo);
  rev = snapshotOfWorkingTree(hookRepo);
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test("the installed pre-commit is at least the hook's minimum_pre_commit_version", { skip: SKIP }, () => {
  const [hook] = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as [{ minimum_pre_commit_version: string }];
  const installed = /(\d+)\.(\d+)\.(\d+)/
    .exec(run('pre-commit', ['--version'], scratch).stdout)!
    .slice(1)
    .map(Number);
  const minimum = hook.minimum_pre_commit_version.split('.').map(Number);
  const order = installed.map((part, i) => Math.sign(part - minimum[i]!)).find((sign) => sign !== 0) ?? 0;
  assert.ok(
    order >= 0,
    `pre-commit ${installed.join('.')} is older than the ${hook.minimum_pre_commit_version} the hook states: this test would prove nothing`,
  );
});

test('pre-commit installs the hook and fails on a staged sysctl.d file with a problem, showing the finding', { skip: SKIP }, () => {
  const project = projectStaging('project-bad', { 'etc/sysctl.d/50-web.conf': BAD, README: 'not a sysctl file\n' });
  const result = run('pre-commit', ['run'], project);
  const output = result.stdout + result.stderr;
  assert.equal(result.status, 1, output);
  assert.match(output, /sysctl-advisor review\.+Failed/);
  assert.match(output, /etc\/sysctl\.d\/50-web\.conf:1:\d+\s+error\s.*\[tw-recycle\]/);
});

test('pre-commit passes a clean staged file, and blocks `git commit` of a bad one once installed as the git hook', { skip: SKIP }, () => {
  const project = projectStaging('project-clean', { 'etc/sysctl.d/50-web.conf': CLEAN });
  const clean = run('pre-commit', ['run'], project);
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /sysctl-advisor review\.+Passed/);

  assert.equal(run('pre-commit', ['install'], project).status, 0);
  const committed = run('git', ['commit', '-q', '-m', 'clean'], project);
  assert.equal(committed.status, 0, committed.stdout + committed.stderr);
  writeFileSync(join(project, 'etc', 'sysctl.d', '60-more.conf'), BAD);
  git(['add', '.'], project);
  const blocked = run('git', ['commit', '-q', '-m', 'bad'], project);
  assert.equal(blocked.status, 1, blocked.stdout + blocked.stderr);
  assert.match(blocked.stdout + blocked.stderr, /60-more\.conf:1:\d+\s+error\s.*\[tw-recycle\]/);
});

test(
  "current pre-commit's install command (npm install -g git+file://CLONE into the hook's prefix) installs a bin that reviews",
  { skip: SKIP },
  () => {
    // pre-commit's clone of the hook repository at `rev`, and the environment it installs into.
    const clone = join(scratch, 'pre-commit-4-clone');
    git(['clone', '-q', hookRepo, clone], scratch);
    git(['checkout', '-q', rev], clone);
    const envdir = join(clone, 'node_env-system');
    const prefixEnv = {
      NODE_VIRTUAL_ENV: envdir,
      NPM_CONFIG_PREFIX: envdir,
      npm_config_prefix: envdir,
      NODE_PATH: join(envdir, 'lib', 'node_modules'),
      PATH: `${join(envdir, 'bin')}:${env.PATH}`,
    };
    const install = run('npm', ['install', '--allow-git=root', '--install-links', '-g', `git+file://${clone}`], clone, prefixEnv);
    assert.equal(install.status, 0, install.stdout + install.stderr);
    assert.doesNotMatch(install.stderr, /npm warn/i);

    const project = projectStaging('project-pre-commit-4', { 'etc/sysctl.d/50-web.conf': BAD });
    // As pre-commit runs the hook: its entry, found on the environment's PATH, with the staged files.
    const review = run('sysctl-advisor', ['review', 'etc/sysctl.d/50-web.conf'], project, prefixEnv);
    assert.equal(review.status, 1, review.stdout + review.stderr);
    assert.match(review.stdout, /etc\/sysctl\.d\/50-web\.conf:1:\d+\s+error\s.*\[tw-recycle\]/);
    assert.equal(
      run(
        'sysctl-advisor',
        ['review', 'etc/sysctl.d/50-web.conf'],
        projectStaging('project-pre-commit-4-clean', { 'etc/sysctl.d/50-web.conf': CLEAN }),
        prefixEnv,
      ).status,
      0,
    );
  },
);
