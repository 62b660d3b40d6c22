#!/usr/bin/env node
/** The only module that touches process.*: argv in, text and an exit code out. */
import { runCli } from './main.js';
import { describeError } from './util/errors.js';
import type { Printable } from './util/pieces.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** UTF-16 code units per slice of a large output: a few hundred KB of UTF-8 at most. */
const SLICE = 1 << 16;

/**
 * Writes what a command printed to stdout. Pieces are gathered into slices of about SLICE code
 * units, and each slice is encoded into one buffer that is reused: a review of 1,000 files
 * prints ~20 MB of JSON, and touching that much new memory costs more than encoding it
 * (bench/review.ts). A buffer the stream still holds (a write left pending, e.g. on a full pipe)
 * is never reused. Stops once stdout is gone (the reader of a pipe exited, as `| head` does).
 */
function writeStdout(printable: Printable): void {
  if (typeof printable === 'string' && printable.length <= SLICE) {
    process.stdout.write(printable);
    return;
  }
  let buffer = Buffer.allocUnsafe(SLICE * 3);
  const writeSlices = (text: string): void => {
    for (let start = 0; start < text.length && !process.stdout.destroyed; ) {
      let end = Math.min(start + SLICE, text.length);
      // Never split a surrogate pair: each half alone would be encoded as U+FFFD.
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
      const length = buffer.write(end - start === text.length ? text : text.slice(start, end));
      process.stdout.write(buffer.subarray(0, length));
      if (process.stdout.writableLength > 0) buffer = Buffer.allocUnsafe(SLICE * 3);
      start = end;
    }
  };
  let pending = '';
  for (const piece of typeof printable === 'string' ? [printable] : printable) {
    pending += piece;
    if (pending.length < SLICE) continue;
    writeSlices(pending);
    pending = '';
    if (process.stdout.destroyed) return;
  }
  writeSlices(pending);
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
