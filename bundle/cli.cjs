#!/usr/bin/env node
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * The package's bin (copied to dist/bundle/cli.cjs by src/build/bundle.ts, committed as
 * bundle/cli.cjs). It runs the CLI bundle, one CommonJS file, as a classic script. It takes no V8
 * code cache: src/build/bundle.ts says why.
 */
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");
const BUNDLE = path.join(__dirname, 'sysctl-advisor.cjs');
// Read as Latin-1, which the build checks is exact (the bundle is ASCII): decoding 1 MB as UTF-8
// took 5 MB of fresh memory and ~12 ms of each start (bench/cold-start.ts).
const script = new vm.Script(Module.wrap(fs.readFileSync(BUNDLE, 'latin1')), { filename: BUNDLE });
const bundle = { exports: {} };
const run = script.runInThisContext();
run.call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, __dirname);
