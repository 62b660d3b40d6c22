import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { evaluateThresholds, normaliseThresholds, parseThresholdFlags } from '../../src/states/thresholds.js';
import type { TcpStateName } from '../../src/snapshot/types.js';
import { TCP_STATES } from '../../src/sockets/states.js';
import type { FamilyCounts } from '../../src/snapshot/types.js';
import { UsageError } from '../../src/util/errors.js';
import { runCli } from '../helpers/cli.js';

const SS = fileURLToPath(new URL('../../../test/fixtures/dumps/ss-tan.txt', import.meta.url)); // TIME_WAIT 7, ESTABLISHED 14

function counts(values: Partial<Record<TcpStateName, number>>): Record<TcpStateName, FamilyCounts> {
  return Object.fromEntries(TCP_STATES.map((s) => [s, { ipv4: values[s] ?? 0, ipv6: 0, total: values[s] ?? 0 }])) as Record<
    TcpStateName,
    FamilyCounts
  >;
}

test('thresholds as data: Nagios semantics (alert above N), worst level wins, perfdata for every state', () => {
  const byState = counts({ TIME_WAIT: 700, ESTABLISHED: 12 });
  const cases: [Record<string, number>, Record<string, number>, string, number][] = [
    [{ time_wait: 800 }, {}, 'OK', 0],
    [{ TIME_WAIT: 700 }, {}, 'OK', 0], // 700 is not above 700
    [{ 'time-wait': 600 }, { TIME_WAIT: 800 }, 'WARNING', 1],
    [{ TIME_WAIT: 600 }, { ESTAB: 10 }, 'CRITICAL', 2],
    [{}, { total: 711 }, 'CRITICAL', 2],
  ];
  for (const [warn, crit, status, exitCode] of cases) {
    const result = evaluateThresholds(byState, 712, normaliseThresholds({ warn, crit }));
    assert.equal(result.status, status, JSON.stringify({ warn, crit }));
    assert.equal(result.exitCode, exitCode);
  }
  const warning = evaluateThresholds(byState, 712, normaliseThresholds({ warn: { TIME_WAIT: 600 }, crit: { TIME_WAIT: 800 } }));
  assert.match(
    warning.line,
    /^TCP STATES WARNING - TIME_WAIT=700 \(warn 600, crit 800\) \| 'established'=12;;;0; .*'time_wait'=700;600;800;0; .*'total'=712;;;0;$/,
  );
  assert.equal(warning.line.split('\n').length, 1);
});

test('threshold flags: STATE=N, comma lists, every spelling; mistakes are usage errors', () => {
  assert.deepEqual(parseThresholdFlags(['TIME_WAIT=600', 'established=5,close-wait=1'], []), {
    warn: { TIME_WAIT: 600, established: 5, 'close-wait': 1 },
    crit: {},
  });
  assert.throws(() => parseThresholdFlags(['TIME_WAIT'], []), UsageError);
  assert.throws(() => normaliseThresholds({ warn: { WAITING: 1 } }), /not a TCP state/);
});

test('monitoring mode through the CLI: exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, one line each', () => {
  const cases: [string[], number, RegExp][] = [
    [['--warn', 'TIME_WAIT=10'], 0, /^TCP STATES OK - TIME_WAIT=7 \(warn 10\), 33 sockets \| /],
    [
      ['--warn', 'time-wait=6', '--crit', 'TIME_WAIT=10'],
      1,
      /^TCP STATES WARNING - TIME_WAIT=7 \(warn 6, crit 10\) \| .*'time_wait'=7;6;10;0;/,
    ],
    [['--warn', 'TIME_WAIT=5', '--crit', 'ESTAB=13'], 2, /^TCP STATES CRITICAL - ESTABLISHED=14 \(crit 13\), TIME_WAIT=7 \(warn 5\) \| /],
    [['--warn', 'WAITING=5'], 3, /^TCP STATES UNKNOWN - --warn WAITING: not a TCP state/],
  ];
  for (const [flags, status, line] of cases) {
    const result = runCli(['states', '--from', SS, ...flags]);
    assert.equal(result.status, status, `${flags.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.match(result.stdout, line);
    assert.equal(result.stdout.trimEnd().split('\n').length, 1);
  }
  const unreadable = runCli(['states', '--from', '/nonexistent/ss.txt', '--warn', 'TIME_WAIT=1']);
  assert.equal(unreadable.status, 3);
  assert.equal(unreadable.stdout, 'TCP STATES UNKNOWN - /nonexistent/ss.txt: no such file\n');
  const garbage = runCli(['states', '--from', '-', '--crit', 'TIME_WAIT=1'], { input: 'not a table\n' });
  assert.equal(garbage.status, 3);
  assert.match(garbage.stdout, /^TCP STATES UNKNOWN - -:1: unrecognised input/);
});
