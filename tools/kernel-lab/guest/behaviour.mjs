// Behaviour probes run inside a lab VM by `npm run test:kernels` (test-kernels/kernels.test.ts
// asserts on what they print). Each probe runs in its own network namespace, so probes can run
// side by side and none sees another's settings or counters:
//   --syn N L       connect() to a black-holed address: when each SYN retransmission leaves, when connect() fails
//   --synack M      a SYN whose SYN-ACKs are discarded: when each SYN-ACK retransmission leaves, when the request goes
//   --twreuse R T   tcp_tw_reuse=R, tcp_timestamps=T, a two-port range: which connect() calls get a port
//   --cookies S     tcp_syncookies=S: 20 SYNs at a listen(4) listener whose SYN-ACKs are discarded
// `--all PLAN.json` (the VM's /lab/run) runs them in child namespaces and adds the namespace
// readout, write probes, `sysctl -p` of generated drop-ins, and apply with its rollback; it
// prints one JSON object.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync, existsSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = (t0) => Math.round((performance.now() - t0) / 10) / 100;

function sh(script) {
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${script}: ${result.stderr}`);
  return result.stdout;
}

function setSysctl(key, value) {
  writeFileSync(`/proc/sys/${key.replaceAll('.', '/')}`, `${value}\n`);
}

function readSysctl(key) {
  const path = `/proc/sys/${key.replaceAll('.', '/')}`;
  return existsSync(path) ? readFileSync(path, 'utf8').trim().replace(/\s+/g, ' ') : null;
}

/** TcpExt counters from /proc/net/netstat and Tcp ones from /proc/net/snmp, by name. */
function counters(names) {
  const out = {};
  for (const file of ['/proc/net/netstat', '/proc/net/snmp']) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const header = lines[i].split(/\s+/);
      const values = lines[i + 1].split(/\s+/);
      for (const name of names) {
        const at = header.indexOf(name);
        if (at > 0 && out[name] === undefined) out[name] = Number(values[at]);
      }
    }
  }
  return out;
}

/** Probes write sysctls: refuse to run in the namespace of the caller (LAB_PARENT_NETNS, its /proc/self/ns/net). */
function requireOwnNamespace() {
  const parent = process.env.LAB_PARENT_NETNS;
  if (!parent || readlinkSync('/proc/self/ns/net') === parent) throw new Error('run me under unshare --net with LAB_PARENT_NETNS set');
  sh('ip link set lo up');
}

/** Records the time of every increment of some counters until stopped. */
function watch(names, t0) {
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const last = counters(names);
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const now_ = counters(names);
      for (const n of names) for (; last[n] < now_[n]; last[n]++) times[n].push(now(t0));
      await sleep(10);
    }
  })();
  return { times, stop: async () => ((stopped = true), await loop) };
}

/** Seconds after the SYN left (Tcp ActiveOpens counts it), rounded to 10 ms. */
const since = (start) => (t) => Math.round((t - start) * 100) / 100;

async function synProbe(retries, linear) {
  requireOwnNamespace();
  sh('ip route add 10.9.0.0/16 dev lo');
  setSysctl('net.ipv4.tcp_syn_retries', retries);
  const hasLinear = existsSync('/proc/sys/net/ipv4/tcp_syn_linear_timeouts');
  if (hasLinear) setSysctl('net.ipv4.tcp_syn_linear_timeouts', linear);
  // Times count from the moment the SYN left, not from the call: starting node processes side by
  // side on one emulated CPU can delay the connect() system call by a second or more.
  const t0 = performance.now();
  const watcher = watch(['TCPSynRetrans', 'ActiveOpens'], t0);
  const error = await new Promise((resolve) => {
    const socket = net.connect({ host: '10.9.0.2', port: 80 });
    socket.on('connect', () => resolve('connected'));
    socket.on('error', (e) => resolve(e.code));
  });
  const endedAt = now(t0);
  await watcher.stop();
  const relative = since(watcher.times.ActiveOpens[0] ?? 0);
  const failedAt = relative(endedAt);
  return { retries, linear: hasLinear ? linear : null, error, failedAt, retransmissionsAt: watcher.times.TCPSynRetrans.map(relative) };
}

/**
 * A SYN from 10.9.0.5 to a listener on 10.8.0.1 (both local addresses), whose SYN-ACKs are
 * lost: a policy rule ahead of the local table sends traffic from 10.8.0.1 to 10.9.0.5 out of a
 * dummy device, which discards it after a successful transmission. The client closes while in
 * SYN-SENT, which sends nothing, so the request socket lives out its SYN-ACK retries.
 * (Through lo the SYN-ACK would be delivered locally whatever the route says.) Needs the dummy module.
 */
async function passiveSetup() {
  requireOwnNamespace();
  sh(
    'ip link add d0 type dummy && ip link set d0 up && ip addr add 10.9.0.5/32 dev lo && ip addr add 10.8.0.1/32 dev lo && ' +
      'ip rule add pref 100 table local && ip rule del pref 0 table local && ' +
      'ip rule add pref 10 from 10.8.0.1 to 10.9.0.5 table 100 && ip route add 10.9.0.5 dev d0 table 100',
  );
}

function halfOpen(port, localPort) {
  const client = net.connect({ host: '10.8.0.1', port, localAddress: '10.9.0.5', ...(localPort ? { localPort } : {}) });
  client.on('error', () => {});
  return client;
}

function listen(port, backlog, host = '127.0.0.1') {
  return new Promise((resolve) => {
    // The server closes after the client: the TIME-WAIT stays on the client's side, on its port.
    const server = net.createServer((s) => {
      s.on('error', () => {});
      s.on('end', () => s.end());
      s.resume();
    });
    server.listen({ host, port, backlog }, () => resolve(server));
  });
}

function synRecvCount() {
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .filter((l) => /^\s*\d+: \S+ \S+ 03 /.test(l)).length;
}

/** The SYN-ACK timer expiries of the one request socket (the "retrnsmt" column of /proc/net/tcp), or null when there is none. */
function requestTimeouts() {
  const line = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .find((l) => /^\s*\d+: \S+ \S+ 03 /.test(l));
  return line ? Number.parseInt(line.trim().split(/\s+/)[6], 16) : null;
}

/**
 * SYN-ACK retransmissions are read from the request socket's own timer count, not from
 * TCPSynRetrans: when the emulated CPU is busy the client may retransmit its SYN before it is
 * closed, and the listener answers such a duplicate with an extra SYN-ACK that TCPSynRetrans
 * counts but the request's schedule does not.
 */
async function synackProbe(retries) {
  await passiveSetup();
  setSysctl('net.ipv4.tcp_synack_retries', retries);
  const server = await listen(8080, 128, '10.8.0.1');
  const t0 = performance.now();
  const watcher = watch(['ActiveOpens'], t0);
  const client = halfOpen(8080);
  await sleep(50);
  client.destroy();
  let goneAt = null;
  let seenAt = null;
  let timeouts = 0;
  const retransmissionsAt = [];
  const limit = (2 ** (retries + 1) + 10) * 1000;
  while (performance.now() - t0 < limit) {
    const count = requestTimeouts();
    if (count === null && seenAt !== null) {
      goneAt = now(t0);
      break;
    }
    if (count !== null) {
      seenAt ??= now(t0);
      for (; timeouts < count; timeouts++) retransmissionsAt.push(now(t0));
    }
    await sleep(10);
  }
  await watcher.stop();
  server.close();
  // From the SYN (the client's ActiveOpens): the listener answers it at once.
  const relative = since(watcher.times.ActiveOpens[0] ?? 0);
  return {
    retries,
    requestSeenAt: seenAt === null ? null : relative(seenAt),
    requestGoneAt: goneAt === null ? null : relative(goneAt),
    retransmissionsAt: retransmissionsAt.map(relative),
  };
}

async function twReuseProbe(reuse, timestamps) {
  requireOwnNamespace();
  setSysctl('net.ipv4.ip_local_port_range', '40000 40001');
  setSysctl('net.ipv4.tcp_tw_reuse', reuse);
  setSysctl('net.ipv4.tcp_timestamps', timestamps);
  const server = await listen(9090, 64);
  const t0 = performance.now();
  const before = counters(['TWRecycled']).TWRecycled;
  // The client closes first, so each connection leaves a TIME-WAIT on its local port.
  const attempt = () =>
    new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: 9090 });
      socket.on('connect', () => {
        const port = socket.localPort;
        socket.end();
        socket.on('close', () => setTimeout(() => resolve({ at: now(t0), result: 'ok', port }), 50));
      });
      socket.on('error', (e) => resolve({ at: now(t0), result: e.code, port: null }));
    });
  const attempts = [await attempt(), await attempt(), await attempt()];
  await sleep(1200);
  attempts.push(await attempt());
  server.close();
  return { reuse, timestamps, attempts, twRecycled: counters(['TWRecycled']).TWRecycled - before };
}

async function cookiesProbe(mode) {
  await passiveSetup();
  setSysctl('net.ipv4.tcp_syncookies', mode);
  const names = ['SyncookiesSent', 'TCPReqQFullDoCookies', 'TCPReqQFullDrop', 'ListenDrops', 'ListenOverflows'];
  const server = await listen(8080, 4, '10.8.0.1');
  const before = counters(names);
  const clients = Array.from({ length: 20 }, (_, i) => halfOpen(8080, 41000 + i));
  await sleep(500);
  const synRecv = synRecvCount();
  for (const c of clients) c.destroy();
  const after = counters(names);
  server.close();
  return { mode, listenBacklog: 4, syns: 20, synRecv, deltas: Object.fromEntries(names.map((n) => [n, after[n] - before[n]])) };
}

/** Mode and value of each key in this namespace; null when absent. */
function readout(keys) {
  return Object.fromEntries(
    keys.map((k) => {
      const path = `/proc/sys/${k.replaceAll('.', '/')}`;
      if (!existsSync(path)) return [k, null];
      let value = null;
      try {
        value = readFileSync(path, 'utf8').trim().replace(/\s+/g, ' ');
      } catch {
        // write-only
      }
      return [k, { mode: (statSync(path).mode & 0o777).toString(8), value }];
    }),
  );
}

// ---------------------------------------------------------------------------------------------

function inChild(args) {
  return new Promise((resolve) => {
    const env = { ...process.env, LAB_PARENT_NETNS: readlinkSync('/proc/self/ns/net') };
    const child = spawn('unshare', ['--net', process.execPath, SELF, ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      try {
        resolve(code === 0 ? JSON.parse(out) : { failed: `${args.join(' ')} exited ${code}: ${err.trim()}` });
      } catch (error) {
        resolve({ failed: `${args.join(' ')}: ${error.message}: ${out}` });
      }
    });
  });
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function all(planFile) {
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  const kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  const ehashLine = /TCP established hash table entries: (\d+)/.exec(spawnSync('dmesg', [], { encoding: 'utf8' }).stdout ?? '');
  // Probes side by side, each in its own namespace; the timed ones after the others, so that
  // starting node processes on the one emulated CPU does not delay their polling.
  const [twReuse, cookies] = await Promise.all([
    Promise.all(plan.twReuse.map(([r, t]) => inChild(['--twreuse', r, t]))),
    Promise.all(plan.cookies.map((s) => inChild(['--cookies', s]))),
  ]);
  const timed = Promise.all([...plan.syn.map(([n, l]) => inChild(['--syn', n, l])), ...plan.synack.map((m) => inChild(['--synack', m]))]);

  // Every catalogue key in the initial namespace and in a fresh one.
  const keys = plan.catalogue.map((s) => s.key);
  const initial = readout(keys);
  writeFileSync('/tmp/keys.json', JSON.stringify(keys));
  const child = JSON.parse(run('unshare', ['--net', process.execPath, SELF, '--readout', '/tmp/keys.json']).stdout);

  // What the write handlers accept: per-namespace keys in a child namespace, host-wide ones here.
  const perNamespace = plan.catalogue.filter((s) => child[s.key] && /6/.test(child[s.key].mode));
  const hostWide = plan.catalogue.filter((s) => !perNamespace.includes(s) && initial[s.key] && /6/.test(initial[s.key].mode));
  writeFileSync('/tmp/probe-netns.json', JSON.stringify(perNamespace));
  writeFileSync('/tmp/probe-host.json', JSON.stringify(hostWide));
  const probes = {
    ...JSON.parse(run('unshare', ['--net', process.execPath, '/lab/collect.mjs', '--probe', '/tmp/probe-netns.json']).stdout),
    ...JSON.parse(run(process.execPath, ['/lab/collect.mjs', '--probe', '/tmp/probe-host.json']).stdout),
  };

  // procps sysctl -p of every generated drop-in, each in a fresh namespace plus the initial one
  // for its host-wide keys: exactly what the file would do at boot on this kernel.
  const sysctlP = plan.dropIns.map(({ profile, file }) => ({ profile, file, ...run('/usr/sbin/sysctl', ['-p', file]) }));

  // apply and its rollback, with the built CLI, in the initial namespace (the VM is disposable).
  const applyKeys = plan.apply.keys;
  const snapshot = () => Object.fromEntries(applyKeys.map((k) => [k, readSysctl(k)]));
  for (const [k, v] of plan.apply.preset) setSysctl(k, v);
  const before = snapshot();
  mkdirSync('/var/lib/sysctl-advisor', { recursive: true });
  const applied = run(process.execPath, [plan.apply.cli, 'apply', plan.apply.file, '--save-rollback', '/tmp/rollback.conf'], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  const after = snapshot();
  const rolledBack = run(process.execPath, [plan.apply.cli, 'apply', '--rollback', '/tmp/rollback.conf'], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  const restored = snapshot();

  const [timing] = [await timed];
  const result = {
    kernel,
    memTotalKiB: Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]),
    ehashEntries: ehashLine ? Number(ehashLine[1]) : null,
    initial,
    child,
    probes,
    syn: timing.slice(0, plan.syn.length),
    synack: timing.slice(plan.syn.length),
    twReuse,
    cookies,
    sysctlP,
    apply: { before, after, restored, applied, rolledBack },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const [mode, ...args] = process.argv.slice(2);
const probes = {
  '--syn': () => synProbe(Number(args[0]), Number(args[1])),
  '--synack': () => synackProbe(Number(args[0])),
  '--twreuse': () => twReuseProbe(Number(args[0]), Number(args[1])),
  '--cookies': () => cookiesProbe(Number(args[0])),
  '--readout': async () => readout(JSON.parse(readFileSync(args[0], 'utf8'))),
};
if (mode === '--all') await all(args[0]);
else if (probes[mode]) process.stdout.write(`${JSON.stringify(await probes[mode]())}\n`);
else throw new Error('usage: behaviour.mjs --all PLAN | --syn N L | --synack M | --twreuse R T | --cookies S | --readout KEYS');
process.exit(0);
