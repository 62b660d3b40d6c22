/**
 * Values as the kernel's write handlers parse them (kernel/sysctl.c proc_get_long(), v6.12):
 * leading blanks skipped, optional "-", then base by prefix ("0x1f" hex, "010" octal = 8,
 * "08" rejected), the number must be followed by a blank or the end, and whatever follows
 * a blank is ignored ("3 # comment" stores 3). We accept what the kernel accepts and say
 * what it silently ignored, so a reviewer can flag it.
 */
import { integerBounds } from './defaults.js';
import type { HostFacts, ParamSpec } from './types.js';

export type ParsedValue =
  | { readonly ok: true; readonly shape: 'integer'; readonly value: number; readonly canonical: string; readonly ignored?: string }
  | {
      readonly ok: true;
      readonly shape: 'port-range';
      readonly low: number;
      /** Undefined when only one value was given: the kernel then keeps the current high end. */
      readonly high: number | undefined;
      readonly canonical: string;
      readonly ignored?: string;
    }
  | { readonly ok: true; readonly shape: 'port-list'; readonly ranges: readonly (readonly [number, number])[]; readonly canonical: string }
  | { readonly ok: false; readonly problem: string };

/** Facts about the target host that a value check needs beyond the value itself. */
export interface ValueContext extends HostFacts {
  /** ip_unprivileged_port_start in force (the port range's low end may not go below it). */
  readonly unprivilegedPortStart?: number;
}

const BLANKS = new Set([' ', '\t', '\n']);
// Module constants, not literals in scanKernelInteger: a literal is a new RegExp object on every
// call, and a big review scans every value of every line more than once (bench/review.ts).
const HEX_DIGIT = /[0-9a-fA-F]/;
const OCTAL_DIGIT = /[0-7]/;
const DECIMAL_DIGIT = /[0-9]/;
const NOT_OCTAL = /[89]/;
const TMPBUFLEN = 22; // the kernel copies at most 21 characters of one number

interface ScannedInteger {
  readonly value: bigint;
  readonly rest: string;
}

/** One integer the way proc_get_long reads it; a string problem when the kernel would say EINVAL. */
export function scanKernelInteger(text: string): ScannedInteger | string {
  let i = 0;
  while (i < text.length && BLANKS.has(text[i]!)) i++;
  const negative = text[i] === '-';
  if (negative) i++;
  const start = i;
  let base = 10;
  if (text[i] === '0') {
    if ((text[i + 1] === 'x' || text[i + 1] === 'X') && HEX_DIGIT.test(text[i + 2] ?? '')) {
      base = 16;
      i += 2;
    } else {
      base = 8;
    }
  }
  const digitsStart = i;
  const digit = base === 16 ? HEX_DIGIT : base === 8 ? OCTAL_DIGIT : DECIMAL_DIGIT;
  while (i < text.length && digit.test(text[i]!)) i++;
  if (i === digitsStart) return text.slice(start).length === 0 ? 'no value' : `"${text.trim()}" is not a number`;
  if (i - start >= TMPBUFLEN - 1) return `"${text.slice(start, i)}" has too many digits`;
  if (i < text.length && !BLANKS.has(text[i]!)) {
    return base === 8 && NOT_OCTAL.test(text[i]!)
      ? `"${text.slice(start, i + 1)}" starts with 0, so the kernel reads it as octal, where ${text[i]} is not a digit`
      : `"${text.trim()}" is not a number (the kernel stops at "${text[i]}")`;
  }
  const digits = text.slice(digitsStart, i);
  const magnitude = base === 16 ? BigInt(`0x${digits}`) : base === 8 ? BigInt(`0o${digits}`) : BigInt(digits);
  return { value: negative ? -magnitude : magnitude, rest: text.slice(i) };
}

function ignoredText(rest: string): string | undefined {
  const trimmed = rest.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

function withIgnored<T extends object>(result: T, rest: string): T & { ignored?: string } {
  const ignored = ignoredText(rest);
  return ignored === undefined ? result : { ...result, ignored };
}

/** Parses and range-checks a value for a catalogue parameter, as the kernel would on write. */
export function parseParamValue(spec: ParamSpec, raw: string, context: ValueContext = {}): ParsedValue {
  switch (spec.shape) {
    case 'integer':
      return parseIntegerValue(spec, raw, context);
    case 'port-range':
      return parsePortRange(raw, context);
    case 'port-list':
      return parsePortList(raw);
  }
}

function parseIntegerValue(spec: ParamSpec, raw: string, context: ValueContext): ParsedValue {
  const scanned = scanKernelInteger(raw);
  if (typeof scanned === 'string') return { ok: false, problem: scanned };
  // An entry without its own range still has its handler's C type (int, u8): without one, a
  // 20-digit value was accepted and rounded by Number() into a canonical form that is not it.
  const bounds = integerBounds(spec, context) ?? typeRange(spec);
  const unsignedHandler = spec.handler === 'proc_dou8vec_minmax';
  if (unsignedHandler && scanned.value < 0n) return { ok: false, problem: `${scanned.value} is negative; the kernel takes 0..255 here` };
  if (scanned.value < BigInt(bounds.min) || scanned.value > BigInt(bounds.max)) {
    return {
      ok: false,
      problem: `${scanned.value} is outside ${bounds.min}..${bounds.max}, which the kernel accepts${rangeReason(spec, context)}`,
    };
  }
  const value = Number(scanned.value);
  return withIgnored({ ok: true as const, shape: 'integer' as const, value, canonical: String(value) }, scanned.rest);
}

function typeRange(spec: ParamSpec): { min: number; max: number } {
  return spec.handler === 'proc_dou8vec_minmax' ? { min: 0, max: 255 } : { min: -2147483648, max: 2147483647 };
}

function rangeReason(spec: ParamSpec, context: ValueContext): string {
  if (spec.handler !== 'proc_dointvec_jiffies') return '';
  return context.hz ? ` (seconds stored as jiffies at HZ=${context.hz})` : ' (seconds stored as jiffies; assuming HZ=1000)';
}

function parsePortRange(raw: string, context: ValueContext): ParsedValue {
  const first = scanKernelInteger(raw);
  if (typeof first === 'string') return { ok: false, problem: first };
  const low = Number(first.value);
  const unprivileged = context.unprivilegedPortStart ?? 1024;
  const outside = (n: number) => n < 1 || n > 65535;
  if (outside(low)) return { ok: false, problem: `port ${low} is outside 1..65535` };
  if (low < unprivileged) {
    return { ok: false, problem: `low end ${low} is below ip_unprivileged_port_start (${unprivileged}); the kernel rejects it` };
  }
  if (first.rest.trim() === '') {
    // Accepted by the kernel when low <= the current high end, which then stays as it was.
    return { ok: true, shape: 'port-range', low, high: undefined, canonical: String(low) };
  }
  const second = scanKernelInteger(first.rest);
  if (typeof second === 'string') return { ok: false, problem: `high end: ${second}` };
  const high = Number(second.value);
  if (outside(high)) return { ok: false, problem: `port ${high} is outside 1..65535` };
  if (high < low) return { ok: false, problem: `high end ${high} is below low end ${low}` };
  return withIgnored({ ok: true as const, shape: 'port-range' as const, low, high, canonical: `${low} ${high}` }, second.rest);
}

/** "8080,9000-9002": no blanks inside, ports 0..65535, ranges ascending (proc_do_large_bitmap). */
function parsePortList(raw: string): ParsedValue {
  const text = raw.trim();
  if (text === '') return { ok: true, shape: 'port-list', ranges: [], canonical: '' };
  const ranges: [number, number][] = [];
  for (const item of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (!match) return { ok: false, problem: `"${item}" is not a port or a port range (write "8080,9000-9002", no spaces)` };
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from > 65535 || to > 65535) return { ok: false, problem: `port ${Math.max(from, to)} is above 65535` };
    if (to < from) return { ok: false, problem: `range ${item} runs backwards` };
    ranges.push([from, to]);
  }
  return { ok: true, shape: 'port-list', ranges, canonical: ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',') };
}

/** Ports inside [low, high] that a reserved-port list removes from automatic choice. */
export function reservedPortsInside(ranges: readonly (readonly [number, number])[], low: number, high: number): number {
  const reserved = new Set<number>();
  for (const [from, to] of ranges) for (let p = Math.max(from, low); p <= Math.min(to, high); p++) reserved.add(p);
  return reserved.size;
}
