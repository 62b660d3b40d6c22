/**
 * Benchmark for `states` on /proc/net/tcp (run: npm run build && node dist/bench/states.js).
 *
 * Generates kernel-faithful /proc/net/tcp files of 1M and 4M rows (bench/lib-generate.ts,
 * deterministic), and a bundle folder holding each as proc/net/tcp (a hard link), then,
 * interleaved, RUNS times each:
 *   mawk       mawk 'NR>1{c[$4]++} END{for(k in c) print k, c[k]}' FILE     (wall time)
 *   scan       state histogram + per-destination grouping, timed inside a child process
 *              (bench/lib-scan-child.ts: Node start-up and module loading excluded)
 *   from       sysctl-advisor states --from FILE, end to end as a user runs it (text output),
 *              with its peak RSS from /usr/bin/time -v (or bench/lib-rss-child.ts when missing)
 *   root       sysctl-advisor states --root BUNDLE, the same way
 *   version    sysctl-advisor --version: Node start-up and the CLI's own loading, to tell
 *              start-up from work
 *   node       node -e 0: Node's own start-up, the floor under any end-to-end figure
 * and prints medians. Before timing, one JSON run of each command is checked against mawk's
 * histogram. Targets (exit 1 when one is missed):
 *   scan ≤ 0.5 × the mawk median at every size: the observe issue's target, "the state histogram plus
 *   the per-destination grouping";
 *   peak RSS of from and root ≤ 120 MB at every size, and not growing: last ≤ first + 10 MB.
 * The end-to-end ratios of from and root are printed beside them but gate nothing: they include
 * Node's own start-up (`node -e 0` alone is about 0.3 × mawk at 1M rows) and the CLI's loading,
 * which --version shows; those are the cold-start benchmark's business.
 * Options: --runs N (default 5), --lines 1000000,4000000, --keep (leave the files), --dir DIR.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BIN as CLI } from './lib-bin.js';
import { generateProcNetTcp } from './lib-generate.js';

const SCAN_CHILD = fileURLToPath(new URL('./lib-scan-child.js', import.meta.url));
const RSS_CHILD = fileURLToPath(new URL('./lib-rss-child.js', import.meta.url));
const MAWK_PROGRAM = 'NR>1{c[$4]++} END{for(k in c) print k, c[k]}';
const TIME = '/usr/bin/time';

const RATIO_TARGET = 0.5;
const RSS_TARGET_MB = 120;
const RSS_GROWTH_MB = 10;

interface Options {
  runs: number;
  lines: number[];
  keep: boolean;
  dir?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { runs: 5, lines: [1_000_000, 4_000_000], keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') options.runs = Math.max(5, Number(argv[++i]));
    else if (arg === '--lines') options.lines = argv[++i]!.split(',').map(Number);
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--dir') options.dir = argv[++i]!;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function timed<T>(run: () => T): { ms: number; result: T } {
  const started = process.hrtime.bigint();
  const result = run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

function mawkStates(file: string): { ms: number; states: Map<number, number> } {
  const { ms, result } = timed(() => spawnSync('mawk', [MAWK_PROGRAM, file], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  if (result.status !== 0) throw new Error(`mawk failed: ${result.stderr}`);
  const states = new Map<number, number>();
  for (const line of result.stdout.trim().split('\n')) {
    const [code, count] = line.split(' ');
    states.set(parseInt(code!, 16), Number(count));
  }
  return { ms, states };
}

interface ScanResult {
  ms: number;
  rows: number;
  maxRssKb: number;
  states: Record<string, number>;
}

function scan(file: string): ScanResult {
  const result = spawnSync(process.execPath, [SCAN_CHILD, file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scan child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ScanResult;
}

interface CliRun {
  ms: number;
  maxRssKb: number;
}

/** One end-to-end run of the CLI with its peak RSS; stdout is returned for the checks. */
function cli(args: readonly string[]): CliRun & { stdout: string } {
  const useTime = existsSync(TIME);
  const { ms, result } = timed(() =>
    useTime
      ? spawnSync(TIME, ['-v', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 })
      : spawnSync(process.execPath, [RSS_CHILD, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 }),
  );
  if (result.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`);
  const rss = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr) : /maxRssKb (\d+)/.exec(result.stderr);
  if (!rss) throw new Error(`no peak RSS in: ${result.stderr}`);
  return { ms, maxRssKb: Number(rss[1]), stdout: result.stdout };
}

/** The JSON output's per-state totals, checked once per size before the timed runs. */
function cliStates(args: readonly string[]): { total: number; states: Record<string, number> } {
  const json = JSON.parse(cli([...args, '--format', 'json']).stdout) as {
    total: { total: number };
    states: { state: string; total: number }[];
  };
  return { total: json.total.total, states: Object.fromEntries(json.states.map((s) => [s.state, s.total])) };
}

/** Node's own start-up: the floor under any end-to-end figure. */
function nodeStart(): number {
  return timed(() => spawnSync(process.execPath, ['-e', '0'])).ms;
}

function version(): number {
  const { ms, result } = timed(() => spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }));
  if (result.status !== 0) throw new Error(`--version failed: ${result.stderr}`);
  return ms;
}

/** A root holding the file as proc/net/tcp: a hard link, or a copy across file systems. */
function bundleOf(file: string, dir: string): string {
  const root = `${dir}.root`;
  const table = join(root, 'proc/net/tcp');
  if (!existsSync(table)) {
    mkdirSync(join(root, 'proc/net'), { recursive: true });
    try {
      linkSync(file, table);
    } catch {
      copyFileSync(file, table);
    }
  }
  return root;
}

const STATE_CODES: Record<string, number> = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECV: 3,
  FIN_WAIT1: 4,
  FIN_WAIT2: 5,
  TIME_WAIT: 6,
  CLOSE: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
};

function sameHistogram(ours: Record<string, number>, mawk: Map<number, number>): boolean {
  return Object.entries(ours).every(([state, count]) => (mawk.get(STATE_CODES[state]!) ?? 0) === count);
}

const mb = (kb: number) => kb / 1024;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

function main(): number {
  const options = parseOptions(process.argv.slice(2));
  if (spawnSync('mawk', ['-W', 'version']).error) {
    process.stderr.write('mawk is not installed (apt-get install mawk): it is the baseline\n');
    return 2;
  }
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sysctl-advisor-bench-'));
  mkdirSync(dir, { recursive: true });
  let failed = false;
  const rssByLines = new Map<number, number>();
  try {
    for (const lines of options.lines) {
      const file = join(dir, `proc-net-tcp-${lines}.txt`);
      if (!existsSync(file)) {
        const { ms } = timed(() => generateProcNetTcp(file, lines));
        process.stdout.write(`generated ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${fmt(ms)}\n`);
      }
      readFileSync(file); // warm the page cache for everyone
      const root = bundleOf(file, file.replace(/\.txt$/, ''));
      const fromArgs = ['states', '--from', file];
      const rootArgs = ['states', '--root', root];
      const reference = mawkStates(file);
      const expected = scan(file);
      for (const [name, args] of [
        ['from', fromArgs],
        ['root', rootArgs],
      ] as const) {
        const got = cliStates(args);
        if (!sameHistogram(got.states, reference.states) || got.total !== expected.rows) {
          process.stdout.write(
            `MISMATCH at ${lines} rows: ${name} ${JSON.stringify(got.states)} vs mawk ${JSON.stringify([...reference.states])}\n`,
          );
          failed = true;
        }
      }
      const times = {
        mawk: [] as number[],
        scan: [] as number[],
        from: [] as number[],
        root: [] as number[],
        version: [] as number[],
        node: [] as number[],
      };
      const rss: number[] = [];
      const scanRss: number[] = [];
      for (let run = 0; run < options.runs; run++) {
        const m = mawkStates(file);
        const s = scan(file);
        const f = cli(fromArgs);
        const r = cli(rootArgs);
        const v = version();
        const n = nodeStart();
        if (!sameHistogram(s.states, m.states)) {
          process.stdout.write(`MISMATCH at ${lines} rows: ours ${JSON.stringify(s.states)} vs mawk ${JSON.stringify([...m.states])}\n`);
          failed = true;
        }
        times.mawk.push(m.ms);
        times.scan.push(s.ms);
        times.from.push(f.ms);
        times.root.push(r.ms);
        times.version.push(v);
        times.node.push(n);
        rss.push(f.maxRssKb, r.maxRssKb);
        scanRss.push(s.maxRssKb);
        process.stdout.write(
          `  run ${run + 1}: mawk ${fmt(m.ms)}  scan ${fmt(s.ms)}  from ${fmt(f.ms)}  root ${fmt(r.ms)}  --version ${fmt(v)}  node -e 0 ${fmt(n)}  peak RSS from ${mb(f.maxRssKb).toFixed(1)} MB, root ${mb(r.maxRssKb).toFixed(1)} MB\n`,
        );
      }
      const mawk = median(times.mawk);
      const ratio = (name: keyof typeof times) => median(times[name]) / mawk;
      const peak = Math.max(...rss);
      rssByLines.set(lines, peak);
      process.stdout.write(
        [
          `${lines} rows (${options.runs} interleaved runs, medians):`,
          `  mawk                          ${fmt(mawk)}`,
          `  histogram + grouping          ${fmt(median(times.scan))}   ratio ${ratio('scan').toFixed(2)} x mawk (in-process; target <= ${RATIO_TARGET})`,
          `  states --from FILE            ${fmt(median(times.from))}   ratio ${ratio('from').toFixed(2)} x mawk (end to end, with start-up)`,
          `  states --root BUNDLE          ${fmt(median(times.root))}   ratio ${ratio('root').toFixed(2)} x mawk (end to end, with start-up)`,
          `  --version (start-up)          ${fmt(median(times.version))}   ratio ${ratio('version').toFixed(2)} x mawk; --from minus start-up ${fmt(median(times.from) - median(times.version))}`,
          `  node -e 0 (Node alone)        ${fmt(median(times.node))}   ratio ${ratio('node').toFixed(2)} x mawk`,
          `  cli peak RSS                  ${mb(peak).toFixed(1)} MB (target <= ${RSS_TARGET_MB} MB); scan child ${mb(Math.max(...scanRss)).toFixed(1)} MB`,
          '',
        ].join('\n'),
      );
      if (ratio('scan') > RATIO_TARGET) {
        process.stdout.write(`TARGET MISSED: histogram + grouping takes ${ratio('scan').toFixed(2)} x mawk\n`);
        failed = true;
      }
      if (mb(peak) > RSS_TARGET_MB) {
        process.stdout.write(`TARGET MISSED: peak RSS ${mb(peak).toFixed(1)} MB at ${lines} rows\n`);
        failed = true;
      }
      if (!options.keep && !options.dir) rmSync(root, { recursive: true, force: true });
    }
    const sizes = [...rssByLines.keys()].sort((a, b) => a - b);
    if (sizes.length >= 2) {
      const growth = mb(rssByLines.get(sizes[sizes.length - 1]!)! - rssByLines.get(sizes[0]!)!);
      process.stdout.write(
        `peak RSS growth ${sizes[0]} -> ${sizes[sizes.length - 1]} rows: ${growth.toFixed(1)} MB (target <= ${RSS_GROWTH_MB} MB)\n`,
      );
      if (growth > RSS_GROWTH_MB) {
        process.stdout.write('TARGET MISSED: peak RSS grows with the number of rows\n');
        failed = true;
      }
    }
  } finally {
    if (!options.keep && !options.dir) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(failed ? 'FAIL\n' : 'PASS\n');
  return failed ? 1 : 0;
}

process.exitCode = main();
