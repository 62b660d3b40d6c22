/**
 * A busy table for real: bench/lib-time-wait.py (the live benchmark's socket maker) puts 20,000
 * TIME_WAIT sockets on loopback inside `unshare --net`, spread over listeners on ports below 1024,
 * and `states` in that namespace must count each of them, as ss and /proc/net/sockstat do, and
 * group them by destination exactly. This also keeps the benchmark's maker honest: what the
 * benchmark times is a table of the size it claims.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inNetns, requireNetns } from '../helpers/netns.js';
import { CLI_PATH, REPO } from './held-sockets.js';

const SOCKETS = 70_000; // past one listener's 64,512 client ports, so a second listener is used

test(`${SOCKETS} TIME_WAIT sockets: states counts what ss and sockstat count, per destination`, { timeout: 120_000 }, (t) => {
  if (!requireNetns(t)) return;
  const out = inNetns(
    [
      'ip link set lo up',
      `python3 ${REPO}bench/lib-time-wait.py ${SOCKETS} >/dev/null`,
      `${process.execPath} ${CLI_PATH} states --format json --top 5`,
      'echo @@@',
      'ss -Htan state time-wait | wc -l',
      'echo @@@',
      'cat /proc/net/sockstat',
    ].join('\n'),
    { timeoutMs: 110_000 },
  );
  const [json, ssCount, sockstat] = out.split('@@@\n');
  const ours = JSON.parse(json!) as {
    states: { state: string; total: number }[];
    byRemote: Record<string, { endpoint: string; count: number }[]>;
  };
  const timeWait = ours.states.find((s) => s.state === 'TIME_WAIT')!.total;
  assert.equal(timeWait, SOCKETS);
  assert.equal(Number(ssCount!.trim()), SOCKETS, 'ss -tan state time-wait');
  assert.equal(Number(/^TCP: .* tw (\d+)/m.exec(sockstat!)![1]), SOCKETS, 'sockstat tw');
  assert.deepEqual(
    ours.byRemote.TIME_WAIT!.map((e) => [e.endpoint, e.count]),
    [
      ['127.0.0.1:900', 65535 - 1024 + 1],
      ['127.0.0.1:901', SOCKETS - (65535 - 1024 + 1)],
    ],
  );
});
