/**
 * writeChunked: the bytes a sink gets are exactly the UTF-8 of the pieces joined, in chunks of
 * bounded size, whatever the pieces (tiny, huge, astral characters across slice boundaries); a
 * buffer the sink keeps is never written over; a closed sink gets nothing more.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeChunked, type ByteSink } from '../../src/util/chunked-output.js';

const MAX_CHUNK = 3 << 16;

function collect(pieces: readonly string[], options: { keeps?: boolean; closeAfter?: number } = {}) {
  const chunks: Buffer[] = [];
  const sink: ByteSink = {
    write(bytes) {
      // A sink that keeps the buffer gets it as is; otherwise it must copy before returning.
      chunks.push(options.keeps ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes));
      return options.keeps ?? false;
    },
    get closed() {
      return options.closeAfter !== undefined && chunks.length >= options.closeAfter;
    },
  };
  writeChunked(pieces, sink);
  return chunks;
}

test('the bytes are the UTF-8 of the whole text, in chunks of at most 192 KiB', () => {
  const astral = '\u{1F534}';
  const cases: (readonly string[])[] = [
    [],
    [''],
    ['plain'],
    Array.from({ length: 20_000 }, (_, i) => `line ${i} § é\n`),
    // One piece far larger than a chunk, with a surrogate pair across every 65,536-unit boundary.
    [`${'a'.repeat((1 << 16) - 1)}${astral}${'b'.repeat((1 << 16) - 2)}${astral.repeat(40_000)}`],
    ['x', 'y'.repeat(200_000), 'z', '€'.repeat(70_000)],
  ];
  for (const pieces of cases) {
    for (const keeps of [false, true]) {
      const chunks = collect(pieces, { keeps });
      assert.equal(Buffer.concat(chunks).toString('utf8'), pieces.join(''));
      assert.ok(chunks.every((chunk) => chunk.length > 0 && chunk.length <= MAX_CHUNK));
    }
  }
});

test('a closed sink gets nothing more', () => {
  const pieces = Array.from({ length: 100 }, () => 'q'.repeat(30_000));
  assert.equal(collect(pieces, { closeAfter: 2 }).length, 2);
});
