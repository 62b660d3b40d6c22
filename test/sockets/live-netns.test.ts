/**
 * Real sockets: hold-sockets.py creates sockets in known states inside `unshare --net` (loopback
 * only), and our reader, run in the same namespace against its /proc, must count what ss counts
 * and what sockstat says.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import { requireNetns } from '../helpers/netns.js';
import { CLI_PATH, REPO, SS_TO_STATE, ssColumnCounts, withHeldSockets } from './held-sockets.js';

const Ajv2020 = Ajv2020Module.default;
const node = process.execPath;

interface StatesJson {
  states: { state: string; total: number; ipv4: number; ipv6: number }[];
  timewaitMinisocks: number | null;
  sockstat: { tcp: { tw: number } } | null;
  listeners: { port: number; queue: number; backlog: number | null }[];
  byRemote: Record<string, { endpoint: string; count: number }[]>;
}

test('live /proc in a namespace holding real sockets: our counts = ss -tan = what was made; TIME_WAIT+orphans = sockstat tw', (t) => {
  if (!requireNetns(t)) return;
  const run = withHeldSockets([
    `${node} ${CLI_PATH} states --format json`,
    'ss -Htan',
    'cat /proc/net/sockstat',
    `${node} ${CLI_PATH} states`,
  ]);
  assert.deepEqual(run.statuses, [0, 0, 0, 0], run.outputs.join('\n'));
  const ours = JSON.parse(run.outputs[0]!) as StatesJson;
  const ssCounts = Object.fromEntries(Object.entries(ssColumnCounts(run.outputs[1]!)).map(([k, v]) => [SS_TO_STATE[k] ?? k, v]));
  const oursNonZero = Object.fromEntries(ours.states.filter((s) => s.total > 0).map((s) => [s.state, s.total]));
  assert.deepEqual(oursNonZero, ssCounts, 'same counts as ss -tan');
  assert.deepEqual(oursNonZero, run.expected, 'the states hold-sockets.py made');
  const tw = Number(/^TCP: .* tw (\d+)/m.exec(run.outputs[2]!)![1]);
  assert.equal(ours.timewaitMinisocks, tw, 'TIME_WAIT + orphaned FIN_WAIT2 = sockstat tw');
  assert.equal(ours.sockstat!.tcp.tw, tw);
  assert.equal(ours.listeners.find((l) => l.port === 9090)!.queue, 3, 'the never-accepted listener holds 3');
  assert.deepEqual(
    ours.byRemote.TIME_WAIT!.map((e) => [e.endpoint, e.count]),
    [
      ['127.0.0.1:8080', 5],
      ['[::1]:8443', 2],
    ],
  );
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
    JSON.parse(readFileSync(`${REPO}schemas/states.schema.json`, 'utf8')),
  );
  assert.ok(validate(ours), JSON.stringify(validate.errors));
  assert.match(run.outputs[3]!, /^TIME_WAIT +5 +2 +7 /m);
});
