/** Runs the built CLI as a user would (a child process, NO_COLOR=1), for end-to-end tests. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/**
 * The bin of this build (dist/bundle/cli.cjs, running the bundle), not tsc's dist/src/cli.js that
 * unit tests import, nor the committed copy in bundle/ that package.json's bin names: that one is
 * rebuilt by `npm run build:commit`, and test/packaging/committed-bundle.test.ts checks it is this.
 */
export const CLI = join(REPO_ROOT, 'dist', 'bundle', 'cli.cjs');

export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

export function runCli(args: readonly string[], options: { input?: string; cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    timeout: 60_000,
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}
