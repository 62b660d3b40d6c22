/**
 * The bin refuses a Node.js older than package.json's engines.node in one line, exit 2, before it
 * loads anything (on Node 18 the bundle died inside yargs with a stack trace). The Node running
 * the test is made to report another version by a preload (node -r) that redefines
 * process.versions.node, the only thing the bin's check reads; the same preload records every
 * module loaded after it, which must be none when the version is refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { withScratch } from '../hardening/helpers.js';

const ENGINES = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

const FAKE_VERSION = `
const Module = require('node:module');
const fs = require('node:fs');
Object.defineProperty(process.versions, 'node', { value: process.env.FAKE_NODE_VERSION, configurable: true, enumerable: true });
const loaded = [];
const load = Module._load;
Module._load = function (request, ...rest) {
  loaded.push(request);
  return load.call(this, request, ...rest);
};
process.on('exit', () => fs.writeFileSync(process.env.LOADED_LOG, loaded.join('\\n')));
`;

function runAs(dir: string, version: string, args: readonly string[]) {
  const log = join(dir, `loaded-${version}.txt`);
  rmSync(log, { force: true });
  const run = spawnSync(process.execPath, ['-r', join(dir, 'fake-version.cjs'), CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FAKE_NODE_VERSION: version, LOADED_LOG: log },
  });
  return { ...run, loaded: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

test('package.json says which Node the bin checks for, and the built bin carries that value', () => {
  assert.equal(ENGINES, '>=20.19');
  assert.match(readFileSync(CLI, 'utf8'), /^const NEEDS_NODE = '>=20\.19';$/m);
});

test('an older Node gets one line naming both versions, exit 2, and nothing is loaded', async () => {
  await withScratch('bin-node', (dir) => {
    writeFileSync(join(dir, 'fake-version.cjs'), FAKE_VERSION);
    for (const version of ['18.20.4', '20.18.3', '16.20.2', '20.9.0']) {
      const run = runAs(dir, version, ['review', '--help']);
      assert.equal(run.status, 2, `${version}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `sysctl-advisor: needs Node.js >= 20.19 (this is ${version})\n`);
      assert.deepEqual(run.loaded, [CLI], `${version}: nothing loaded but the bin itself`);
    }
  });
});

test('Node 20.19 and later run the CLI as usual', async () => {
  await withScratch('bin-node-ok', (dir) => {
    writeFileSync(join(dir, 'fake-version.cjs'), FAKE_VERSION);
    for (const version of ['20.19.0', '22.1.0', '24.0.0']) {
      const run = runAs(dir, version, ['--version']);
      assert.equal(run.status, 0, `${version}: ${run.stderr}`);
      assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
      assert.ok(run.loaded.includes('node:vm'), `${version}: the bundle is loaded`);
    }
  });
});
