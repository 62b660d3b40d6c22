/**
 * The package as npm installs it: `npm pack` (exactly what "files" ships), unpacked into the
 * node_modules of a scratch project, run through its node_modules/.bin link from that project.
 * Catches a bin that points at the wrong file, a lost shebang or executable bit, a code cache that
 * V8 would not take, and files the bundle reads at run time (package.json, profiles/, docs/, the
 * standalone profile validator, yargs' locale files) that are not shipped or not found from where
 * the bundle lives.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { Script } from 'node:vm';
import { compileStandalone } from '../../src/profiles/validator.js';
import { REPO_ROOT } from '../helpers/cli.js';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
let scratch = '';
let bin = '';

/** Packs the built package (no scripts: the test runs after the build) and installs it by hand. */
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'installed-bin-'));
  const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];

  const modules = join(scratch, 'project', 'node_modules');
  const installed = join(modules, 'sysctl-advisor');
  mkdirSync(installed, { recursive: true });
  const unpacked = spawnSync('tar', ['-xzf', join(scratch, filename), '-C', installed, '--strip-components=1'], { encoding: 'utf8' });
  assert.equal(unpacked.status, 0, unpacked.stderr);
  // Its dependencies (and theirs), as npm would hoist them: the ones this checkout installed.
  for (const name of readdirSync(join(REPO_ROOT, 'node_modules'))) {
    if (!name.startsWith('.')) symlinkSync(join(REPO_ROOT, 'node_modules', name), join(modules, name));
  }
  bin = join(modules, '.bin', 'sysctl-advisor');
  mkdirSync(dirname(bin));
  symlinkSync(join('..', 'sysctl-advisor', manifest.bin['sysctl-advisor']!), bin);
  writeFileSync(join(scratch, 'project', 'sysctl.conf'), 'net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = 30\n');
});

after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the .bin link itself (shebang and executable bit included) in the scratch project. */
function run(args: readonly string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(bin, args, {
    cwd: join(scratch, 'project'),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LANG: 'C', PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, ...env },
    timeout: 60_000,
  });
}

test('the installed bin reports the package version', () => {
  const result = run(['--version']);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), manifest.version);
});

test('the installed code caches fit the installed bundle and profile validator (same Node as the build)', () => {
  const bundleDir = join(scratch, 'project', 'node_modules', 'sysctl-advisor', 'dist', 'bundle');
  const bundle = join(bundleDir, 'sysctl-advisor.cjs');
  // Compiled the way src/build/bin.cts compiles it. V8 takes a cache only from its own version and
  // flags, for a source of the same length: a bin wrapping the bundle differently would lose it.
  const script = new Script(Module.wrap(readFileSync(bundle, 'latin1')), { filename: bundle, cachedData: readFileSync(join(bundleDir, 'sysctl-advisor.code-cache')) });
  assert.equal(script.cachedDataRejected, false);
  // The profile validator's, loaded as src/profiles/validator.ts loads it.
  const validator = join(bundleDir, 'profile-validator.cjs');
  const { script: validatorScript, validate } = compileStandalone(validator, readFileSync(join(bundleDir, 'profile-validator.code-cache')));
  assert.equal(validatorScript.cachedDataRejected, false);
  assert.equal(validate({ name: 'x' }), false, 'a profile without a summary is invalid');
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

test('the installed bin points at rule docs that were shipped', () => {
  const result = run(['advise', '--root', join(REPO_ROOT, 'test', 'fixtures', 'roots', 'syn-flood', 'root')]);
  assert.equal(result.status, 0, result.stderr);
  const docs = [...result.stdout.matchAll(/docs: (\S+)/g)].map((match) => match[1]!);
  assert.ok(docs.length > 0, result.stdout);
  for (const doc of docs) {
    assert.ok(doc.startsWith(join(scratch, 'project', 'node_modules', 'sysctl-advisor')), doc);
    assert.ok(existsSync(doc), doc);
  }
});

test('the installed bin keeps yargs\' translations of its own messages', () => {
  const result = run(['review', '--help'], { LANG: 'de_DE.UTF-8' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^Optionen:$/m);
});
