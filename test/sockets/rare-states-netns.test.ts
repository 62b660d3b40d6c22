/**
 * The states hold-sockets.py cannot make — SYN_RECV, FIN_WAIT1, CLOSING, LAST_ACK — held for real
 * by hold-rare-states.py in `unshare --net`, IPv4 and IPv6: our counts per state and family must
 * equal ss -tan's (-4 and -6 separately), what the holder made, and our reading of ss's own output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireNetns } from '../helpers/netns.js';
import { CLI_PATH, RARE_STATES_HOLDER, SS_TO_STATE, ssColumnCounts, withHeldSockets } from './held-sockets.js';

interface StatesJson {
  states: { state: string; total: number; ipv4: number; ipv6: number }[];
}

function byFamily(counts: Record<string, number>, family: string): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([state, n]) => [`${SS_TO_STATE[state] ?? state} ${family}`, n]));
}

function oursByFamily(json: StatesJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of json.states) {
    if (row.ipv4 > 0) counts[`${row.state} ipv4`] = row.ipv4;
    if (row.ipv6 > 0) counts[`${row.state} ipv6`] = row.ipv6;
  }
  return counts;
}

test('SYN_RECV, FIN_WAIT1, CLOSING, LAST_ACK held for real, IPv4 and IPv6: our counts = ss -tan -4/-6 = what was made', (t) => {
  if (!requireNetns(t)) return;
  const node = process.execPath;
  const run = withHeldSockets(
    [
      `${node} ${CLI_PATH} states --format json`,
      'ss -Htan -4',
      'ss -Htan -6',
      `ss -tan > "$work/ss.txt" && ${node} ${CLI_PATH} states --from "$work/ss.txt" --format json`,
    ],
    RARE_STATES_HOLDER,
  );
  assert.deepEqual(run.statuses, [0, 0, 0, 0], run.outputs.join('\n'));
  const live = oursByFamily(JSON.parse(run.outputs[0]!) as StatesJson);
  const ss = { ...byFamily(ssColumnCounts(run.outputs[1]!), 'ipv4'), ...byFamily(ssColumnCounts(run.outputs[2]!), 'ipv6') };
  assert.deepEqual(live, ss, 'live /proc read = ss -tan, per state and family');
  assert.deepEqual(live, run.expected, 'the states hold-rare-states.py made');
  for (const state of ['SYN_RECV', 'FIN_WAIT1', 'CLOSING', 'LAST_ACK']) {
    assert.ok(live[`${state} ipv4`]! > 0 && live[`${state} ipv6`]! > 0, `${state} held in both families`);
  }
  const fromPaste = oursByFamily(JSON.parse(run.outputs[3]!) as StatesJson);
  assert.deepEqual(fromPaste, live, 'the same sockets read from an ss -tan paste');
});
