#!/usr/bin/env node
/**
 * The package's bin (copied to dist/bundle/cli.cjs by src/build/bundle.ts). It runs the CLI bundle,
 * one CommonJS file, with the V8 code cache that the build recorded from a `review` run: the
 * functions a start needs come back compiled instead of being parsed and compiled again, which is
 * most of what a short command costs beyond `node -e 0` (bench/cold-start.ts). Node 22 offers this
 * itself (module.enableCompileCache); Node 20 only through vm.Script's cachedData.
 *
 * V8 checks the cache against its own version and flags and compiles as usual when it does not fit
 * (another Node version, flags in NODE_OPTIONS). It does not check the source beyond its length, so
 * the build writes the bundle and its cache together, every time.
 */

/**
 * The Node.js the package needs: package.json's "engines.node", written in here by the build
 * (src/build/bundle.ts). Checked before anything is loaded, because on an older Node the bundle
 * dies inside yargs with a stack trace. Plain code that any Node parses, and no module: the bin's
 * start-up is benchmarked.
 */
const NEEDS_NODE = '>=20.19';

function olderThanNeeded(have: string, needs: string): boolean {
  const want = needs.replace(/^>=\s*/, '').split('.');
  const got = have.split('.');
  for (let i = 0; i < 3; i++) {
    const a = Number(got[i] || 0);
    const b = Number(want[i] || 0);
    if (a !== b) return a < b;
  }
  return false;
}

if (olderThanNeeded(process.versions.node, NEEDS_NODE)) {
  process.stderr.write(`sysctl-advisor: needs Node.js ${NEEDS_NODE.replace(/^>=\s*/, '>= ')} (this is ${process.versions.node})\n`);
  // stderr is a file, pipe or terminal, all written synchronously on Linux: nothing is lost.
  process.exit(2);
}

import fs = require('node:fs');
import Module = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

const BUNDLE = path.join(__dirname, 'sysctl-advisor.cjs');
const CODE_CACHE = path.join(__dirname, 'sysctl-advisor.code-cache');
/** Set by the build for its recording run. */
const RECORD = process.env.SYSCTL_ADVISOR_RECORD_CODE_CACHE === '1';

// Read as Latin-1, which the build checks is exact (the bundle is ASCII): decoding 1 MB as UTF-8
// took 5 MB of fresh memory and ~12 ms of each start (bench/cold-start.ts).
const script = new vm.Script(Module.wrap(fs.readFileSync(BUNDLE, 'latin1')), {
  filename: BUNDLE,
  ...(!RECORD && fs.existsSync(CODE_CACHE) ? { cachedData: fs.readFileSync(CODE_CACHE) } : {}),
});
// Written at exit, so the cache holds every function the run compiled, not only the top level.
if (RECORD) process.once('exit', () => fs.writeFileSync(CODE_CACHE, script.createCachedData()));

const bundle = { exports: {} };
const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
run.call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, __dirname);
