/**
 * Property-based tests of every parser (see fuzz/targets.ts): FUZZ_RUNS inputs each (10,000 by
 * default; `npm run test:fuzz` runs 200,000), each target in its own worker thread, two at a
 * time (one per core). FUZZ_SEED replays a failure.
 */
import { test } from 'node:test';
import { fuzz, fuzzRuns, testTimeout } from './fuzz/harness.js';
import type { TargetName } from './fuzz/targets.js';

// The slowest first, so the two lanes finish together.
const TARGET_NAMES: readonly TargetName[] = [
  'profile',
  'sysctl.conf',
  'ss -tan',
  'netstat -nat',
  '/proc/net/tcp',
  'sysctl -a',
  '/proc/net/netstat',
  'ss capture',
  'parseParamValue',
  'embedded',
];
const timeout = TARGET_NAMES.reduce((sum, name) => sum + testTimeout(name), 0);

test(
  `fuzz every parser, ${fuzzRuns()} runs each: a result or the documented input error, nothing else, no hang, no pollution`,
  { concurrency: 2, timeout },
  async (t) => {
    await Promise.all(TARGET_NAMES.map((target) => t.test(`fuzz ${target}`, { timeout: testTimeout(target) }, (st) => fuzz(st, target))));
  },
);
