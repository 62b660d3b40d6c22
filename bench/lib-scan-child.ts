/**
 * Child process for bench/states.ts: times the state histogram + per-destination grouping of one
 * /proc/net/tcp file in-process (modules already loaded, so Node's start-up is not counted) and
 * prints {"ms", "rows", "maxRssKb", "states"} as JSON.
 */
import { readSocketDump } from '../src/readers/socket-dump.js';

const path = process.argv[2];
if (!path) throw new Error('usage: node lib-scan-child.js FILE');
const started = performance.now();
const summary = readSocketDump({ kind: 'file', path }, { format: 'proc-net-tcp' });
const ms = performance.now() - started;
const states = Object.fromEntries(Object.entries(summary.byState).map(([state, counts]) => [state, counts.total]));
process.stdout.write(
  `${JSON.stringify({ ms, rows: summary.total.total, maxRssKb: process.resourceUsage().maxRSS, states, topDestination: summary.destinations[0] ?? null })}\n`,
);
