/**
 * JSON.stringify(value, null, 2) + "\n" as pieces, byte for byte: containers down to `openDepth`
 * are opened here and each of their members is stringified on its own, so a report with 40,000
 * findings is written finding by finding instead of becoming one 20 MB string first (the report
 * is depth 0, its findings array 1, a finding 2: openDepth 2 writes each finding whole). An
 * iterable that is not an array (a generator) is written as a JSON array, its members made only
 * as they are written.
 *
 * Values are what reporters build: plain objects, arrays, strings, numbers, booleans and null.
 * Object members whose value JSON cannot show (undefined, functions) are left out, as
 * JSON.stringify leaves them out.
 */
import { Pieces } from '../util/pieces.js';

const INDENT = '  ';

export function jsonPieces(value: unknown, openDepth: number): Pieces {
  return new Pieces(function* () {
    yield* members(value, '', openDepth);
    yield '\n';
  });
}

function isWritable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function isStreamed(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** Containers above `open` levels are opened here; anything else is JSON.stringify's, its lines indented to `indent`. */
function* members(value: unknown, indent: string, open: number): Generator<string> {
  if (isStreamed(value)) {
    yield* arrayPieces(value, indent, open);
  } else if (open > 0 && Array.isArray(value)) {
    yield* arrayPieces(value, indent, open);
  } else if (open > 0 && typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    yield* objectPieces(value as Record<string, unknown>, indent, open);
  } else {
    yield leaf(value, indent);
  }
}

function* arrayPieces(items: Iterable<unknown>, indent: string, open: number): Generator<string> {
  const inner = indent + INDENT;
  let first = true;
  for (const item of items) {
    yield first ? `[\n${inner}` : `,\n${inner}`;
    first = false;
    // In an array, what JSON cannot show is written as null (JSON.stringify does the same).
    yield* members(isWritable(item) ? item : null, inner, open - 1);
  }
  yield first ? '[]' : `\n${indent}]`;
}

function* objectPieces(object: Record<string, unknown>, indent: string, open: number): Generator<string> {
  const inner = indent + INDENT;
  let first = true;
  for (const key of Object.keys(object)) {
    const member = object[key];
    if (!isWritable(member)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* members(member, inner, open - 1);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** A member below the opened levels (one finding): one JSON.stringify, its lines indented to where it sits. */
function leaf(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, INDENT);
  return indent === '' || !text.includes('\n') ? text : text.replaceAll('\n', `\n${indent}`);
}
