#!/usr/bin/env node
/**
 * The package's bin (copied to dist/bundle/cli.cjs by src/build/bundle.ts, committed as
 * bundle/cli.cjs). It runs the CLI bundle, one CommonJS file, as a classic script. It takes no V8
 * code cache: src/build/bundle.ts says why.
 */
import fs = require('node:fs');
import Module = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

const BUNDLE = path.join(__dirname, 'sysctl-advisor.cjs');

// Read as Latin-1, which the build checks is exact (the bundle is ASCII): decoding 1 MB as UTF-8
// took 5 MB of fresh memory and ~12 ms of each start (bench/cold-start.ts).
const script = new vm.Script(Module.wrap(fs.readFileSync(BUNDLE, 'latin1')), { filename: BUNDLE });

const bundle = { exports: {} };
const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
run.call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, __dirname);
