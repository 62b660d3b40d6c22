#!/usr/bin/env node
/** The only module that touches process.*: argv in, text and an exit code out. */
import { runCli } from './main.js';
import { describeError } from './util/errors.js';
import { writeChunked } from './util/chunked-output.js';
import type { Printable } from './util/pieces.js';

/** UTF-16 code units of an output written in one go. */
const SHORT_OUTPUT = 1 << 16;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Writes what a command printed to stdout: a short text as it is, a long one or pieces in
 * chunks (util/chunked-output.ts). Stops once stdout is gone (the reader of a pipe exited, as
 * `| head` does).
 */
function writeStdout(printable: Printable): void {
  if (typeof printable === 'string' && printable.length <= SHORT_OUTPUT) {
    process.stdout.write(printable);
    return;
  }
  writeChunked(typeof printable === 'string' ? [printable] : printable, {
    write: (bytes) => {
      process.stdout.write(bytes);
      return process.stdout.writableLength > 0;
    },
    get closed() {
      return process.stdout.destroyed;
    },
  });
}

/**
 * A closed pipe (`sysctl-advisor review DIR | head`) is the reader saying it has seen enough: no
 * error, no stack trace. Any other failure to write is one line and exit code 2.
 */
function onStdoutError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') return;
  process.stderr.write(`sysctl-advisor: cannot write to standard output: ${error.message}\n`);
  process.exitCode = 2;
}

// A promise chain, not top-level await: the bin is a CommonJS bundle (src/build/bundle.ts).
void runCli(process.argv.slice(2), {
  env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  // Asked only when a command needs to know (the wizard): making the stdin stream costs ~3 ms,
  // which every start paid.
  get stdinIsTTY() {
    return Boolean(process.stdin.isTTY);
  },
  readStdin,
}).then((output) => {
  process.exitCode = output.exitCode;
  if (output.stderr) process.stderr.write(output.stderr);
  process.stdout.on('error', onStdoutError);
  try {
    if (output.stdout) writeStdout(output.stdout);
  } catch (error) {
    // Write errors arrive as stdout 'error' events (onStdoutError); this is a reporter failing
    // while it makes its pieces.
    process.stderr.write(`sysctl-advisor: ${describeError(error, process.argv.includes('--debug'))}\n`);
    process.exitCode = 2;
  }
});
