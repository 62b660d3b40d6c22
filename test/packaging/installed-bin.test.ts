/**
 * The package as a user installs it: `npm pack` (exactly what "files" ships, from the committed
 * bundle/), then `npm install -g` of the tarball into a fresh prefix, offline, and the installed
 * bin run through its link on PATH from another directory. Catches a bin that points at the wrong
 * file, a lost shebang or executable bit, a runtime dependency the bundle still needs from
 * node_modules (there is none to install), files the bundle reads at run time (package.json,
 * profiles/, docs/, the profile validator, yargs' locale files, the wizard's prompts) that are not
 * shipped or not found from where the bundle lives, and warnings npm prints on install.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from '../helpers/cli.js';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};
let scratch = '';
let tarball = '';
let packStdout = '';
let installed: SpawnSyncReturns<string>;
let prefix = '';
let elsewhere = '';

/** npm with a cache of its own (nothing read from or added to the user's) and no update check. */
function npm(args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      npm_config_cache: join(scratch, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    },
    timeout: 120_000,
  });
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sa-installed-'));
  // Plain `npm pack`, as pre-commit before 4.6.1 runs it: it takes stdout as the tarball's name.
  const packed = npm(['pack', '--pack-destination', scratch], REPO_ROOT);
  assert.equal(packed.status, 0, packed.stderr);
  packStdout = packed.stdout;
  tarball = join(scratch, packStdout.trim());
  prefix = join(scratch, 'prefix');
  installed = npm(['install', '-g', '--prefix', prefix, '--offline', tarball], scratch);
  elsewhere = join(scratch, 'elsewhere');
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, 'sysctl.conf'), 'net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = 30\n');
});

after(() => rmSync(scratch, { recursive: true, force: true }));

/** The installed command by name, found on PATH as a user's shell finds it, run from another directory. */
function run(args: readonly string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync('sysctl-advisor', args, {
    cwd: elsewhere,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      LANG: 'C',
      NODE_PATH: '',
      PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
      ...env,
    },
    timeout: 60_000,
  });
}

test('npm pack prints only the tarball name on stdout (no build runs), and ships the bundle, not the sources', () => {
  assert.match(packStdout, /^sysctl-advisor-[\d.]+\.tgz\n$/);
  const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
  assert.equal(listing.status, 0, listing.stderr);
  const files = listing.stdout.split('\n').filter(Boolean);
  for (const file of [
    'package/bundle/cli.cjs',
    'package/bundle/sysctl-advisor.cjs',
    'package/bundle/THIRD-PARTY-LICENSES.txt',
    'package/LICENSE',
    'package/CHANGELOG.md',
    'package/README.md',
    'package/schemas/review.schema.json',
  ]) {
    assert.ok(files.includes(file), `${file} is not in the tarball`);
  }
  assert.deepEqual(
    files.filter((file) => /^package\/(dist|src|test|node_modules)\//.test(file)),
    [],
  );
});

test('the package has no runtime dependencies, installs offline into a fresh prefix, and npm warns about nothing', () => {
  assert.equal(
    manifest.dependencies,
    undefined,
    'every runtime import is bundled; a dependency would make installs fetch from the registry',
  );
  assert.equal(installed.status, 0, installed.stderr);
  assert.doesNotMatch(installed.stderr, /npm warn/i);
  assert.ok(existsSync(join(prefix, 'lib', 'node_modules', 'sysctl-advisor', 'bundle', 'cli.cjs')));
  assert.ok(!existsSync(join(prefix, 'lib', 'node_modules', 'sysctl-advisor', 'node_modules')), 'nothing was installed beside it');
});

test('the installed bin reports the package version', () => {
  const result = run(['--version']);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), manifest.version);
});

test('the installed bin reviews a file, with and without a built-in profile (yaml, the standalone validator)', () => {
  const plain = run(['review', 'sysctl.conf', '--format', 'json']);
  assert.equal(plain.status, 1, plain.stderr);
  const report = JSON.parse(plain.stdout) as { tool: { version: string }; findings: { rule: string }[]; policy: string | null };
  assert.equal(report.tool.version, manifest.version);
  assert.ok(report.findings.some((finding) => finding.rule === 'tw-recycle'));
  assert.equal(report.policy, null);

  const policy = run(['review', 'sysctl.conf', '--profile', 'web-server', '--format', 'json']);
  assert.equal(policy.status, 1, policy.stderr);
  assert.equal((JSON.parse(policy.stdout) as { policy: string }).policy, 'web-server');
});

test('the installed bin explains a key and lists the built-in profiles', () => {
  const explained = run(['explain', 'tcp_fin_timeout']);
  assert.equal(explained.status, 0, explained.stderr);
  assert.match(explained.stdout, /^net\.ipv4\.tcp_fin_timeout$/m);
  const profiles = run(['profiles', 'list']);
  assert.equal(profiles.status, 0, profiles.stderr);
  for (const name of ['conservative', 'web-server', 'long-lived']) assert.match(profiles.stdout, new RegExp(`^${name}\\s`, 'm'));
});

test('the installed bin prints its completion script, and answers the completions the script asks for', () => {
  const script = run(['completion', 'bash']);
  assert.equal(script.status, 0, script.stderr);
  assert.match(script.stdout, /complete .*sysctl-advisor/);
  const answers = run(['--get-yargs-completions', 'sysctl-advisor', 'rev']);
  assert.equal(answers.status, 0, answers.stderr);
  assert.ok(answers.stdout.split('\n').includes('review'), answers.stdout);
});

test('the installed bin points at rule docs that were shipped', () => {
  const result = run(['advise', '--root', join(REPO_ROOT, 'test', 'fixtures', 'roots', 'syn-flood', 'root')]);
  assert.equal(result.status, 0, result.stderr);
  const docs = [...result.stdout.matchAll(/docs: (\S+)/g)].map((match) => match[1]!);
  assert.ok(docs.length > 0, result.stdout);
  for (const doc of docs) {
    assert.ok(doc.startsWith(join(prefix, 'lib', 'node_modules', 'sysctl-advisor')), doc);
    assert.ok(existsSync(doc), doc);
  }
});

test("the installed bin keeps yargs' translations of its own messages (locale files shipped in the bundle)", () => {
  const result = run(['review', '--help'], { LANG: 'de_DE.UTF-8' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^Optionen:$/m);
});

test("the installed bundle carries the wizard's prompt library (the wizard itself needs a terminal: test/wizard)", () => {
  const prompts = join(prefix, 'lib', 'node_modules', 'sysctl-advisor', 'bundle', 'inquirer.cjs');
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(typeof require(process.argv[1]).createPromptModule)', prompts], {
    cwd: elsewhere,
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: '' },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'function');
});

test("npm ci in a clone has no install script to warn about: package.json's allowScripts covers every one (npm 11)", (t) => {
  const listed = npm(['install-scripts', 'ls'], REPO_ROOT);
  if (/Unknown command/i.test(listed.stdout + listed.stderr))
    return t.skip(`npm ${npm(['--version'], REPO_ROOT).stdout.trim()} has no allowScripts (npm 11 brought it)`);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /^No packages with unreviewed install scripts\.$/m);
});
