/**
 * JSON.stringify(value, null, 2) + "\n" as pieces, byte for byte: containers down to `openDepth`
 * are opened here and each of their members is stringified on its own, so a big report is
 * written finding by finding instead of becoming one string first (the report
 * is depth 0, its findings array 1, a finding 2: openDepth 2 writes each finding whole). An
 * iterable that is not an array (a generator) is written as a JSON array, its members made only
 * as they are written; it must stand where it is opened (a member written whole goes to
 * JSON.stringify, which would write a generator as {}).
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
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function'
  );
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
  if (open > 1) {
    for (const item of items) {
      yield first ? `[\n${inner}` : `,\n${inner}`;
      first = false;
      // In an array, what JSON cannot show is written as null (JSON.stringify does the same).
      yield* members(isWritable(item) ? item : null, inner, open - 1);
    }
  } else {
    for (const batch of batches(items)) {
      yield first ? `[\n${inner}` : `,\n${inner}`;
      first = false;
      yield leafBatch(batch, indent.length / INDENT.length);
    }
  }
  yield first ? '[]' : `\n${indent}]`;
}

/**
 * Members below the opened levels are stringified BATCH at a time: fewer calls than one per
 * member, while each batch's string stays small enough to reuse memory (bench/review.ts).
 */
const BATCH = 64;

function* batches(items: Iterable<unknown>): Generator<unknown[]> {
  if (Array.isArray(items)) {
    for (let start = 0; start < items.length; start += BATCH) yield items.slice(start, start + BATCH);
    return;
  }
  let batch: unknown[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The members of `batch`, written as they stand inside an array at nesting `level`: the batch is
 * wrapped in `level` arrays so that JSON.stringify indents it right, and the wrapping is cut off
 * again (its length is known: "[\n", "  [\n", ... before, the same closing lines after).
 */
function leafBatch(batch: readonly unknown[], level: number): string {
  let wrapped: unknown = batch;
  for (let i = 0; i < level; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, INDENT);
  // Each of the level + 1 arrays opens with "<indent>[\n" and closes with "\n<indent>]": 2i + 2 characters.
  const frame = (level + 1) * (level + 2);
  return text.slice(frame + INDENT.length * (level + 1), text.length - frame);
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

/** A value below the opened levels that is not in an array (a report's "summary"): one JSON.stringify, its lines indented to where it sits. */
function leaf(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, INDENT);
  return indent === '' || !text.includes('\n') ? text : text.replaceAll('\n', `\n${indent}`);
}
