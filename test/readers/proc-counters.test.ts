import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCounterFile } from '../../src/readers/proc-counters.js';
import { InputError } from '../../src/util/errors.js';

const source = (text: string) => ({ kind: 'buffer' as const, data: Buffer.from(text), name: 'netstat' });

test('name/value line pairs, negative values (Tcp MaxConn -1) and 64-bit counters beyond 2^53', () => {
  const groups = readCounterFile(
    source(
      [
        'TcpExt: SyncookiesSent ListenOverflows TW',
        'TcpExt: 0 21 18446744073709551615',
        'IpExt: InNoRoutes InOctets',
        'IpExt: 0 9007199254740991',
        'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens',
        'Tcp: 1 200 120000 -1 12',
        '',
      ].join('\n'),
    ),
  );
  assert.deepEqual(groups.TcpExt!.values, { SyncookiesSent: 0, ListenOverflows: 21, TW: 18446744073709551615n });
  assert.deepEqual(groups.TcpExt!.provenance, { file: 'netstat', line: 2 });
  assert.equal(groups.IpExt!.values.InOctets, 9007199254740991);
  assert.equal(groups.Tcp!.values.MaxConn, -1);
});

test('malformed counter files are InputErrors at the line', () => {
  const cases: [string, number, RegExp][] = [
    ['TcpExt: A B\nTcpExt: 1\n', 2, /1 values for 2 names/],
    ['TcpExt: A B\nIpExt: 1 2\n', 2, /expected the "TcpExt:" values/],
    ['TcpExt: A B\nTcpExt: 1 x\n', 2, /"x" is not an integer/],
    ['TcpExt: A B\n', 1, /without its line of values/],
    ['TcpExt: 1 2\n', 1, /values without a line of names/],
    ['garbage\n', 1, /not a counter line/],
  ];
  for (const [text, line, message] of cases) {
    assert.throws(
      () => readCounterFile(source(text)),
      (e: unknown) => e instanceof InputError && e.location?.line === line && message.test(e.message),
      message.source,
    );
  }
});
