/**
 * IP addresses as 32-bit words (network order, IPv4 in the last word) and back to text.
 * The scanners parse addresses from bytes into words without making strings; text is made
 * only for the few endpoints a report shows.
 */
import type { AddressFamily } from '../snapshot/types.js';
import { COLON, HEX } from '../util/bytes.js';

export function formatIpv4(word: number): string {
  return `${word >>> 24}.${(word >>> 16) & 0xff}.${(word >>> 8) & 0xff}.${word & 0xff}`;
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as "::", IPv4-mapped as ::ffff:a.b.c.d. */
export function formatIpv6(w0: number, w1: number, w2: number, w3: number): string {
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) return `::ffff:${formatIpv4(w3)}`;
  const groups = [w0 >>> 16, w0 & 0xffff, w1 >>> 16, w1 & 0xffff, w2 >>> 16, w2 & 0xffff, w3 >>> 16, w3 & 0xffff];
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart === -1) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

export function formatAddress(family: AddressFamily, words: ArrayLike<number>, offset = 0): string {
  return family === 'ipv4'
    ? formatIpv4(words[offset + 3]!)
    : formatIpv6(words[offset]!, words[offset + 1]!, words[offset + 2]!, words[offset + 3]!);
}

/**
 * 127.0.0.0/8, ::1, and 127.0.0.0/8 mapped into IPv6 (::ffff:127.x.y.z, as an IPv6 socket sees an
 * IPv4 loopback peer): where tcp_tw_reuse=2 applies (docs/kernel/time-wait.md#tcp_tw_reuse).
 */
export function isLoopbackAddress(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address);
}

/** "10.0.0.1:443" or "[2001:db8::1]:443", the spelling ss uses. */
export function formatEndpoint(family: AddressFamily, address: string, port: number): string {
  return family === 'ipv6' ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Dotted quad in buf[start, end) → network-order word, or -1. */
export function parseIpv4Bytes(buf: Uint8Array, start: number, end: number): number {
  let value = 0;
  let part = -1;
  let parts = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    if (byte === 0x2e) {
      if (part < 0 || ++parts > 3) return -1;
      value = value * 256 + part;
      part = -1;
    } else if (byte >= 0x30 && byte <= 0x39) {
      part = (part < 0 ? 0 : part * 10) + byte - 0x30;
      if (part > 255) return -1;
    } else {
      return -1;
    }
  }
  if (part < 0 || parts !== 3) return -1;
  return value * 256 + part;
}

/**
 * IPv6 text in buf[start, end) (with "::" and an optional trailing dotted quad) into four
 * words at out[offset..]. Returns false when it is not an IPv6 address.
 */
export function parseIpv6Bytes(buf: Uint8Array, start: number, end: number, out: Uint32Array, offset: number): boolean {
  const groups = SCRATCH_GROUPS;
  let count = 0;
  let gap = -1; // index in groups where "::" stood
  let i = start;
  if (end - start >= 2 && buf[i] === COLON && buf[i + 1] === COLON) {
    gap = 0;
    i += 2;
  } else if (buf[i] === COLON) {
    return false;
  }
  while (i < end) {
    // A dotted quad may end the address (::ffff:1.2.3.4).
    let dot = false;
    for (let j = i; j < end && buf[j] !== COLON; j++) if (buf[j] === 0x2e) dot = true;
    if (dot) {
      const v4 = parseIpv4Bytes(buf, i, end);
      if (v4 < 0 || count > 6) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      break;
    }
    let value = 0;
    let digits = 0;
    while (i < end && buf[i] !== COLON) {
      const digit = HEX[buf[i]!]!;
      if (digit < 0 || ++digits > 4) return false;
      value = value * 16 + digit;
      i++;
    }
    if (digits === 0 || count >= 8) return false;
    groups[count++] = value;
    if (i === end) break;
    i++; // the colon
    if (buf[i] === COLON) {
      if (gap !== -1) return false;
      gap = count;
      i++;
    } else if (i === end) {
      return false; // a single trailing colon
    }
  }
  if (gap === -1 ? count !== 8 : count > 7) return false;
  const zeros = 8 - count;
  for (let w = 0; w < 4; w++) {
    const hi = groupAt(groups, 2 * w, gap, zeros, count);
    const lo = groupAt(groups, 2 * w + 1, gap, zeros, count);
    out[offset + w] = ((hi << 16) | lo) >>> 0;
  }
  return true;
}

const SCRATCH_GROUPS = new Uint16Array(8);

function groupAt(groups: Uint16Array, index: number, gap: number, zeros: number, count: number): number {
  if (gap === -1) return groups[index]!;
  if (index < gap) return groups[index]!;
  if (index < gap + zeros) return 0;
  const source = index - zeros;
  return source < count ? groups[source]! : 0;
}
