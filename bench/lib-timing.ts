/**
 * Timing for the benchmarks: whole commands run as child processes, interleaved (A, B, A, B, …)
 * so drift in machine load hits every contender alike, and compared by their medians.
 */
import { spawnSync } from 'node:child_process';

export interface Contender {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Fed to stdin. */
  readonly input?: string;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Wall time of one run in ms; throws when the command fails, so a broken benchmark is not a fast one. */
export function wallMs(contender: Contender): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(contender.command, contender.args, {
    input: contender.input ?? '',
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // Exit 1 means "findings" for advise/review: a completed run. 2 and above are failures.
  if (result.status === null || result.status > 1) {
    throw new Error(`${contender.name} failed (${result.status ?? result.signal}): ${result.stderr?.toString().slice(0, 500)}`);
  }
  return ms;
}

/** Runs every contender `runs` times, interleaved, after one warm-up round; returns ms per run. */
export function interleaved(contenders: readonly Contender[], runs: number): Map<string, number[]> {
  for (const contender of contenders) wallMs(contender); // warm the page cache and the disk
  const times = new Map(contenders.map((c) => [c.name, [] as number[]]));
  for (let i = 0; i < runs; i++) for (const contender of contenders) times.get(contender.name)!.push(wallMs(contender));
  return times;
}

export interface Target {
  readonly label: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: string;
}

/** Prints one line per target and returns whether all were met. */
export function reportTargets(targets: readonly Target[]): boolean {
  let ok = true;
  for (const target of targets) {
    const met = target.value <= target.limit;
    ok &&= met;
    process.stdout.write(
      `${met ? 'PASS' : 'MISS'}  ${target.label}: ${target.value.toFixed(2)}${target.unit} (target ≤ ${target.limit}${target.unit})\n`,
    );
  }
  return ok;
}
