/**
 * advise on a bundle with 200,000 sockets vs `states` alone on the same bundle (the rules must not
 * cost more than the reading): target advise ≤ 1.5 × states, medians of interleaved runs.
 * The bundle is the committed base root (a real namespace bundle) with a generated /proc/net/tcp.
 * Run: node dist/bench/advise.js [--runs N] [--sockets N]
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BIN as CLI } from './lib-bin.js';
import { generateProcNetTcp } from './lib-generate.js';
import { interleaved, median, reportTargets } from './lib-timing.js';

const BASE = fileURLToPath(new URL('../../test/fixtures/roots/_base', import.meta.url));
const option = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const RUNS = option('--runs', 7);
const SOCKETS = option('--sockets', 200_000);

const root = mkdtempSync(join(tmpdir(), 'sa-bench-advise-'));
try {
  cpSync(BASE, root, { recursive: true, verbatimSymlinks: true });
  generateProcNetTcp(join(root, 'proc/net/tcp'), SOCKETS);
  const times = interleaved(
    [
      { name: 'states', command: process.execPath, args: [CLI, 'states', '--root', root, '--format', 'json'] },
      { name: 'advise', command: process.execPath, args: [CLI, 'advise', '--root', root, '--format', 'json'] },
    ],
    RUNS,
  );
  const states = median(times.get('states')!);
  const advise = median(times.get('advise')!);
  process.stdout.write(`advise vs states on a bundle with ${SOCKETS} sockets, medians of ${RUNS} interleaved runs\n`);
  process.stdout.write(`  states ${states.toFixed(1)} ms\n  advise ${advise.toFixed(1)} ms\n`);
  process.exitCode = reportTargets([{ label: 'advise / states', value: advise / states, limit: 1.5, unit: '×' }]) ? 0 : 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
