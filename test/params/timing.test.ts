import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  keepaliveDetectionSeconds,
  orphanFinWait2Seconds,
  portCapacity,
  retries2Seconds,
  synackTimeline,
  synTimeline,
} from '../../src/params/timing.js';

// docs/kernel/retransmission-timing.md#tcp_syn_retries, measured on 6.18: [N, L, retransmissions at, fails at]
const synCases: [number, number, number[], number][] = [
  [1, 4, [1, 2], 3],
  [2, 4, [1, 2, 3, 4, 5], 7],
  [3, 4, [1, 2, 3, 4, 5, 7, 11], 19],
  [6, 4, [1, 2, 3, 4, 5, 7, 11, 19, 35, 67], 131],
  [1, 0, [1], 3],
  [2, 0, [1, 3], 7],
  [3, 0, [1, 3, 7], 15],
  [6, 0, [1, 3, 7, 15, 31, 63], 127],
];
for (const [n, l, at, fails] of synCases) {
  test(`tcp_syn_retries=${n} with linear timeouts ${l}`, () => {
    assert.deepEqual(synTimeline(n, l), { retransmissionsAt: at, givesUpAt: fails });
  });
}

test('SYN-ACK timeline (docs/kernel/retransmission-timing.md#tcp_synack_retries)', () => {
  assert.deepEqual(synackTimeline(5), { retransmissionsAt: [1, 3, 7, 15, 31], givesUpAt: 63 });
  assert.deepEqual(synackTimeline(2), { retransmissionsAt: [1, 3], givesUpAt: 7 });
  assert.deepEqual(synackTimeline(0), { retransmissionsAt: [], givesUpAt: 1 });
});

test('keepalive, orphan, retries2 and port capacity arithmetic', () => {
  assert.equal(keepaliveDetectionSeconds(7200, 75, 9), 7875);
  assert.equal(orphanFinWait2Seconds(10), 10);
  assert.equal(orphanFinWait2Seconds(60), 60);
  assert.equal(orphanFinWait2Seconds(65), 10); // 2 × (65 − 60), measured 10.4 s
  assert.equal(orphanFinWait2Seconds(120), 120);
  assert.equal(retries2Seconds(15), 924.6);
  assert.equal(retries2Seconds(8), 102.2);
  assert.deepEqual(portCapacity(32768, 60999), { usablePorts: 28232, ratePerDestination: 470 });
});
