/**
 * Byte helpers for the scanners: hex and decimal fields read straight from a Buffer, so a
 * million-row table costs no string per row.
 */

/** Hex digit value per byte, -1 for anything else. */
export const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i;
}

export const SPACE = 0x20;
export const TAB = 0x09;
export const COLON = 0x3a;
export const NEWLINE = 0x0a;
export const CR = 0x0d;

export function isBlank(byte: number | undefined): boolean {
  return byte === SPACE || byte === TAB;
}

/** Two hex digits → 0..255 per (first byte << 8 | second byte), -1 otherwise: one load per byte pair. */
export const HEX_PAIR = new Int16Array(65536).fill(-1);
for (let hi = 0; hi < 256; hi++) {
  if (HEX[hi]! < 0) continue;
  for (let lo = 0; lo < 256; lo++) if (HEX[lo]! >= 0) HEX_PAIR[(hi << 8) | lo] = HEX[hi]! * 16 + HEX[lo]!;
}

/** Two hex digits at buf[at] → 0..255, or -1. */
export function hex2At(buf: Uint8Array, at: number): number {
  return HEX_PAIR[(buf[at]! << 8) | buf[at + 1]!]!;
}

/** Four hex digits at buf[at] → 0..65535, or -1. */
export function hex4At(buf: Uint8Array, at: number): number {
  const hi = HEX_PAIR[(buf[at]! << 8) | buf[at + 1]!]!;
  const lo = HEX_PAIR[(buf[at + 2]! << 8) | buf[at + 3]!]!;
  return (hi | lo) < 0 ? -1 : (hi << 8) | lo;
}

/** Value of `width` hex digits at buf[at] (at most 13, so it stays a safe integer), or -1. */
export function hexAt(buf: Uint8Array, at: number, width: number): number {
  let value = 0;
  let bad = 0;
  for (let i = 0; i < width; i++) {
    const digit = HEX[buf[at + i]!]!;
    bad |= digit;
    value = value * 16 + digit;
  }
  return bad < 0 ? -1 : value;
}

/**
 * A /proc address word: `%08X` of a 32-bit value in host order, so on little-endian hosts the
 * network-order bytes appear reversed ("0100007F" = 127.0.0.1, docs/kernel/observing.md#socket-table). Returns the
 * network-order value (127.0.0.1 → 0x7F000001), or -1 for a non-hex digit.
 */
export function procAddressWordAt(buf: Uint8Array, at: number): number {
  const b3 = HEX_PAIR[(buf[at]! << 8) | buf[at + 1]!]!;
  const b2 = HEX_PAIR[(buf[at + 2]! << 8) | buf[at + 3]!]!;
  const b1 = HEX_PAIR[(buf[at + 4]! << 8) | buf[at + 5]!]!;
  const b0 = HEX_PAIR[(buf[at + 6]! << 8) | buf[at + 7]!]!;
  if ((b0 | b1 | b2 | b3) < 0) return -1;
  return ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
}

/** Unsigned decimal at buf[start, end), or -1 when empty or not all digits. */
export function decimalIn(buf: Uint8Array, start: number, end: number): number {
  if (end <= start) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = buf[i]! - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Whether buf[start, end) begins with `prefix`. */
export function startsWithBytes(buf: Uint8Array, start: number, end: number, prefix: Uint8Array): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[start + i] !== prefix[i]) return false;
  return true;
}

/** Whether buf[start, end) contains `needle`: a bounded search (Buffer#indexOf would run on to the end of the chunk). */
export function contains(buf: Uint8Array, start: number, end: number, needle: Uint8Array): boolean {
  const first = needle[0]!;
  const last = end - needle.length;
  outer: for (let i = start; i <= last; i++) {
    if (buf[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (buf[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** A short piece of a line for error messages, printable and at most 80 characters. */
export function excerpt(buf: Buffer, start: number, end: number): string {
  const text = buf
    .toString('utf8', start, Math.min(end, start + 200))
    .replace(/[^\x20-\x7e]/g, ' ')
    .trimEnd();
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
