/**
 * collect --out and collect --script make the same bundle; a bundle read with --root gives the
 * same snapshot as the live read it was collected from; and `states` agrees on the live
 * namespace, on the bundle and on an ss -tan capture of the same sockets.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { effectiveConfig } from '../../src/config/index.js';
import { factsFromConfig } from '../../src/facts/from-effective-config.js';
import { readHostSnapshot } from '../../src/readers/host.js';
import { assertProse } from '../helpers/rule-tester.js';
import { requireNetns } from '../helpers/netns.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { CLI_PATH, withHeldSockets } from '../sockets/held-sockets.js';

const node = process.execPath;
const PRINT_SNAPSHOT = fileURLToPath(new URL('../snapshot/print-snapshot.js', import.meta.url));

/** A snapshot as comparable data: root-relative paths, and without what changes between two reads. */
function comparable(snapshot: unknown, root: string): unknown {
  const text = JSON.stringify(snapshot, (_key, value: unknown) => {
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'string' && value.startsWith(root === '/' ? '/' : `${root}/`)) return `ROOT/${relative(root, value)}`;
    return value;
  });
  const data = JSON.parse(text) as {
    root?: string;
    sockstat: { value?: { tcp: Record<string, number> } };
    counters: Record<string, { value?: unknown }>;
    ss: { status: string; file?: string; provenance?: unknown; value?: unknown };
  };
  delete data.root;
  // ss runs live (named by its command) and is read from its file in a bundle: the same capture.
  data.ss = { status: data.ss.status, value: data.ss.value };
  // Host-wide sockstat figures and the kernel counters move on their own (other processes, SYN retransmits).
  if (data.sockstat?.value) for (const global of ['orphan', 'alloc', 'mem']) delete data.sockstat.value.tcp[global];
  for (const group of Object.values(data.counters)) if (group.value) group.value = Object.keys(group.value).sort();
  return data;
}

function tree(root: string, dir = root): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) result[relative(root, path)] = `-> ${readlinkSync(path)}`;
    else if (stat.isDirectory()) Object.assign(result, tree(root, path));
    else result[relative(root, path)] = 'file';
  }
  return result;
}

test('collected bundles (--out and --script) read back as the live namespace; states agree live, bundle, ss capture', (t) => {
  if (!requireNetns(t)) return;
  const work = mkdtempSync(join(tmpdir(), 'collect-'));
  try {
    const run = withHeldSockets([
      `${node} ${CLI_PATH} collect --out ${work}/out`,
      `${node} ${CLI_PATH} collect --script > ${work}/collect.sh && sh ${work}/collect.sh ${work}/script`,
      `${node} ${PRINT_SNAPSHOT} /`,
      `${node} ${CLI_PATH} states --format json`,
      `ss -tan > ${work}/ss.txt`,
    ]);
    assert.deepEqual(run.statuses, [0, 0, 0, 0, 0], run.outputs.join('\n'));
    const live = JSON.parse(run.outputs[2]!) as unknown;
    for (const bundle of ['out', 'script']) {
      const root = join(work, bundle);
      assert.deepEqual(comparable(readHostSnapshot(root), root), comparable(live, '/'), `${bundle} bundle = live read`);
    }
    assert.deepEqual(tree(join(work, 'out')), tree(join(work, 'script')), 'both bundles hold the same paths');

    const liveStates = JSON.parse(run.outputs[3]!) as { states: unknown; byRemote: unknown; destinations: unknown };
    const bundleStates = JSON.parse(runCli(['states', '--format', 'json', '--root', join(work, 'out')]).stdout) as typeof liveStates;
    const ssStates = JSON.parse(runCli(['states', '--format', 'json', '--from', join(work, 'ss.txt')]).stdout) as typeof liveStates;
    assert.deepEqual(bundleStates.states, liveStates.states);
    assert.deepEqual(bundleStates.byRemote, liveStates.byRemote);
    assert.deepEqual(ssStates.states, liveStates.states, 'an ss -tan capture of the same sockets');
    assert.deepEqual(ssStates.byRemote, liveStates.byRemote);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('collect from a root: masks stay symlinks to /dev/null, links to collected files stay links, a merged-/usr alias becomes a relative link', () => {
  const work = mkdtempSync(join(tmpdir(), 'collect-root-'));
  try {
    const source = join(work, 'source');
    const put = (path: string, content: string) => {
      mkdirSync(join(source, path, '..'), { recursive: true });
      writeFileSync(join(source, path), content);
    };
    put('proc/sys/net/ipv4/tcp_fin_timeout', '30\n');
    put('proc/net/tcp', '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n');
    put('etc/sysctl.conf', 'net.ipv4.tcp_fin_timeout = 30\n');
    put('usr/lib/sysctl.d/50-default.conf', 'net.ipv4.tcp_syncookies = 1\n');
    mkdirSync(join(source, 'etc/sysctl.d'), { recursive: true });
    symlinkSync('/dev/null', join(source, 'etc/sysctl.d/50-default.conf'));
    symlinkSync('../sysctl.conf', join(source, 'etc/sysctl.d/99-sysctl.conf'));
    symlinkSync('usr/lib', join(source, 'lib'));
    mkdirSync(join(source, 'proc/self/ns'), { recursive: true });
    symlinkSync('net:[4026531999]', join(source, 'proc/self/ns/net'));
    const out = join(work, 'out');
    const result = runCli(['collect', '--out', out, '--root', source]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /collected \d+ files and 4 links into/);
    assert.equal(readlinkSync(join(out, 'proc/self/ns/net')), 'net:[4026531999]');
    assert.equal(readlinkSync(join(out, 'etc/sysctl.d/50-default.conf')), '/dev/null');
    // Debian's link stays a link: copied as a file, the tools would read /etc/sysctl.conf's lines twice.
    assert.equal(readlinkSync(join(out, 'etc/sysctl.d/99-sysctl.conf')), '../sysctl.conf');
    assert.equal(readFileSync(join(out, 'etc/sysctl.d/99-sysctl.conf'), 'utf8'), 'net.ipv4.tcp_fin_timeout = 30\n');
    const config = factsFromConfig(effectiveConfig(out));
    assert.equal(config.assignments.filter((a) => a.key === 'net.ipv4.tcp_fin_timeout').length, 1, 'one line, read once');
    assert.equal(readlinkSync(join(out, 'lib/sysctl.d')), '../usr/lib/sysctl.d');
    assert.ok(existsSync(join(out, 'lib/sysctl.d/50-default.conf')));
    const snapshot = readHostSnapshot(out);
    assert.ok(snapshot.sysctls['net.ipv4.tcp_fin_timeout']!.status === 'present');

    const again = runCli(['collect', '--out', out, '--root', source]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /is not empty/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('collect --script is a POSIX sh script (sh -n, and dash when present) and refuses a non-empty DIR', () => {
  const script = runCli(['collect', '--script']);
  assert.equal(script.status, 0);
  assert.match(script.stdout, /^#!\/bin\/sh\n/);
  const work = mkdtempSync(join(tmpdir(), 'collect-sh-'));
  try {
    writeFileSync(join(work, 'collect.sh'), script.stdout);
    execFileSync('sh', ['-n', join(work, 'collect.sh')]);
    writeFileSync(join(work, 'occupied'), 'x');
    const shells = ['sh', ...(existsSync('/bin/dash') ? ['/bin/dash'] : [])];
    for (const shell of shells) {
      assert.throws(
        () => execFileSync(shell, [join(work, 'collect.sh'), work], { stdio: 'pipe' }),
        (e: { status?: number; stderr?: Buffer }) => e.status === 2 && /is not empty/.test(String(e.stderr)),
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a bundle with a first reading of the counters (collect --interval) gives rates offline; a bad one is one line, exit 2', () => {
  const work = mkdtempSync(join(tmpdir(), 'collect-earlier-'));
  try {
    const root = join(work, 'root');
    cpSync(join(REPO_ROOT, 'test/fixtures/roots/syn-flood/root'), root, { recursive: true, verbatimSymlinks: true });
    // The first reading, 5 s before: 500 SYN-queue drops fewer.
    const netstat = readFileSync(join(root, 'proc/net/netstat'), 'utf8').replace(/\b48211\b/g, '47711');
    mkdirSync(join(root, 'earlier/proc/net'), { recursive: true });
    writeFileSync(join(root, 'earlier/proc/net/netstat'), netstat);
    writeFileSync(join(root, 'earlier/seconds'), '5\n');
    const json = JSON.parse(runCli(['advise', '--root', root, '--format', 'json']).stdout) as {
      counters: { intervalSeconds: number; values: { name: string; growth?: number; perSecond?: number }[] };
      findings: { rule: string; message: string }[];
    };
    assert.equal(json.counters.intervalSeconds, 5);
    assert.deepEqual(
      json.counters.values.find((v) => v.name === 'TCPReqQFullDrop'),
      { name: 'TCPReqQFullDrop', total: 48211, growth: 500, perSecond: 100 },
    );
    assertProse(
      json.findings.find((f) => f.rule === 'syn-flood')!,
      /TCPReqQFullDrop 48211 \(\+500 over the last 5 s, 100\/s\)/,
    );

    writeFileSync(join(root, 'earlier/seconds'), 'soon\n');
    const bad = runCli(['advise', '--root', root]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /earlier\/seconds:1: "soon" is not the seconds between two readings/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (const args of [
    ['--script', '--interval', '5'],
    ['--out', join(tmpdir(), 'never-written'), '--interval', '0'],
  ]) {
    const result = runCli(['collect', ...args]);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /--interval/);
  }
});
