/**
 * fleet over 1,000 generated bundles (mixed sizes) against 1,000 separate `advise --root`
 * processes: target fleet ≤ 0.02 × the processes. The processes are timed on a sample (every
 * 20th bundle, 50 runs) and extrapolated to 1,000, which the report says. fleet's peak RSS is
 * measured by /usr/bin/time -v when installed, else by bench/lib-rss-child.ts in-process.
 * Bundles: the committed base root (a real namespace bundle), each with a generated /proc/net/tcp
 * of 20, 500 or 5,000 sockets and, on some hosts, another tcp_fin_timeout or a drop-in; deterministic.
 * Run: node dist/bench/fleet.js [--hosts N]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BIN as CLI } from './lib-bin.js';
import { generateProcNetTcp } from './lib-generate.js';
import { reportTargets, wallMs } from './lib-timing.js';

const BASE = fileURLToPath(new URL('../../test/fixtures/roots/_base', import.meta.url));
const RSS_CHILD = fileURLToPath(new URL('./lib-rss-child.js', import.meta.url));
const option = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const HOSTS = option('--hosts', 1000);
const SAMPLE_EVERY = 20;

function socketsOf(index: number): number {
  if (index % 10 === 0) return 5000;
  return index % 3 === 0 ? 500 : 20;
}

const dir = mkdtempSync(join(tmpdir(), 'sa-bench-fleet-'));
try {
  const bundles = join(dir, 'bundles');
  mkdirSync(bundles);
  let sockets = 0;
  for (let i = 0; i < HOSTS; i++) {
    const root = join(bundles, `host-${String(i).padStart(4, '0')}`);
    cpSync(BASE, root, { recursive: true, verbatimSymlinks: true });
    generateProcNetTcp(join(root, 'proc/net/tcp'), socketsOf(i), 1000 + i);
    sockets += socketsOf(i);
    if (i % 7 === 0) writeFileSync(join(root, 'proc/sys/net/ipv4/tcp_fin_timeout'), '30\n');
    if (i % 11 === 0) writeFileSync(join(root, 'etc/sysctl.d/50-local.conf'), 'net.ipv4.tcp_keepalive_time = 600\n');
  }
  process.stdout.write(`fleet over ${HOSTS} generated bundles (${sockets} sockets in all: 20, 500 or 5,000 per host)\n`);

  // The processes: a sample of advise --root, one process each, extrapolated to every host.
  // Wall time is the target's measure; CPU time (user + system, from /usr/bin/time) is printed
  // beside it because on a loaded machine wall time also counts waiting for a core.
  const useTime = existsSync('/usr/bin/time');
  const sample: number[] = [];
  const sampleCpu: number[] = [];
  // One bundle in every SAMPLE_EVERY, staggered (20k + k mod 20) so the sample has the fleet's mix of sizes.
  for (let k = 0; k * SAMPLE_EVERY < HOSTS; k++) {
    const i = Math.min(HOSTS - 1, k * SAMPLE_EVERY + (k % SAMPLE_EVERY));
    const root = join(bundles, `host-${String(i).padStart(4, '0')}`);
    const args = [CLI, 'advise', '--root', root, '--format', 'json'];
    sample.push(wallMs({ name: 'advise', command: process.execPath, args }));
    if (useTime)
      sampleCpu.push(cpuSeconds(spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, ...args], { encoding: 'utf8' }).stderr));
  }
  const perProcess = sample.reduce((a, b) => a + b, 0) / sample.length;
  const processes = (perProcess * HOSTS) / 1000;
  const processCpu = useTime ? (sampleCpu.reduce((a, b) => a + b, 0) / sampleCpu.length) * HOSTS : NaN;

  const fleetArgs = ['fleet', bundles, '--format', 'json'];
  const started = process.hrtime.bigint();
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, CLI, ...fleetArgs], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(process.execPath, [RSS_CHILD, ...fleetArgs], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const fleetSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`fleet failed (${result.status}): ${result.stderr.slice(0, 500)}`);
  const hostsRead = (JSON.parse(result.stdout) as { hosts: unknown[] }).hosts.length;
  if (hostsRead !== HOSTS) throw new Error(`fleet read ${hostsRead} of ${HOSTS} bundles`);
  const rss = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr) : /maxRssKb (\d+)/.exec(result.stderr);
  const rssMb = Number(rss?.[1] ?? NaN) / 1024;
  const fleetCpu = useTime ? cpuSeconds(result.stderr) : NaN;

  process.stdout.write(
    `  advise --root, one process per host: ${perProcess.toFixed(1)} ms each (mean of ${sample.length} sampled processes, one bundle in every ${SAMPLE_EVERY}),` +
      ` ${processes.toFixed(1)} s for ${HOSTS} (extrapolated)\n` +
      `  fleet, one process: ${fleetSeconds.toFixed(2)} s in all, ${((fleetSeconds * 1000) / HOSTS).toFixed(2)} ms per host, peak RSS ${rssMb.toFixed(1)} MB\n`,
  );
  if (useTime)
    process.stdout.write(
      `  CPU time (user + system): fleet ${fleetCpu.toFixed(2)} s, the processes ${processCpu.toFixed(1)} s (extrapolated): ${(fleetCpu / processCpu).toFixed(3)}× (information)\n`,
    );
  process.exitCode = reportTargets([
    { label: 'fleet / separate advise --root processes', value: fleetSeconds / processes, limit: 0.02, unit: '×' },
    { label: 'fleet peak RSS', value: rssMb, limit: 256, unit: ' MB' },
  ])
    ? 0
    : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** User + system seconds from /usr/bin/time's "cpu U S" (-f) or -v output. */
function cpuSeconds(stderr: string): number {
  const short = /cpu ([\d.]+) ([\d.]+)/.exec(stderr);
  if (short) return Number(short[1]) + Number(short[2]);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  return Number(user?.[1] ?? NaN) + Number(system?.[1] ?? NaN);
}
