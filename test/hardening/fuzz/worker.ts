/**
 * Runs one fuzz target in a worker thread, so the test can stop it when it hangs (a busy loop
 * cannot be interrupted in-process) and so the prototype check sees only this target's runs.
 */
import fc from 'fast-check';
import { parentPort, workerData } from 'node:worker_threads';
import { checkNoPollution, prototypeKeys, violation } from './properties.js';
import { removeScratch, TARGETS, type FuzzTarget, type TargetName } from './targets.js';

export interface WorkerRequest {
  readonly target: TargetName;
  readonly runs: number;
  readonly seed: number;
  /** One input taking longer than this is a failure (super-linear work on a hostile input). */
  readonly perRunMs: number;
}

export type WorkerReply =
  | { readonly status: 'passed'; readonly runs: number; readonly ms: number; readonly slowestMs: number }
  | { readonly status: 'failed'; readonly message: string };

const MAX_MESSAGE = 6000;

/** Warnings a library prints on stderr would break the one-line error of the CLI. */
const warnings: string[] = [];
process.emitWarning = (warning: string | Error) => {
  warnings.push(String(warning instanceof Error ? warning.message : warning));
};

function run<T>(target: FuzzTarget<T>, request: WorkerRequest): WorkerReply {
  const before = prototypeKeys();
  let slowestMs = 0;
  const started = performance.now();
  const property = fc.property(target.inputs(), (input) => {
    const t0 = performance.now();
    target.check(input);
    const ms = performance.now() - t0;
    if (warnings.length > 0) violation(`a process warning would reach stderr: ${warnings.splice(0).join('; ')}`);
    slowestMs = Math.max(slowestMs, ms);
    if (ms > request.perRunMs) violation(`one input took ${ms.toFixed(0)} ms (limit ${request.perRunMs} ms)`);
  });
  const details = fc.check(property, { numRuns: request.runs, seed: request.seed, endOnFailure: false });
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance : undefined;
    const report = `${error ? `${error.message}\n` : ''}${fc.defaultReportMessage(details) ?? 'failed'}`;
    const text =
      report.length > MAX_MESSAGE ? `${report.slice(0, MAX_MESSAGE)}\n... (${report.length - MAX_MESSAGE} more characters)` : report;
    return { status: 'failed', message: `seed ${request.seed} (FUZZ_SEED=${request.seed} to replay)\n${text}` };
  }
  try {
    checkNoPollution(before);
  } catch (error) {
    return { status: 'failed', message: (error as Error).message };
  }
  return { status: 'passed', runs: details.numRuns, ms: performance.now() - started, slowestMs };
}

const request = workerData as WorkerRequest;
let reply: WorkerReply;
try {
  reply = run(TARGETS[request.target] as FuzzTarget<unknown>, request);
} catch (error) {
  reply = { status: 'failed', message: `the harness failed: ${(error as Error).stack ?? String(error)}` };
} finally {
  removeScratch();
}
parentPort!.postMessage(reply);
