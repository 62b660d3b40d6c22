/**
 * The unified diff advise prints: a 30,000-line /etc/sysctl.conf whose plan removes one line.
 * Target: the diff takes ≤ 250 ms (median of in-process runs; the first, cold run is reported too).
 * Run: node dist/bench/diff.js [--runs N] [--lines N]
 */
import { unifiedDiff } from '../src/reporters/unified-diff.js';
import { median, reportTargets } from './lib-timing.js';

const option = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const RUNS = option('--runs', 9);
const LINES = option('--lines', 30_000);

const lines = Array.from({ length: LINES }, (_, i) =>
  i % 10 === 0 ? `# block ${i / 10}` : `net.ipv4.conf.eth${i % 10}.rp_filter = ${i % 3}`,
);
const before = `${lines.join('\n')}\n`;
const after = `${lines.filter((_, i) => i !== Math.floor(LINES / 2)).join('\n')}\n`;

const times: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const started = process.hrtime.bigint();
  const diff = unifiedDiff('a/etc/sysctl.conf', 'b/etc/sysctl.conf', before, after);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (diff.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---')).length !== 1)
    throw new Error('the diff does not remove exactly one line');
}
process.stdout.write(`unified diff of a ${LINES}-line sysctl.conf with one line removed, ${RUNS} runs\n`);
process.stdout.write(`  first ${times[0]!.toFixed(1)} ms, median ${median(times).toFixed(1)} ms\n`);
process.exitCode = reportTargets([{ label: 'diff', value: median(times), limit: 250, unit: ' ms' }]) ? 0 : 1;
