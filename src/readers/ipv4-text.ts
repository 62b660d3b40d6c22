/**
 * Single-pass readers for the commonest endpoint text, "10.1.0.5:40000", straight from bytes:
 * the fast paths of the ss and netstat scanners use them and leave anything else (IPv6,
 * %iface, "*") to EndpointText.
 */
import { isBlank, SPACE, TAB } from '../util/bytes.js';

/**
 * The decimal port after the colon at `colon`, ending at a blank or `limit`; -1 when it is not
 * 1-5 digits ("*" included: those rows take the general path).
 */
export function portAfter(buf: Buffer, colon: number, limit: number): number {
  let port = 0;
  let i = colon + 1;
  for (; i < limit; i++) {
    const digit = buf[i]! - 0x30;
    if (digit < 0 || digit > 9) break;
    port = port * 10 + digit;
  }
  const digits = i - colon - 1;
  return digits === 0 || digits > 5 || port > 65535 || (i < limit && !isBlank(buf[i])) ? -1 : port;
}

/**
 * The dotted quad ending just before `colon` and starting after a blank (at or after `floor`),
 * read backwards, as a network-order word; -1 for anything else.
 */
export function ipv4Before(buf: Buffer, colon: number, floor: number): number {
  let value = 0;
  let octet = 0;
  let scale = 1;
  let shift = 0;
  for (let i = colon - 1; i >= floor; i--) {
    const byte = buf[i]!;
    if (byte >= 0x30 && byte <= 0x39) {
      if (scale > 100) return -1;
      octet += (byte - 0x30) * scale;
      scale *= 10;
    } else if (byte === 0x2e || byte === SPACE || byte === TAB) {
      if (scale === 1 || octet > 255) return -1;
      value = (value | (octet << shift)) >>> 0;
      if (byte !== 0x2e) return shift === 24 ? value : -1;
      shift += 8;
      if (shift > 24) return -1;
      octet = 0;
      scale = 1;
    } else {
      return -1;
    }
  }
  return -1;
}

/** Where the last ipv4EndpointAt() found things: reused, so a row costs no object. */
export const ipv4Endpoint = { address: 0, port: 0, end: 0 };

/**
 * "a.b.c.d:port" starting at `start` and ending at a blank or `limit`, read forward in one
 * pass into ipv4Endpoint; false for anything else.
 */
export function ipv4EndpointAt(buf: Buffer, start: number, limit: number): boolean {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let i = start;
  for (; i < limit; i++) {
    const byte = buf[i]!;
    if (byte >= 0x30 && byte <= 0x39) {
      octet = octet * 10 + byte - 0x30;
      if (++digits > 3) return false;
    } else if (byte === 0x2e || byte === 0x3a) {
      if (digits === 0 || octet > 255) return false;
      value = ((value << 8) | octet) >>> 0;
      octet = 0;
      digits = 0;
      if (byte === 0x3a) break;
      if (++dots > 3) return false;
    } else {
      return false;
    }
  }
  if (dots !== 3 || i >= limit) return false;
  const port = portAfter(buf, i, limit);
  if (port < 0) return false;
  let end = i + 1;
  while (end < limit && !isBlank(buf[end])) end++;
  ipv4Endpoint.address = value;
  ipv4Endpoint.port = port;
  ipv4Endpoint.end = end;
  return true;
}
