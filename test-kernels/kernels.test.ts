/**
 * Behaviour on every lab kernel (`npm run test:kernels`): boots Debian's Linux 6.1 and 6.12 in
 * QEMU (tools/kernel-lab/boot.sh, TCG, -m 2048M) side by side and checks, inside each, what the
 * advice rests on:
 *   - every catalogue key exists as the catalogue says on that kernel, with its scope, and its
 *     default in a fresh network namespace equals the catalogue's for that kernel and memory;
 *   - our value parser accepts exactly what the kernel's write handlers accept;
 *   - connect()'s SYN retransmissions follow synTimeline() on both sides of 6.5's linear
 *     timeouts, a listener's SYN-ACKs follow synackTimeline();
 *   - tcp_tw_reuse 0/1/2 with and without timestamps, tcp_syncookies 0/1/2 under a full SYN
 *     queue, and the port range's limits behave as the rules say;
 *   - `generate` for every built-in profile gives a drop-in procps `sysctl -p` applies without a
 *     complaint, and `apply` / `apply --rollback` of the built CLI work there.
 * Needs Linux, root, apt (the kernel images come from Debian's archive), busybox-static and
 * qemu-system-x86 (.ci/run installs them). Elsewhere it skips and says why; under CI it fails.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CATALOGUE } from '../src/params/catalogue.js';
import { defaultFor, existsOn, integerBounds } from '../src/params/defaults.js';
import { parseParamValue } from '../src/params/values.js';
import { atLeast, parseKernelVersion, type KernelVersion } from '../src/kernel/version.js';
import { synackTimeline, synTimeline } from '../src/params/timing.js';
import { CLI, REPO_ROOT } from '../test/helpers/cli.js';

const SERIES = (process.env.KERNEL_LAB_SERIES ?? '6.1 6.12').split(/\s+/).filter(Boolean);
const LAB = join(REPO_ROOT, 'tools', 'kernel-lab');
const PROFILES = readdirSync(join(REPO_ROOT, 'profiles'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

/** SYN probes [tcp_syn_retries, tcp_syn_linear_timeouts]: the same retries with and without linear timeouts. */
const SYN_PLAN: readonly (readonly [number, number])[] = [
  [2, 4],
  [2, 0],
  [3, 4],
];
const SYNACK_PLAN = [2];
const TW_REUSE_PLAN: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 1],
  [2, 1],
  [1, 0],
];
const COOKIE_PLAN = [0, 1, 2];
const APPLY = {
  file: '/lab/apply.conf',
  text: 'net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.ip_local_port_range = 10240 65535\nnet.ipv4.tcp_keepalive_time = 150\n',
  preset: [
    ['net.ipv4.tcp_fin_timeout', '45'],
    ['net.ipv4.ip_local_port_range', '20000 40001'],
    ['net.ipv4.tcp_keepalive_time', '600'],
  ],
  keys: ['net.ipv4.tcp_fin_timeout', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_keepalive_time'],
};

function unavailableReason(): string | null {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'needs root (apt-get download of the kernel images into the lab cache)';
  for (const [tool, pkg] of [
    ['qemu-system-x86_64', 'qemu-system-x86'],
    ['apt-get', 'apt'],
    ['xz', 'xz-utils'],
  ]) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `needs ${tool} (Debian package ${pkg})`;
  }
  if (!existsSync('/bin/busybox')) return 'needs /bin/busybox (Debian package busybox-static)';
  if (!existsSync(CLI)) return `needs the built CLI (${CLI}): npm run build`;
  return null;
}

interface Entry {
  readonly mode: string;
  readonly value: string | null;
}
type Probe = readonly [number | string, string | null];
interface Result {
  readonly kernel: string;
  readonly memTotalKiB: number;
  readonly ehashEntries: number | null;
  readonly initial: Record<string, Entry | null>;
  readonly child: Record<string, Entry | null>;
  readonly probes: Record<string, { min?: number; max?: number; probes: Probe[]; syntax?: Probe[] }>;
  readonly syn: { retries: number; linear: number | null; error: string; failedAt: number; retransmissionsAt: number[]; failed?: string }[];
  readonly synack: {
    retries: number;
    requestSeenAt: number | null;
    requestGoneAt: number | null;
    retransmissionsAt: number[];
    failed?: string;
  }[];
  readonly twReuse: {
    reuse: number;
    timestamps: number;
    attempts: { at: number; result: string; port: number | null }[];
    twRecycled: number;
    failed?: string;
  }[];
  readonly cookies: { mode: number; synRecv: number; deltas: Record<string, number>; failed?: string }[];
  readonly sysctlP: { profile: string; file: string; status: number; stdout: string; stderr: string }[];
  readonly apply: {
    before: Record<string, string | null>;
    after: Record<string, string | null>;
    restored: Record<string, string | null>;
    applied: { status: number; stdout: string; stderr: string };
    rolledBack: { status: number; stdout: string; stderr: string };
  };
}
interface Run {
  readonly series: string;
  /** Undefined when the VM wrote no meta.json. */
  readonly meta:
    { package: string; version: string; release: string; config: string; memory: string; seconds: number; status: number } | undefined;
  readonly result: Result | undefined;
  readonly problem: string | undefined;
  readonly kernel: KernelVersion;
  readonly hz: number | undefined;
}

/** The overlay one VM boots with: the probes, the plan, generated drop-ins, and the package as installed. */
function overlayFor(series: string, dir: string): void {
  mkdirSync(join(dir, 'lab', 'dropins'), { recursive: true });
  cpSync(join(LAB, 'guest', 'behaviour.mjs'), join(dir, 'lab', 'behaviour.mjs'));
  cpSync(join(LAB, 'guest', 'collect.mjs'), join(dir, 'lab', 'collect.mjs'));
  writeFileSync(
    join(dir, 'lab', 'run'),
    "#!/bin/sh\n# dummy: the passive probes discard SYN-ACKs through it; nf_conntrack: the catalogue's conntrack keys.\nmodprobe dummy 2>/dev/console\nmodprobe nf_conntrack 2>/dev/console\nexec node /lab/behaviour.mjs --all /lab/plan.json 2>/dev/console\n",
    { mode: 0o755 },
  );
  const app = join(dir, 'app');
  mkdirSync(join(app, 'dist'), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(app, 'package.json'));
  for (const folder of ['profiles', 'schemas', join('dist', 'bundle'), join('node_modules', 'yargs')]) {
    cpSync(join(REPO_ROOT, folder), join(app, folder), { recursive: true });
  }
  const dropIns = PROFILES.map((profile) => {
    const generated = spawnSync(process.execPath, [CLI, 'generate', '--profile', profile, '--kernel', series], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(generated.status, 0, `generate --profile ${profile} --kernel ${series}: ${generated.stderr}`);
    writeFileSync(join(dir, 'lab', 'dropins', `${profile}.conf`), generated.stdout);
    return { profile, file: `/lab/dropins/${profile}.conf` };
  });
  writeFileSync(join(dir, 'lab', 'apply.conf'), APPLY.text);
  const catalogue = CATALOGUE.filter((s) => !s.readOnly).map(({ key, shape, handler, scope }) => ({ key, shape, handler, scope }));
  const plan = {
    catalogue,
    syn: SYN_PLAN,
    synack: SYNACK_PLAN,
    twReuse: TW_REUSE_PLAN,
    cookies: COOKIE_PLAN,
    dropIns,
    apply: { cli: '/app/dist/bundle/cli.cjs', file: APPLY.file, keys: APPLY.keys, preset: APPLY.preset },
  };
  writeFileSync(join(dir, 'lab', 'plan.json'), JSON.stringify(plan));
}

function boot(series: string, work: string): Promise<Run> {
  const overlay = join(work, `overlay-${series}`);
  const out = join(work, `out-${series}`);
  overlayFor(series, overlay);
  return new Promise((resolve) => {
    const child = spawn('bash', [join(LAB, 'boot.sh'), series, overlay, out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', () => {
      const meta = existsSync(join(out, 'meta.json'))
        ? (JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as Run['meta'])
        : undefined;
      const data = existsSync(join(out, 'data.txt')) ? readFileSync(join(out, 'data.txt'), 'utf8') : '';
      const line = data.split('\n').find((l) => l.startsWith('{'));
      const console = existsSync(join(out, 'console.txt')) ? readFileSync(join(out, 'console.txt'), 'utf8') : '';
      let result: Result | undefined;
      let problem: string | undefined;
      try {
        result = line ? (JSON.parse(line) as Result) : undefined;
      } catch (error) {
        problem = `unreadable result: ${(error as Error).message}`;
      }
      if (!result) problem ??= `no result from the ${series} VM: ${stderr.trim()}\n${data.slice(-2000)}\n${console.slice(-2000)}`;
      const config = meta?.config && existsSync(meta.config) ? readFileSync(meta.config, 'utf8') : '';
      const hz = /^CONFIG_HZ=(\d+)$/m.exec(config)?.[1];
      resolve({
        series,
        meta,
        result,
        problem,
        kernel: parseKernelVersion(meta?.release ?? series)!,
        hz: hz ? Number(hz) : undefined,
      });
    });
  });
}

const reason = unavailableReason();
if (reason && process.env.CI === 'true') throw new Error(`CI must run the kernel tests, but: ${reason}`);
const work = mkdtempSync(join(tmpdir(), 'sa-kernels-'));
const runs: Run[] = reason ? [] : await Promise.all(SERIES.map((series) => boot(series, work)));
rmSync(work, { recursive: true, force: true });

test('the lab kernels booted', (t) => {
  if (reason) return t.skip(reason);
  for (const run of runs) {
    t.diagnostic(
      `${run.series}: ${run.meta?.package} ${run.meta?.version}, -m ${run.meta?.memory}, boot to power-off ${run.meta?.seconds} s`,
    );
    assert.equal(run.problem, undefined, run.problem);
    assert.equal(run.meta?.status, 0, `${run.series}: QEMU status ${run.meta?.status}`);
  }
});

for (const series of SERIES) {
  const get = (t: { skip: (m: string) => void }): Run | undefined => {
    if (reason) {
      t.skip(reason);
      return undefined;
    }
    const run = runs.find((r) => r.series === series)!;
    assert.ok(run.result, run.problem);
    return run;
  };

  test(`${series}: every catalogue key exists as the catalogue says, with its scope and default`, (t) => {
    const run = get(t);
    if (!run) return;
    const { result, kernel } = run;
    const host = { memTotalBytes: result!.memTotalKiB * 1024, ...(result!.ehashEntries ? { ehashEntries: result!.ehashEntries } : {}) };
    let defaults = 0;
    for (const spec of CATALOGUE.filter((s) => !s.readOnly)) {
      const initial = result!.initial[spec.key];
      const child = result!.child[spec.key];
      assert.equal(
        initial !== null,
        existsOn(spec, kernel),
        `${spec.key} on ${kernel.text}: present = ${initial !== null}, catalogue existsOn = ${existsOn(spec, kernel)}`,
      );
      if (!initial) continue;
      if (spec.scope === 'global') assert.equal(child, null, `${spec.key} is host-wide: absent from a new namespace`);
      if (spec.scope === 'netns') assert.equal(child?.mode, '644', `${spec.key} is per-namespace`);
      if (spec.scope === 'global-readonly-in-netns') assert.equal(child?.mode, '444', `${spec.key}: read-only in a new namespace`);
      // Defaults: per-namespace keys in the fresh namespace, host-wide ones as booted.
      const seen = (child ?? initial).value;
      if (seen === null) continue;
      assert.equal(seen, defaultFor(spec, kernel, host).value, `${spec.key} default on ${kernel.text} with ${result!.memTotalKiB} KiB`);
      defaults++;
    }
    t.diagnostic(`${defaults} defaults compared`);
    assert.ok(defaults >= 25);
  });

  test(`${series}: our parser accepts exactly what the kernel accepts (ranges, syntax, the port range)`, (t) => {
    const run = get(t);
    if (!run) return;
    const host = { ...(run.hz ? { hz: run.hz } : {}) };
    let probes = 0;
    for (const spec of CATALOGUE) {
      const range: Result['probes'][string] | undefined = run.result!.probes[spec.key];
      if (!range) continue;
      const bounds = integerBounds(spec, host);
      if (bounds && range.min !== undefined)
        assert.deepEqual([range.min, range.max], [bounds.min, bounds.max], `${spec.key} accepted range`);
      const unprivilegedPortStart = spec.key === 'net.ipv4.ip_unprivileged_port_start' ? 0 : 1024;
      for (const [value, stored] of [...range.probes, ...(range.syntax ?? [])]) {
        const ours = parseParamValue(spec, String(value), { ...host, unprivilegedPortStart });
        assert.equal(
          ours.ok,
          stored !== null,
          `${spec.key} <- "${value}": kernel ${stored === null ? 'refused' : `stored "${stored}"`}, ours ${JSON.stringify(ours)}`,
        );
        if (ours.ok && stored !== null) {
          const expected = ours.shape === 'port-range' && ours.high === undefined ? `${ours.low} 60999` : ours.canonical;
          assert.equal(stored, expected, `${spec.key} <- "${value}"`);
        }
        probes++;
      }
    }
    t.diagnostic(`${probes} write probes compared`);
    assert.ok(run.result!.probes['net.ipv4.ip_local_port_range'], 'the port range was probed');
  });

  test(`${series}: SYN retransmissions follow synTimeline (linear timeouts from 6.5 only)`, (t) => {
    const run = get(t);
    if (!run) return;
    const linearExists = atLeast(run.kernel, '6.5');
    for (const probe of run.result!.syn) {
      assert.equal(probe.failed, undefined, probe.failed);
      assert.equal(probe.linear === null, !linearExists, `tcp_syn_linear_timeouts exists on ${run.kernel.text}: ${probe.linear !== null}`);
      const expected = synTimeline(probe.retries, probe.linear ?? 0);
      t.diagnostic(
        `N=${probe.retries} L=${probe.linear}: retransmissions at ${probe.retransmissionsAt.join(', ')} (theory ${expected.retransmissionsAt.join(', ')}), ${probe.error} at ${probe.failedAt} s (theory ${expected.givesUpAt})`,
      );
      assert.equal(probe.error, 'ETIMEDOUT');
      assert.equal(
        probe.retransmissionsAt.length,
        expected.retransmissionsAt.length,
        `N=${probe.retries} L=${probe.linear}: number of SYN retransmissions`,
      );
      // The kernel's schedule, not our speed: each event lands after its theoretical time, within timer slack.
      probe.retransmissionsAt.forEach((at, i) => assertNear(at, expected.retransmissionsAt[i]!, `retransmission ${i + 1}`));
      assertNear(probe.failedAt, expected.givesUpAt, 'connect() fails');
    }
    if (!linearExists) {
      // Before 6.5 the linear setting does not exist: N=2 means 2 retransmissions whatever L was asked.
      assert.deepEqual(
        run.result!.syn.filter((p) => p.retries === 2).map((p) => p.retransmissionsAt.length),
        [2, 2],
      );
    }
  });

  test(`${series}: SYN-ACK retransmissions follow synackTimeline`, (t) => {
    const run = get(t);
    if (!run) return;
    for (const probe of run.result!.synack) {
      assert.equal(probe.failed, undefined, probe.failed);
      const expected = synackTimeline(probe.retries);
      t.diagnostic(
        `M=${probe.retries}: SYN-ACK retransmissions at ${probe.retransmissionsAt.join(', ')} (theory ${expected.retransmissionsAt.join(', ')}), request gone at ${probe.requestGoneAt} s (theory ${expected.givesUpAt})`,
      );
      assert.notEqual(probe.requestSeenAt, null, 'a SYN-RECV request socket existed');
      assert.equal(probe.retransmissionsAt.length, expected.retransmissionsAt.length);
      probe.retransmissionsAt.forEach((at, i) => assertNear(at, expected.retransmissionsAt[i]!, `SYN-ACK retransmission ${i + 1}`));
      assertNear(probe.requestGoneAt ?? -1, expected.givesUpAt, 'request dropped');
    }
  });

  test(`${series}: tcp_tw_reuse lets connect() take a TIME-WAIT port after ~1 s, only with timestamps, 2 on loopback`, (t) => {
    const run = get(t);
    if (!run) return;
    for (const probe of run.result!.twReuse) {
      assert.equal(probe.failed, undefined, probe.failed);
      const results = probe.attempts.map((a) => a.result);
      t.diagnostic(`reuse=${probe.reuse} timestamps=${probe.timestamps}: ${results.join(', ')}; TWRecycled +${probe.twRecycled}`);
      const reuses = probe.reuse !== 0 && probe.timestamps !== 0; // 2 = loopback only, and this is loopback
      // Two ports, three quick connects: the third finds both ports in TIME-WAIT. Before
      // tcp_tw_reuse_delay (6.14) the kernel compares whole seconds, so a TIME-WAIT may be taken
      // over a few ms after it began when a second boundary passes in between.
      const wholeSeconds = !atLeast(run.kernel, '6.14');
      assert.deepEqual(results.slice(0, 2), ['ok', 'ok']);
      if (reuses && wholeSeconds) assert.ok(['ok', 'EADDRNOTAVAIL'].includes(results[2]!), results[2]);
      else assert.equal(results[2], 'EADDRNOTAVAIL', `reuse=${probe.reuse} ts=${probe.timestamps}: the third connect`);
      assert.equal(
        results[3],
        reuses ? 'ok' : 'EADDRNOTAVAIL',
        `reuse=${probe.reuse} ts=${probe.timestamps}: the fourth connect, 1.2 s later`,
      );
      assert.equal(probe.twRecycled, results.slice(2).filter((r) => r === 'ok').length, 'TWRecycled counts each takeover');
    }
  });

  test(`${series}: tcp_syncookies 0 drops, 1 answers with cookies when the SYN queue is full, 2 always`, (t) => {
    const run = get(t);
    if (!run) return;
    const byMode = new Map(run.result!.cookies.map((c) => [c.mode, c]));
    for (const c of run.result!.cookies) {
      assert.equal(c.failed, undefined, c.failed);
      t.diagnostic(`tcp_syncookies=${c.mode}: SYN-RECV ${c.synRecv}, ${JSON.stringify(c.deltas)}`);
    }
    const off = byMode.get(0)!;
    const on = byMode.get(1)!;
    const always = byMode.get(2)!;
    assert.ok(off.deltas.TCPReqQFullDrop! > 0 && off.deltas.SyncookiesSent === 0, 'cookies off: SYNs over the queue are dropped');
    assert.ok(
      on.deltas.TCPReqQFullDoCookies! > 0 && on.deltas.SyncookiesSent! > 0 && on.deltas.TCPReqQFullDrop === 0,
      'cookies on: answered with cookies',
    );
    assert.ok(on.synRecv > 0, 'cookies on: the queue itself still holds request sockets');
    assert.equal(always.synRecv, 0, 'cookies always: no request socket is kept');
    // At least: a client the busy emulated CPU closes late retransmits its SYN, which gets a cookie too.
    assert.ok(always.deltas.SyncookiesSent! >= 20, 'cookies always: every SYN answered with a cookie');
  });

  test(`${series}: every built-in profile's generated drop-in passes procps sysctl -p`, (t) => {
    const run = get(t);
    if (!run) return;
    assert.deepEqual(
      run.result!.sysctlP.map((p) => p.profile),
      PROFILES,
    );
    for (const p of run.result!.sysctlP) {
      assert.equal(p.status, 0, `sysctl -p ${p.profile} on ${run.kernel.text}: ${p.stderr}`);
      assert.equal(p.stderr, '', `sysctl -p ${p.profile}: nothing on stderr`);
    }
  });

  test(`${series}: apply writes the drop-in's values and --rollback restores the previous ones`, (t) => {
    const run = get(t);
    if (!run) return;
    const { before, after, restored, applied, rolledBack } = run.result!.apply;
    assert.equal(applied.status, 0, `apply: ${applied.stdout}${applied.stderr}`);
    assert.equal(rolledBack.status, 0, `apply --rollback: ${rolledBack.stdout}${rolledBack.stderr}`);
    assert.deepEqual(before, Object.fromEntries(APPLY.preset));
    assert.deepEqual(after, {
      'net.ipv4.tcp_fin_timeout': '30',
      'net.ipv4.ip_local_port_range': '10240 65535',
      'net.ipv4.tcp_keepalive_time': '150',
    });
    assert.deepEqual(restored, before);
  });
}

/**
 * A kernel timer event, timed by polling counters every 10 ms from a process that shares one
 * emulated CPU with the other probes: within 0.5 s before (the start was seen late) and 1.5 s or
 * 20 % after (timer slack and a busy CPU). The schedules compared differ by whole seconds.
 */
function assertNear(actual: number, expected: number, what: string): void {
  const slack = Math.max(1.5, expected * 0.2);
  assert.ok(actual >= expected - 0.5 && actual <= expected + slack, `${what}: ${actual} s, expected ${expected} s (-0.5 s, +${slack} s)`);
}
