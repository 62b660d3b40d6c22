/**
 * The test side of the fuzzer: runs a target in a worker thread with a run count (FUZZ_RUNS,
 * default 10,000) and a seed (FUZZ_SEED, default random; printed on failure), and stops the
 * worker when it takes far longer than its budget — a hang is a failure like any other.
 */
import { Worker } from 'node:worker_threads';
import type { TestContext } from 'node:test';
import type { WorkerReply, WorkerRequest } from './worker.js';
import { TARGETS, type TargetName } from './targets.js';

export const DEFAULT_RUNS = 10_000;

export function fuzzRuns(): number {
  const runs = Number(process.env.FUZZ_RUNS ?? DEFAULT_RUNS);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS=${process.env.FUZZ_RUNS}: give a whole number of runs`);
  return runs;
}

function fuzzSeed(): number {
  if (process.env.FUZZ_SEED !== undefined) return Number(process.env.FUZZ_SEED);
  return (Math.random() * 0x7fffffff) | 0;
}

/** Budget for a whole target: generous (other test files share the two cores), but finite. */
export function watchdogMs(target: TargetName, runs: number): number {
  return 60_000 + runs * TARGETS[target].msPerRun * 10;
}

/** Test-runner timeout for a test that fuzzes `target`. */
export function testTimeout(target: TargetName): number {
  return watchdogMs(target, fuzzRuns()) + 30_000;
}

export async function fuzz(t: TestContext, target: TargetName, options: { perRunMs?: number } = {}): Promise<void> {
  const request: WorkerRequest = { target, runs: fuzzRuns(), seed: fuzzSeed(), perRunMs: options.perRunMs ?? 5_000 };
  const limit = watchdogMs(target, request.runs);
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: request });
  const reply = await new Promise<WorkerReply>((resolve) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({
        status: 'failed',
        message: `${target}: no result after ${limit} ms, a hang (seed ${request.seed}; FUZZ_SEED=${request.seed} to replay)`,
      });
    }, limit);
    worker.once('message', (message: WorkerReply) => {
      clearTimeout(timer);
      resolve(message);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      resolve({ status: 'failed', message: `${target}: the worker died: ${error.stack ?? String(error)}` });
    });
  });
  await worker.terminate();
  if (reply.status === 'failed') throw new Error(`${target}: ${reply.message}`);
  t.diagnostic(
    `${target}: ${reply.runs} runs in ${(reply.ms / 1000).toFixed(1)} s (seed ${request.seed}, slowest input ${reply.slowestMs.toFixed(0)} ms)`,
  );
}
