/**
 * "address:port" as ss and netstat print it, parsed from bytes into address words:
 *   127.0.0.1:8080   127.0.0.1%lo:7070   0.0.0.0:*   *:*   *:8081
 *   [::1]:8443   [::]:*   [fe80::1%eth0]:22   [fe80::1]%eth0:22   [::ffff:10.0.0.1]:80
 *   ::1:8443   :::*   ::ffff:127.0.0.1:80      (netstat, and ss before iproute2 4.x: no brackets)
 * A bare "*" address is the IPv6 wildcard of a dual-stack socket in iproute2 ≥ 4.x (IPv4's is
 * 0.0.0.0); old ss printed "*" for IPv4 as well, which this cannot tell apart.
 */
import { parseIpv4Bytes, parseIpv6Bytes } from '../sockets/address.js';
import { COLON } from '../util/bytes.js';

const STAR = 0x2a;
const PERCENT = 0x25;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The result of the last parse() — fields reused, so a row costs no object. */
export class EndpointText {
  /** 0 = IPv4, 1 = IPv6. */
  family = 0;
  /** 0 for "*". */
  port = 0;
  /** Characters of the port text ("8080": 4, "*": 1): where the port's colon is, counting back. */
  portDigits = 0;
  /** buf[scopeStart, scopeEnd) is the "%iface" name (empty when none). */
  scopeStart = 0;
  scopeEnd = 0;

  /**
   * Parses buf[start, end) into out[0..3] (IPv4 in out[3]); false when it is not a numeric
   * endpoint (a host or service name, because ss/netstat ran without -n).
   */
  parse(buf: Uint8Array, start: number, end: number, out: Uint32Array): boolean {
    let colon = end - 1;
    while (colon >= start && buf[colon] !== COLON) colon--;
    if (colon <= start || colon === end - 1) return false;
    if (!this.parsePort(buf, colon + 1, end)) return false;
    this.scopeStart = this.scopeEnd = 0;
    let addressStart = start;
    let addressEnd = colon;
    if (buf[start] === OPEN_BRACKET) {
      let close = colon - 1;
      while (close > start && buf[close] !== CLOSE_BRACKET) close--;
      if (close <= start) return false;
      if (close + 1 < colon) {
        if (buf[close + 1] !== PERCENT) return false;
        this.setScope(close + 2, colon);
      }
      addressStart = start + 1;
      addressEnd = close;
    }
    for (let i = addressStart; i < addressEnd; i++) {
      if (buf[i] === PERCENT) {
        this.setScope(i + 1, addressEnd);
        addressEnd = i;
        break;
      }
    }
    if (addressEnd - addressStart === 1 && buf[addressStart] === STAR) {
      this.family = 1;
      out[0] = out[1] = out[2] = out[3] = 0;
      return true;
    }
    const v4 = buf[start] === OPEN_BRACKET ? -1 : parseIpv4Bytes(buf, addressStart, addressEnd);
    if (v4 >= 0) {
      this.family = 0;
      out[0] = out[1] = out[2] = 0;
      out[3] = v4;
      return true;
    }
    this.family = 1;
    return parseIpv6Bytes(buf, addressStart, addressEnd, out, 0);
  }

  private parsePort(buf: Uint8Array, start: number, end: number): boolean {
    this.portDigits = end - start;
    if (end - start === 1 && buf[start] === STAR) {
      this.port = 0;
      return true;
    }
    let port = 0;
    for (let i = start; i < end; i++) {
      const digit = buf[i]! - 0x30;
      if (digit < 0 || digit > 9) return false;
      port = port * 10 + digit;
    }
    if (port > 65535) return false;
    this.port = port;
    return true;
  }

  private setScope(start: number, end: number): void {
    this.scopeStart = start;
    this.scopeEnd = end;
  }
}
