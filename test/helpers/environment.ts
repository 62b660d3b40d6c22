/**
 * A CommandEnvironment for running the CLI in this process (main.ts runCli): what src/cli.ts
 * would hand over, without a terminal and with an empty stdin unless a test says otherwise.
 */
import type { CommandEnvironment } from '../../src/util/command-io.js';

export function inProcessEnvironment(overrides: Partial<CommandEnvironment> = {}): CommandEnvironment {
  return {
    env: process.env,
    stdoutIsTTY: false,
    stdinIsTTY: false,
    readStdin: async () => Buffer.alloc(0),
    platform: process.platform,
    uid: process.getuid?.(),
    cwd: process.cwd(),
    columns: undefined,
    progress: undefined,
    get terminal(): CommandEnvironment['terminal'] {
      throw new Error('no terminal in an in-process run');
    },
    ...overrides,
  };
}
