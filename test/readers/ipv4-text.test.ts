import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIpv4 } from '../../src/sockets/address.js';
import { ipv4Before, ipv4Endpoint, ipv4EndpointAt, portAfter } from '../../src/readers/ipv4-text.js';

test('single-pass IPv4 endpoint readers: accept exactly "a.b.c.d:port", refuse the rest (which then takes the general path)', () => {
  const cases: [string, string | null][] = [
    ['10.1.0.5:40000', '10.1.0.5 40000'],
    ['0.0.0.0:1', '0.0.0.0 1'],
    ['255.255.255.255:65535', '255.255.255.255 65535'],
    ['10.1.0.5:65536', null],
    ['256.1.0.5:80', null],
    ['10.1.0:80', null],
    ['10.1.0.5.6:80', null],
    ['10.1.0.5:*', null],
    ['10.1.0.5:', null],
    ['1000.1.0.5:80', null],
    ['127.0.0.1%lo:7070', null],
    ['[::1]:8443', null],
    ['*:*', null],
  ];
  for (const [text, expected] of cases) {
    const line = Buffer.from(` ${text} `);
    const end = line.length - 1;
    const forward = ipv4EndpointAt(line, 1, end) ? `${formatIpv4(ipv4Endpoint.address)} ${ipv4Endpoint.port}` : null;
    assert.equal(forward, expected, `forward ${text}`);
    const colon = line.lastIndexOf(':', end);
    const port = portAfter(line, colon, end);
    const address = port < 0 ? -1 : ipv4Before(line, colon, 0);
    assert.equal(address < 0 ? null : `${formatIpv4(address)} ${port}`, expected, `backward ${text}`);
  }
});
