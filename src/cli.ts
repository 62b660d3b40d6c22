#!/usr/bin/env node
/** The only module that touches process.*: argv in, text and an exit code out. */
import { runCli } from './main.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// A promise chain, not top-level await: the bin is a CommonJS bundle (src/build/bundle.ts).
void runCli(process.argv.slice(2), {
  env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  readStdin,
}).then((output) => {
  if (output.stderr) process.stderr.write(output.stderr);
  if (output.stdout) process.stdout.write(output.stdout);
  process.exitCode = output.exitCode;
});
