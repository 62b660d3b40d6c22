/**
 * The /proc/net/tcp scanner has a fast path for kernel-laid-out IPv4 rows and a general one;
 * both must count the same. A kernel-format file (the benchmark's generator, 30k rows, so row
 * numbers cross 9999) is read as is, with the fast path off, and with its padding stripped (no
 * fixed stride), against field splitting as the oracle; a re-spaced copy is refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateProcNetTcp } from '../../bench/lib-generate.js';
import { scanProcNetTcp } from '../../src/readers/proc-net-tcp.js';
import { readSocketDump } from '../../src/readers/socket-dump.js';
import { KERNEL_DEFAULT_PORT_RANGE } from '../../src/sockets/port-range.js';
import { summariseTally } from '../../src/sockets/summary.js';
import { SocketTally } from '../../src/sockets/tally.js';
import type { SocketSummary } from '../../src/snapshot/types.js';
import { InputError } from '../../src/util/errors.js';

const essentials = (s: SocketSummary) => ({
  byState: s.byState,
  byRemote: s.byRemote,
  byLocalPort: s.byLocalPort,
  destinations: s.destinations,
  listeners: s.listeners,
  minisocks: s.timewaitMinisocks,
  grouping: s.grouping,
});

test('fast and general paths agree, and agree with field splitting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-paths-'));
  try {
    const file = join(dir, 'tcp');
    generateProcNetTcp(file, 30_000, 7);
    const text = readFileSync(file, 'utf8');
    const kernel = readSocketDump({ kind: 'file', path: file });
    const stripped = readSocketDump(text.replace(/ +\n/g, '\n'), { format: 'proc-net-tcp' });
    // Two spaces after "N:" move every field off the kernel's columns: refused at the first row.
    assert.throws(
      () => readSocketDump(text.replace(/^( *\d+): /gm, '$1:  '), { format: 'proc-net-tcp', name: 'respaced' }),
      (e: unknown) => e instanceof InputError && e.location?.line === 2 && /not a \/proc\/net\/tcp row/.test(e.message),
    );
    assert.deepEqual(essentials(stripped), essentials(kernel));
    const tally = new SocketTally();
    scanProcNetTcp({ kind: 'file', path: file }, tally, { generalOnly: true });
    assert.deepEqual(
      essentials(summariseTally(tally, { portRange: KERNEL_DEFAULT_PORT_RANGE, sources: kernel.sources })),
      essentials(kernel),
      'general path = fast path',
    );

    const oracle = new Map<number, number>();
    for (const line of text.split('\n').slice(1)) {
      if (!line) continue;
      const code = parseInt(line.trim().split(/\s+/)[3]!, 16);
      oracle.set(code, (oracle.get(code) ?? 0) + 1);
    }
    const codes = [
      'ESTABLISHED',
      'SYN_SENT',
      'SYN_RECV',
      'FIN_WAIT1',
      'FIN_WAIT2',
      'TIME_WAIT',
      'CLOSE',
      'CLOSE_WAIT',
      'LAST_ACK',
      'LISTEN',
      'CLOSING',
    ] as const;
    codes.forEach((state, i) => assert.equal(kernel.byState[state].total, oracle.get(i + 1) ?? 0, state));
    assert.equal(kernel.total.total, 30_000);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
