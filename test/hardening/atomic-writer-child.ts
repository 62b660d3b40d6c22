/**
 * Child process for crash-safety.test.ts: writes TARGET through atomicWriteFile again and again,
 * B, A, B, ... (2 MiB each), until it is killed; with "once", writes B a single time and exits.
 * It says "ready" first, so the parent's random delay starts when writing does.
 */
import { atomicWriteFile } from '../../src/util/atomic-write.js';
import { CONTENT } from './atomic-contents.js';

const [target, mode] = process.argv.slice(2);
if (target === undefined) {
  process.stderr.write('usage: atomic-writer-child.js TARGET [once]\n');
  process.exit(2);
}
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  atomicWriteFile(target, i % 2 === 0 ? CONTENT.B : CONTENT.A);
  if (mode === 'once') break;
}
