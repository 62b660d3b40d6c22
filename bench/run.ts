/**
 * npm run bench: every benchmark, one after the other, each a child process so one's memory and
 * JIT state do not colour the next. Exits non-zero when any target is missed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = ['cold-start.js', 'states.js', 'states-live.js', 'advise.js', 'review.js', 'review-mixed.js', 'diff.js', 'fleet.js'];
let failed = 0;
for (const name of BENCHMARKS) {
  process.stdout.write(`\n=== ${name.replace(/\.js$/, '')}\n`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(`./${name}`, import.meta.url)), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.stdout.write(`\n${failed === 0 ? 'all targets met' : `${failed} benchmark(s) missed a target`}\n`);
process.exitCode = failed === 0 ? 0 : 1;
