#!/usr/bin/env node
/**
 * The package's bin (copied to dist/bundle/cli.cjs by tools/build/bundle.ts, committed as
 * bundle/cli.cjs). It runs the CLI bundle, one CommonJS file, as a classic script. It takes no V8
 * code cache: tools/build/bundle.ts says why.
 */

/**
 * The Node.js the package needs: package.json's "engines.node", written in here by the build
 * (tools/build/bundle.ts). Checked before anything is loaded, because on an older Node the bundle
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

// Read as Latin-1, which the build checks is exact (the bundle is ASCII): decoding 1 MB as UTF-8
// took 5 MB of fresh memory and ~12 ms of each start (bench/cold-start.ts).
const script = new vm.Script(Module.wrap(fs.readFileSync(BUNDLE, 'latin1')), { filename: BUNDLE });

const bundle = { exports: {} };
const run = script.runInThisContext() as (
  exports: object,
  require: NodeJS.Require,
  module: object,
  filename: string,
  dirname: string,
) => void;
run.call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, __dirname);
