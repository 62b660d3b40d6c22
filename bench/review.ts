/**
 * review of a directory of 1,000 sysctl files (40 lines each, a mix of clean and faulty lines):
 * target ≤ 1 s wall time end to end, median of interleaved runs.
 * Run: node dist/bench/review.js [--runs N] [--files N]
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BIN as CLI } from './lib-bin.js';
import { interleaved, median, reportTargets } from './lib-timing.js';

const option = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const RUNS = option('--runs', 7);
const FILES = option('--files', 1000);

const LINES = [
  'net.core.somaxconn = 4096',
  'net.ipv4.tcp_syncookies = 1',
  'net.ipv4.tcp_fin_timeout = 30',
  'net.ipv4.tcp_tw_reuse = 1',
  'net.ipv4.tcp_tw_recycle = 1',
  'net.ipv4.tcp_keepalive_time = 600 # ten minutes',
  'net.ipv4.ip_local_port_range = 1024 65535',
  'net.ipv4.tcp_max_syn_backlog = 8192',
  'net.ipv4.tcp_fin_timout = 15',
  'vm.swappiness = 10',
];

if (!existsSync(fileURLToPath(new URL('../src/commands/review.js', import.meta.url)))) {
  process.stdout.write('SKIP  review: the review command is not built\n');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'sa-bench-review-'));
  try {
    const confDir = join(dir, 'sysctl.d');
    mkdirSync(confDir);
    for (let f = 0; f < FILES; f++) {
      const lines = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? `# block ${i}` : LINES[(f + i) % LINES.length]!));
      writeFileSync(join(confDir, `${String(f).padStart(4, '0')}-tuning.conf`), `${lines.join('\n')}\n`);
    }
    const times = interleaved([{ name: 'review', command: process.execPath, args: [CLI, 'review', confDir, '--format', 'json'] }], RUNS);
    const ms = median(times.get('review')!);
    process.stdout.write(`review of ${FILES} files × 40 lines, median of ${RUNS} runs: ${ms.toFixed(1)} ms\n`);
    process.exitCode = reportTargets([{ label: 'review of a directory of 1,000 files', value: ms / 1000, limit: 1, unit: ' s' }]) ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
