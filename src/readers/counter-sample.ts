/**
 * The first of two readings for rates (advise --interval, the wizard on a live host): the
 * counters and the socket table now, with the time. The second reading is the report's own
 * snapshot; facts turn the pair into growth per second.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { EARLIER_DIR, EARLIER_SECONDS_FILE } from './bundle-layout.js';
import { readText } from './line-scanner.js';
import { readRootFile } from './root-file.js';
import type { SocketSummary, TcpCounters } from '../snapshot/types.js';
import { readCounters, readHostSnapshot } from './host.js';
import { InputError } from '../util/errors.js';

export interface CounterSample {
  readonly counters: TcpCounters;
  readonly sockets?: SocketSummary;
  /** performance.now() when it was taken. */
  readonly takenAt: number;
}

export function takeCounterSample(root: string): CounterSample {
  const snapshot = readHostSnapshot(root, { ss: false });
  return {
    counters: snapshot.counters,
    ...(snapshot.sockets.status === 'present' ? { sockets: snapshot.sockets.value } : {}),
    takenAt: performance.now(),
  };
}

/**
 * The first reading a bundle carries (collect --interval): its counters and the seconds before
 * the bundle's own reading; undefined when the bundle has none.
 */
export function bundleEarlierReading(root: string): { readonly counters: TcpCounters; readonly seconds: number } | undefined {
  const seconds = readRootFile(root, EARLIER_SECONDS_FILE, (source, file) => {
    const text = readText(source).trim();
    const value = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0))
      throw new InputError(`"${text.slice(0, 40)}" is not the seconds between two readings (a number above 0)`, { file, line: 1 });
    return { value, provenance: { file, line: 1 } };
  });
  if (seconds.status !== 'present') return undefined;
  return { counters: readCounters(join(root, EARLIER_DIR)), seconds: seconds.value };
}

/** Seconds since the sample, to a tenth. */
export function secondsSince(sample: CounterSample): number {
  return Math.max(0.1, Math.round((performance.now() - sample.takenAt) / 100) / 10);
}

/** Waits until at least `seconds` have passed since the sample. */
export async function waitSince(sample: CounterSample, seconds: number): Promise<void> {
  const left = seconds * 1000 - (performance.now() - sample.takenAt);
  if (left > 0) await sleep(left);
}

/** The kernel counters the rules read, reported with totals and (with a window) rates. */
export const WATCHED_COUNTERS: readonly string[] = [
  'ListenOverflows',
  'ListenDrops',
  'TCPReqQFullDrop',
  'TCPReqQFullDoCookies',
  'SyncookiesSent',
  'SyncookiesRecv',
  'SyncookiesFailed',
  'TCPTimeWaitOverflow',
  'TCPAbortOnMemory',
  'TW',
  'TWRecycled',
  'ActiveOpens',
  'PassiveOpens',
  'AttemptFails',
];
