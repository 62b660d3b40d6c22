import assert from 'node:assert/strict';
import { test } from 'node:test';
import { procAddressWordAt } from '../../src/util/bytes.js';
import { formatIpv4, formatIpv6, isLoopbackAddress, parseIpv4Bytes, parseIpv6Bytes } from '../../src/sockets/address.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

test('/proc address words are %08X of network-order values: bytes appear reversed (docs/kernel/observing.md#socket-table)', () => {
  const cases: [string, string][] = [
    ['0100007F', '127.0.0.1'],
    ['0500090A', '10.9.0.5'],
    ['0200090A', '10.9.0.2'],
    ['00000000', '0.0.0.0'],
    ['FFFFFFFF', '255.255.255.255'],
    ['0101A8C0', '192.168.1.1'],
  ];
  for (const [hex, text] of cases) assert.equal(formatIpv4(procAddressWordAt(bytes(hex), 0)), text, hex);
  assert.equal(procAddressWordAt(bytes('0100007G'), 0), -1);
});

test('/proc IPv6 addresses are four such words', () => {
  const cases: [string, string][] = [
    ['00000000000000000000000001000000', '::1'],
    ['00000000000000000000000000000000', '::'],
    ['0000000000000000FFFF00000100007F', '::ffff:127.0.0.1'],
    ['B80D0120000000000000000001000000', '2001:db8::1'],
    ['000080FE00000000FF01AA0BFE52CD1E', 'fe80::baa:1ff:1ecd:52fe'],
  ];
  for (const [hex, text] of cases) {
    const buf = bytes(hex);
    const words = [0, 8, 16, 24].map((at) => procAddressWordAt(buf, at));
    assert.equal(formatIpv6(words[0]!, words[1]!, words[2]!, words[3]!), text, hex);
  }
});

test('IPv6 text: RFC 5952 formatting and byte-level parsing round-trip', () => {
  const cases: [string, string][] = [
    ['::1', '::1'],
    ['::', '::'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['fe80::1', 'fe80::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:1:1:1:1:1:1', '2001:db8:1:1:1:1:1:1'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['1::', '1::'],
    ['0:0:1::', '0:0:1::'],
  ];
  for (const [input, canonical] of cases) {
    const out = new Uint32Array(4);
    assert.ok(parseIpv6Bytes(bytes(input), 0, input.length, out, 0), input);
    assert.equal(formatIpv6(out[0]!, out[1]!, out[2]!, out[3]!), canonical, input);
  }
  for (const bad of [':1', '1:', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '1.2.3', '']) {
    assert.equal(parseIpv6Bytes(bytes(bad), 0, bad.length, new Uint32Array(4), 0), false, bad);
  }
});

test('IPv4 text parsing', () => {
  assert.equal(parseIpv4Bytes(bytes('127.0.0.1'), 0, 9), 0x7f000001);
  assert.equal(parseIpv4Bytes(bytes('255.255.255.255'), 0, 15), 0xffffffff);
  for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', 'a.b.c.d', '1..2.3', ''])
    assert.equal(parseIpv4Bytes(bytes(bad), 0, bad.length), -1, bad);
});

test('isLoopbackAddress: all of 127.0.0.0/8, ::1, and 127.0.0.0/8 mapped into IPv6; nothing else', () => {
  for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::ffff:127.0.0.53', '::FFFF:127.9.9.9'])
    assert.ok(isLoopbackAddress(address), address);
  for (const address of ['10.0.0.1', '128.0.0.1', '::', '0.0.0.0', '::ffff:10.0.0.1', '::2', '2001:db8::1'])
    assert.ok(!isLoopbackAddress(address), address);
});
