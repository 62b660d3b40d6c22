/**
 * Cold start: medians of ≥ 10 interleaved runs of `node -e 0` and of the CLI on small inputs.
 * Target (issue "Speed"): `review FILE` on a 40-line sysctl.conf ≤ 2 × `node -e 0`.
 * The other commands are reported for information. Run: node dist/bench/cold-start.js [--runs N]
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BIN as CLI } from './lib-bin.js';
import { interleaved, median, reportTargets, type Contender } from './lib-timing.js';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 15;

/** A 40-line sysctl.conf like the ones people keep in repositories. */
function fortyLineConf(): string {
  const lines = ['# Web tier kernel settings', '# reviewed 2026-10'];
  const keys = [
    'net.core.somaxconn = 4096',
    'net.ipv4.tcp_syncookies = 1',
    'net.ipv4.tcp_fin_timeout = 30',
    'net.ipv4.tcp_tw_reuse = 1',
    'net.ipv4.ip_local_port_range = 10240 65535',
    'net.ipv4.tcp_keepalive_time = 600',
    'net.ipv4.tcp_keepalive_intvl = 30',
    'net.ipv4.tcp_keepalive_probes = 5',
    'vm.swappiness = 10',
    'fs.file-max = 2097152',
  ];
  while (lines.length < 40) {
    lines.push(`# setting ${lines.length}`, keys[lines.length % keys.length]!);
  }
  return `${lines.slice(0, 40).join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'sa-cold-'));
const conf = join(dir, 'sysctl.conf');
writeFileSync(conf, fortyLineConf());
const node = (name: string, args: string[]): Contender => ({ name, command: process.execPath, args });
const hasReview = existsSync(fileURLToPath(new URL('../src/commands/review.js', import.meta.url)));
const contenders = [
  node('node -e 0', ['-e', '0']),
  ...(hasReview ? [node('review FILE', [CLI, 'review', conf])] : []),
  node('--version', [CLI, '--version']),
  node('explain KEY', [CLI, 'explain', 'tcp_fin_timeout']),
  node('states (this host)', [CLI, 'states']),
  node('advise (this host)', [CLI, 'advise']),
];
const times = interleaved(contenders, RUNS);
const baseline = median(times.get('node -e 0')!);
process.stdout.write(`cold start, medians of ${RUNS} interleaved runs\n`);
for (const [name, values] of times) {
  process.stdout.write(
    `  ${name.padEnd(20)} ${median(values).toFixed(1).padStart(7)} ms  ${(median(values) / baseline).toFixed(2)}× node -e 0\n`,
  );
}
const ok =
  !hasReview ||
  reportTargets([{ label: 'review FILE / node -e 0', value: median(times.get('review FILE')!) / baseline, limit: 2, unit: '×' }]);
if (!hasReview) process.stdout.write('SKIP  review FILE: the review command is not built yet\n');
process.exitCode = ok ? 0 : 1;
