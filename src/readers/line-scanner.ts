/**
 * Files and buffers as chunks of whole lines: the file is read with fs.readSync into one
 * reused Buffer (this works for /proc files, which report size 0), so memory stays flat
 * whatever the file size and no line becomes a string unless a reader asks for one.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../util/errors.js';
import { CR, NEWLINE } from '../util/bytes.js';

/** Where bytes come from, and the name errors and provenance use for it. */
export type ByteSource =
  | { readonly kind: 'file'; readonly path: string; readonly name?: string }
  | { readonly kind: 'buffer'; readonly data: Buffer; readonly name: string };

/**
 * Called with buf[0, end) holding whole lines, each ending in "\n" — except at the end of the
 * input (`final`), where the last line may lack it. Returns how many bytes it consumed (the
 * rest, a line cut by the chunk boundary, comes again at the start of the next call).
 */
export type ChunkVisitor = (buf: Buffer, end: number, final: boolean) => number;

/** Called once per line: buf[start, end) is the line without "\n" (and without a final "\r"). */
export type LineVisitor = (buf: Buffer, start: number, end: number, lineNumber: number) => void;

const CHUNK_BYTES = 1 << 16;
// A real line is at most a few KB (ss -i rows); anything past this is not a text table.
const MAX_LINE_BYTES = 16 << 20;

export function sourceName(source: ByteSource): string {
  return source.kind === 'file' ? (source.name ?? source.path) : source.name;
}

/** Feeds the source to `visit` chunk by chunk (see ChunkVisitor). */
export function forEachChunk(source: ByteSource, visit: ChunkVisitor): void {
  if (source.kind === 'buffer') {
    visit(source.data, source.data.length, true);
    return;
  }
  const fd = openSync(source.path, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    for (;;) {
      if (filled === buf.length) {
        if (buf.length >= MAX_LINE_BYTES) {
          throw new InputError(`a line longer than ${MAX_LINE_BYTES >> 20} MiB; this is not a text table`, { file: sourceName(source) });
        }
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const read = readSync(fd, buf, filled, buf.length - filled, null);
      if (read === 0) {
        if (filled > 0) visit(buf, filled, true);
        return;
      }
      const end = filled + read;
      // Lines are whole up to the last newline; the rest waits for the next read.
      const lastNewline = buf.lastIndexOf(NEWLINE, end - 1);
      if (lastNewline < 0) {
        filled = end;
        continue;
      }
      const consumed = visit(buf, lastNewline + 1, false);
      filled = end - consumed;
      if (consumed > 0 && filled > 0) buf.copyWithin(0, consumed, end);
    }
  } finally {
    closeSync(fd);
  }
}

/** Calls `visit` for every line; returns the number of lines. */
export function scanLines(source: ByteSource, visit: LineVisitor): number {
  let lineNumber = 0;
  forEachChunk(source, (buf, end) => {
    // A view ending at `end`, so indexOf never looks past the whole lines.
    const view = buf.subarray(0, end);
    let start = 0;
    while (start < end) {
      let newline = view.indexOf(NEWLINE, start);
      if (newline === -1) newline = end;
      visit(buf, start, trimCr(buf, start, newline), ++lineNumber);
      start = newline + 1;
    }
    return end;
  });
  return lineNumber;
}

export function trimCr(buf: Buffer, start: number, end: number): number {
  return end > start && buf[end - 1] === CR ? end - 1 : end;
}

/** The first `maxBytes` of a source (for format detection), as text. */
export function headOf(source: ByteSource, maxBytes = 64 * 1024): string {
  if (source.kind === 'buffer') return source.data.toString('utf8', 0, Math.min(maxBytes, source.data.length));
  const fd = openSync(source.path, 'r');
  try {
    const buf = Buffer.allocUnsafe(maxBytes);
    let filled = 0;
    while (filled < maxBytes) {
      const read = readSync(fd, buf, filled, maxBytes - filled, null);
      if (read === 0) break;
      filled += read;
    }
    return buf.toString('utf8', 0, filled);
  } finally {
    closeSync(fd);
  }
}

/**
 * Files read whole are a few KB (a sysctl value is at most 4 KB): a bundle holding a gigabyte
 * there is refused instead of being read into memory (see docs/limits.md).
 */
export const MAX_SMALL_FILE_BYTES = 1 << 20;

/** The whole source as text, for the small files (sysctl values, sockstat, meminfo). */
export function readText(source: ByteSource): string {
  const parts: string[] = [];
  let total = 0;
  forEachChunk(source, (buf, end) => {
    total += end;
    if (total > MAX_SMALL_FILE_BYTES) {
      throw new InputError(`larger than ${MAX_SMALL_FILE_BYTES >> 20} MiB; this file is a few KB on a real host`, {
        file: sourceName(source),
      });
    }
    parts.push(buf.toString('utf8', 0, end));
    return end;
  });
  return parts.join('');
}

/** The whole source as bytes (copies keep non-UTF-8 bytes intact). */
export function readBytes(source: ByteSource): Buffer {
  const parts: Buffer[] = [];
  forEachChunk(source, (buf, end) => {
    parts.push(Buffer.from(buf.subarray(0, end)));
    return end;
  });
  return Buffer.concat(parts);
}
