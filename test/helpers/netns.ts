/**
 * Tests that need a real kernel run their commands inside a fresh network namespace
 * (`unshare --net`), so nothing on the host changes. They need Linux and root; elsewhere they
 * skip and say why — except under CI=true, where a skip would hide a missing install step,
 * so they fail instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';

let cachedReason: string | null | undefined;

/** Why namespace tests cannot run here, or null when they can. */
export function netnsUnavailableReason(): string | null {
  if (cachedReason !== undefined) return cachedReason;
  if (process.platform !== 'linux') cachedReason = `needs Linux network namespaces (this is ${process.platform})`;
  else if (process.getuid?.() !== 0) cachedReason = 'needs root to create a network namespace with unshare --net';
  else {
    const probe = spawnSync('unshare', ['--net', 'true'], { encoding: 'utf8' });
    cachedReason = probe.status === 0 ? null : `unshare --net failed: ${(probe.stderr || probe.error?.message || '').trim()}`;
  }
  return cachedReason;
}

/**
 * Call at the top of a test that needs a namespace. Returns false (and marks the test skipped)
 * when it cannot run; under CI it throws instead, because CI must run these tests.
 */
export function requireNetns(t: TestContext): boolean {
  const reason = netnsUnavailableReason();
  if (reason === null) return true;
  if (process.env.CI === 'true') throw new Error(`CI must run kernel tests, but: ${reason}`);
  t.skip(reason);
  return false;
}

/** Runs a shell script inside a new network namespace and returns its stdout (throws on failure). */
export function inNetns(script: string, options: { input?: string; timeoutMs?: number } = {}): string {
  return execFileSync('unshare', ['--net', 'sh', '-c', script], {
    encoding: 'utf8',
    input: options.input,
    timeout: options.timeoutMs ?? 60_000,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Like requireNetns for a program or file a test uses as an oracle (e.g. /lib/systemd/systemd-sysctl). */
export function requireTool(t: TestContext, path: string): boolean {
  if (existsSync(path)) return true;
  if (process.env.CI === 'true') throw new Error(`CI must run this test, but ${path} is missing (see .ci/run)`);
  t.skip(`needs ${path}`);
  return false;
}
