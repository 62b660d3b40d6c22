#!/usr/bin/env node
/** The only module that touches process.*: argv in, text and an exit code out. */
import { runCli } from './main.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** UTF-16 code units per slice of a large output: a few hundred KB of UTF-8 at most. */
const SLICE = 1 << 16;

/**
 * Writes `text` to stdout. A big one (a review of 1,000 files prints ~20 MB of JSON) is encoded
 * slice by slice into one buffer that is reused, instead of into one fresh buffer as large as the
 * output: touching that much new memory costs more than encoding it (bench/review.ts). A buffer
 * the stream still holds (a write left pending, e.g. on a full pipe) is never reused.
 */
function writeStdout(text: string): void {
  if (text.length <= SLICE) {
    process.stdout.write(text);
    return;
  }
  let buffer = Buffer.allocUnsafe(SLICE * 3);
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + SLICE, text.length);
    // Never split a surrogate pair: each half alone would be encoded as U+FFFD.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    const length = buffer.write(text.slice(start, end));
    process.stdout.write(buffer.subarray(0, length));
    if (process.stdout.writableLength > 0) buffer = Buffer.allocUnsafe(SLICE * 3);
    start = end;
  }
}

// A promise chain, not top-level await: the bin is a CommonJS bundle (src/build/bundle.ts).
void runCli(process.argv.slice(2), {
  env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  readStdin,
}).then((output) => {
  if (output.stderr) process.stderr.write(output.stderr);
  if (output.stdout) writeStdout(output.stdout);
  process.exitCode = output.exitCode;
});
