/**
 * What every parser must satisfy on any input: a result, or the documented input error — an
 * InputError (or InputErrors) that names the file, points at a line that exists, and prints as
 * one line without control characters — and never any other exception. Results must be plain
 * data whose objects keep their ordinary prototypes, whatever keys the input used.
 */
import { InputError, InputErrors, UsageError } from '../../../src/util/errors.js';

/** A property violation; the harness reports it with the input that caused it. */
export class Violation extends Error {
  override readonly name = 'Violation';
}

export function violation(message: string): never {
  throw new Violation(message);
}

export interface ErrorExpectation {
  /** The file name the error must carry. */
  readonly file: string;
  /** Lines in the input: a reported line must be within 1..lines+1. */
  readonly lines: number;
  /** UsageError is the documented answer for this call (e.g. --state with a State column). */
  readonly usageAllowed?: boolean;
}

// Tab is allowed; every other C0/C1 control character (a newline, CR, ESC) must come escaped.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

function checkInputError(error: InputError, expected: ErrorExpectation): void {
  const line = error.oneLine();
  if (CONTROL.test(line)) violation(`the message is not one printable line: ${JSON.stringify(line)}`);
  if (line.length > 2000) violation(`a ${line.length}-character message: quoted input must be clipped`);
  if (error.location?.file !== expected.file) violation(`the message does not name the file ${expected.file}: ${JSON.stringify(line)}`);
  const at = error.location.line;
  if (at !== undefined && (!Number.isInteger(at) || at < 1 || at > expected.lines + 1)) {
    violation(`line ${at} does not exist (the input has ${expected.lines} lines): ${JSON.stringify(line)}`);
  }
}

/** Checks a thrown value is the documented input error; anything else is a violation. */
export function checkThrown(error: unknown, expected: ErrorExpectation): void {
  if (error instanceof Violation) throw error;
  if (error instanceof InputError) return checkInputError(error, expected);
  if (error instanceof InputErrors) {
    if (error.errors.length === 0) violation('InputErrors without any error');
    for (const each of error.errors) checkInputError(each, expected);
    return;
  }
  if (error instanceof UsageError && expected.usageAllowed) {
    if (CONTROL.test(error.message)) violation(`usage message is not one printable line: ${JSON.stringify(error.message)}`);
    return;
  }
  const described = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  violation(`threw something other than an input error: ${described}`);
}

/** Runs `parse`; returns its result, or undefined when it threw the documented error. */
export function resultOrInputError<T>(parse: () => T, expected: ErrorExpectation): T | undefined {
  try {
    return parse();
  } catch (error) {
    checkThrown(error, expected);
    return undefined;
  }
}

const ORDINARY_PROTOTYPES = new Set<unknown>([Object.prototype, null, Array.prototype, Map.prototype, Set.prototype]);

/**
 * Every object reachable from `value` has its ordinary prototype: a key "__proto__" in the input
 * must become an own entry (or be rejected), never the prototype of a result object.
 */
export function checkPlainData(value: unknown, path = 'result', seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (!ORDINARY_PROTOTYPES.has(prototype)) violation(`${path} has a replaced prototype (${describe(prototype)})`);
  if (value instanceof Map) {
    for (const [key, each] of value) checkPlainData(each, `${path}.get(${JSON.stringify(String(key))})`, seen);
    return;
  }
  if (value instanceof Set) return;
  for (const key of Object.keys(value)) checkPlainData((value as Record<string, unknown>)[key], `${path}[${JSON.stringify(key)}]`, seen);
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The own keys of the built-in prototypes, to compare after the runs. */
export function prototypeKeys(): string {
  const prototypes: Record<string, object> = {
    Object: Object.prototype,
    Array: Array.prototype,
    Function: Function.prototype,
    String: String.prototype,
    Number: Number.prototype,
  };
  return JSON.stringify(Object.fromEntries(Object.entries(prototypes).map(([name, p]) => [name, Reflect.ownKeys(p).map(String).sort()])));
}

/** Throws when a run left anything on the shared prototypes. */
export function checkNoPollution(before: string): void {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || (probe as { isAdmin?: unknown }).isAdmin !== undefined)
    violation('({}).polluted is defined: Object.prototype was polluted');
  const after = prototypeKeys();
  if (after !== before) violation(`the built-in prototypes changed:\nbefore ${before}\nafter  ${after}`);
}

/** Lines in an input as the readers count them (a last line without "\n" counts). */
export function lineCount(bytes: Uint8Array): number {
  let lines = 0;
  for (const byte of bytes) if (byte === 0x0a) lines++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? lines + 1 : lines;
}

/** JSON with bigints, for comparing results. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, each: unknown) => (typeof each === 'bigint' ? `${each}n` : each));
}
