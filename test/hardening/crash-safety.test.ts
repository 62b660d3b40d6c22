/**
 * Crash safety of atomicWriteFile: a child process rewrites a 2 MiB file in a loop and is
 * SIGKILLed after a random delay, up to 200 times (two lanes at once, bounded to 15 s). After every
 * kill the target holds one complete content, never a torn or empty one, and so does FILE.bak
 * when it exists; the next run that completes removes the temp files killed runs left behind.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, type TestContext } from 'node:test';
import { atomicWriteFile } from '../../src/util/atomic-write.js';
import { CONTENT } from './atomic-contents.js';
import { withScratch } from './helpers.js';

const CHILD = fileURLToPath(new URL('./atomic-writer-child.js', import.meta.url));
const ITERATIONS = 200;
const LANES = 2;
const BUDGET_MS = 15_000; // a node child starts in ~0.12 s: about 120 kills fit in two lanes
const MAX_DELAY_MS = 60;

interface LaneResult {
  iterations: number;
  leftovers: number;
}

/** Spawns the writer, waits for "ready", sleeps a random while, kills it; resolves once it is gone. */
function killAtRandom(target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, target], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), Math.random() * MAX_DELAY_MS));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`the writer exited by itself (${code}): ${stderr}`)),
    );
  });
}

function runOnce(target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, target, 'once'], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the writer failed (${code})`))));
  });
}

function assertWhole(path: string, what: string): void {
  const text = readFileSync(path, 'utf8');
  assert.ok(
    text === CONTENT.A || text === CONTENT.B,
    `${what} is torn: ${text.length} bytes, starting ${JSON.stringify(text.slice(0, 20))}, ending ${JSON.stringify(text.slice(-12))}`,
  );
}

const temps = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('.sysctl-advisor-tmp-'));

async function lane(dir: string, deadline: number, iterations: number): Promise<LaneResult> {
  const target = join(dir, '90-crash.conf');
  atomicWriteFile(target, CONTENT.A);
  const result: LaneResult = { iterations: 0, leftovers: 0 };
  while (result.iterations < iterations && Date.now() < deadline) {
    await killAtRandom(target);
    result.iterations++;
    assertWhole(target, `after kill ${result.iterations}, the target`);
    assert.equal(statSync(target).mode & 0o777, 0o644, 'the mode is kept');
    if (existsSync(`${target}.bak`)) assertWhole(`${target}.bak`, `after kill ${result.iterations}, the backup`);
    if (temps(dir).length > 0) result.leftovers++;
  }
  await runOnce(target);
  assert.equal(readFileSync(target, 'utf8'), CONTENT.B, 'a run that completes writes its content');
  assert.deepEqual(temps(dir), [], 'the run that completed removed every stale temp file');
  return result;
}

test(
  'SIGKILL at random points never leaves a torn file, and stale temp files go on the next run',
  { timeout: 60_000 },
  async (t: TestContext) => {
    await withScratch('crash', async (dir) => {
      const deadline = Date.now() + BUDGET_MS;
      const lanes = await Promise.all(
        Array.from({ length: LANES }, async (_, i) => {
          const laneDir = join(dir, `lane-${i}`);
          (await import('node:fs')).mkdirSync(laneDir);
          return lane(laneDir, deadline, ITERATIONS / LANES);
        }),
      );
      const iterations = lanes.reduce((sum, l) => sum + l.iterations, 0);
      const leftovers = lanes.reduce((sum, l) => sum + l.leftovers, 0);
      t.diagnostic(`${iterations} kills; ${leftovers} of them landed between creating a temp file and renaming it`);
      assert.ok(iterations >= 50, `only ${iterations} kills within ${BUDGET_MS} ms`);
      assert.ok(leftovers > 0, 'no kill landed mid-write: the test would prove nothing');
    });
  },
);
