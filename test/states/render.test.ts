import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import { runCli, REPO_ROOT } from '../helpers/cli.js';

const Ajv2020 = Ajv2020Module.default;
const DUMPS = fileURLToPath(new URL('../../../test/fixtures/dumps/', import.meta.url));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/states.schema.json'), 'utf8')),
);

function fixtureRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'states-root-'));
  const files: [string, string][] = [
    ['proc-net-tcp.txt', 'proc/net/tcp'],
    ['proc-net-tcp6.txt', 'proc/net/tcp6'],
    ['sockstat.txt', 'proc/net/sockstat'],
  ];
  for (const [fixture, path] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    copyFileSync(join(DUMPS, fixture), join(root, path));
  }
  return root;
}

test('json output validates against schemas/states.schema.json for every source', () => {
  const root = fixtureRoot();
  try {
    const sources: string[][] = [
      ['--from', join(DUMPS, 'ss-tan.txt')],
      ['--from', join(DUMPS, 'ss-tanpie.txt')],
      ['--from', join(DUMPS, 'netstat-tanop.txt')],
      ['--from', join(DUMPS, 'proc-net-tcp6.txt'), '--input-format', 'proc-net-tcp'],
      ['--from', join(DUMPS, 'ss-tan-state-time-wait.txt'), '--state', 'time-wait'],
      ['--root', root],
      ['--root', root, '--top', '1'],
    ];
    for (const args of sources) {
      const result = runCli(['states', '--format', 'json', ...args]);
      assert.equal(result.status, 0, result.stderr);
      const data = JSON.parse(result.stdout) as { states: unknown[]; topN: number };
      assert.ok(validate(data), `${args.join(' ')}: ${JSON.stringify(validate.errors)}`);
      assert.equal(data.states.length, 11);
    }
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('text: the per-state table, TIME_WAIT destinations with their share of ports, full accept queues', () => {
  const result = runCli(['states', '--from', join(DUMPS, 'ss-tan.txt')]);
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.match(lines[2]!, /^State +IPv4 +IPv6 +Total +Share$/);
  assert.ok(lines.includes('ESTABLISHED    12     2     14   42.4%'), result.stdout);
  assert.ok(lines.includes('all            27     6     33  100.0%'), result.stdout);
  // The share counts every socket towards the destination (11 hold ports), as advise does.
  assert.match(result.stdout, /^ {2}Remote endpoint +TIME_WAIT +All states +Share of ports$/m);
  assert.match(result.stdout, /^ {2}127\.0\.0\.1:8080 +5 +11 +0\.04%$/m);
  assert.match(result.stdout, /^ {2}127\.0\.0\.1:9090 +3 +2 +FULL$/m);
  // A dump does not say its host's range: this host's is used (the kernel default where it has none).
  assert.match(
    result.stdout,
    /(this host's ip_local_port_range \(\/proc\/sys\/net\/ipv4\/ip_local_port_range; the dump does not say its own\)|kernel default) per source address/,
  );
});

test('prometheus: valid text exposition (HELP and TYPE once per metric, then its samples)', () => {
  const root = fixtureRoot();
  try {
    for (const args of [
      ['--from', join(DUMPS, 'ss-tano.txt')],
      ['--root', root],
    ]) {
      const result = runCli(['states', '--format', 'prometheus', ...args]);
      assert.equal(result.status, 0, result.stderr);
      const seen = new Set<string>();
      let current = '';
      for (const line of result.stdout.trimEnd().split('\n')) {
        const help = /^# HELP (\w+) .+$/.exec(line);
        const type = /^# TYPE (\w+) gauge$/.exec(line);
        if (help) {
          assert.ok(!seen.has(help[1]!), `HELP ${help[1]} twice`);
          seen.add(help[1]!);
          current = help[1]!;
        } else if (type) {
          assert.equal(type[1], current);
        } else {
          assert.match(line, /^(\w+)(\{(\w+="(?:[^"\\]|\\.)*",?)+\})? -?[\d.e+-]+$/, line);
          assert.equal(line.split(/[{ ]/)[0], current, line);
        }
      }
      assert.match(result.stdout, /^sysctl_advisor_tcp_sockets\{state="time_wait",family="ipv4"\} 5$/m);
      assert.match(result.stdout, /^sysctl_advisor_tcp_timewait_minisocks 8$/m);
    }
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('usage mistakes are one line on stderr with exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['--root', '/', '--from', join(DUMPS, 'ss-tan.txt')], /--root and --from exclude each other/],
    [['--state', 'time-wait'], /--state goes with --from/],
    [['--from', join(DUMPS, 'ss-tan.txt'), '--state', 'time-wait'], /has a State column/],
    [['--from', join(DUMPS, 'ss-tan.txt'), '--top', '0'], /--top takes a whole number from 1 to 10000, e\.g\. 20 \(not "0"\)/],
    [['--from', DUMPS], /not a regular file/],
  ];
  for (const [args, message] of cases) {
    const result = runCli(['states', ...args]);
    assert.equal(result.status, 2, args.join(' '));
    assert.equal(result.stdout, '');
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1);
  }
});
