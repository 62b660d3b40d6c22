/**
 * Text to bytes for a sink, in chunks of at most CHUNK_BYTES, encoded into one buffer that is
 * reused. A review of 1,000 files prints ~20 MB of JSON: one string and one buffer of that size
 * would be fresh memory, which costs more than the encoding (bench/review.ts). Each piece is
 * encoded straight into the buffer where the last one ended; gathering pieces into a bigger
 * string first copied every character once more.
 */

/** UTF-16 code units per slice of a piece too big for the buffer. */
const SLICE = 1 << 16;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2). */
const CHUNK_BYTES = SLICE * 3;

export interface ByteSink {
  /** Takes the bytes; true when it holds on to the buffer (a write left pending), which is then not reused. */
  write(bytes: Uint8Array): boolean;
  /** The sink is gone (a closed pipe): nothing more is written. */
  readonly closed: boolean;
}

export function writeChunked(pieces: Iterable<string>, sink: ByteSink): void {
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  const flush = (): void => {
    if (used === 0) return;
    if (sink.write(buffer.subarray(0, used))) buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    used = 0;
  };
  const add = (text: string): void => {
    if (text.length * 3 > CHUNK_BYTES - used) flush();
    used += buffer.write(text, used);
  };
  for (const piece of pieces) {
    if (piece.length <= SLICE) add(piece);
    else {
      for (let start = 0; start < piece.length && !sink.closed;) {
        let end = Math.min(start + SLICE, piece.length);
        // Never split a surrogate pair: each half alone would be encoded as U+FFFD.
        const last = piece.charCodeAt(end - 1);
        if (end < piece.length && last >= 0xd800 && last <= 0xdbff) end--;
        add(piece.slice(start, end));
        start = end;
      }
    }
    if (sink.closed) return;
  }
  flush();
}
