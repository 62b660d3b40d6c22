/**
 * The idle-timeout chain with real software, each run in throwaway namespaces (helpers/namespace.ts).
 *
 * 1. HAProxy (Debian's) in front of nginx (Debian's), HAProxy reusing idle server connections
 *    (`http-reuse always`, pool-purge-delay 5 s by default) and nginx closing them after 1 s. On
 *    loopback HAProxy sees nginx's FIN at once and drops the connection before reusing it, so a
 *    relay (http-reuse.mjs) adds 400 ms of one-way latency between them, as a network would (this
 *    kernel has no netem): a request HAProxy sends 600 ms after the last response reaches nginx
 *    after nginx closed, and HAProxy answers 502. The tool, reading both config files, names both
 *    directives; with nginx's keep-alive raised as it advises, the same load has no error.
 * 2. An idle connection through a stateful firewall that forgets it after 10 s (nftables with
 *    conntrack in a second namespace, nf_conntrack_tcp_loose 0, so a mid-stream packet is INVALID
 *    and dropped silently): with the kernel's keepalive defaults the data sent after 14 s idle
 *    never arrives; with the tcp_keepalive_* values advise --nat 10 proposes, probes refresh the
 *    entry and the echo comes back.
 * Needs root, Linux, nginx, haproxy, nft and python3.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, type TestContext } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { requireNetns, requireTool } from '../helpers/netns.js';
import { findingsOf, runWorkload, type AdviseJson } from './helpers/namespace.js';

const HTTP_REUSE = fileURLToPath(new URL('../../../test/workloads/http-reuse.mjs', import.meta.url));
const IDLE_PEER = fileURLToPath(new URL('../../../test/workloads/idle_peer.py', import.meta.url));
const ROUNDS = 8;

function nginxConf(work: string, keepalive: string): string {
  return `worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
events { worker_connections 128; }
http {
    access_log off;
    client_body_temp_path ${work}/body;
    proxy_temp_path ${work}/proxy;
    fastcgi_temp_path ${work}/fastcgi;
    uwsgi_temp_path ${work}/uwsgi;
    scgi_temp_path ${work}/scgi;
    server {
        listen 127.0.0.1:8080;
        keepalive_timeout ${keepalive};
        location / { return 200 "ok\\n"; }
    }
}
`;
}

function haproxyCfg(work: string): string {
  return `global
    pidfile ${work}/haproxy.pid
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
frontend web
    bind 127.0.0.1:8000
    default_backend app
backend app
    http-reuse always
    # 127.0.0.2:8080 is the relay in front of nginx's 127.0.0.1:8080 (the same port: the tool pairs by port).
    server nginx1 127.0.0.2:8080
`;
}

interface LoadResult {
  ok: number;
  errors: number;
  codes: Record<string, number>;
}

/** nginx, the relay and HAProxy in a fresh namespace, then the load; what the load printed. */
function runLoad(root: string): LoadResult {
  const run = runWorkload(`
nginx -c ${root}/etc/nginx/nginx.conf
node ${HTTP_REUSE} relay 127.0.0.2 8080 127.0.0.1 400 > "$work/relay" & wait_ready "$work/relay"
haproxy -D -f ${root}/etc/haproxy/haproxy.cfg
i=0; until ss -Hltn '( sport = :8000 )' | grep -q 8000 || [ $i -ge 100 ]; do i=$((i + 1)); sleep 0.05; done
section load; node ${HTTP_REUSE} load 127.0.0.1 8000 ${ROUNDS} 600
kill "$(cat ${root}/haproxy.pid)" "$(cat ${root}/nginx.pid)"
`);
  return run.json<LoadResult>('load');
}

function needs(t: TestContext, tools: readonly string[]): boolean {
  if (!requireNetns(t)) return false;
  return tools.every((tool) => requireTool(t, tool));
}

test('HAProxy reusing idle connections nginx closes sooner: real 502s, predicted with both directives, gone after the advised change', (t) => {
  if (!needs(t, ['/usr/sbin/nginx', '/usr/sbin/haproxy'])) return;
  const root = mkdtempSync(join(tmpdir(), 'sa-idle-chain-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // A bundle of this host (the tool needs proc/sys), with the two applications' configs in it.
  rmSync(root, { recursive: true });
  assert.equal(runCli(['collect', '--out', root]).status, 0);
  mkdirSync(join(root, 'etc/nginx'), { recursive: true });
  mkdirSync(join(root, 'etc/haproxy'), { recursive: true });
  const nginxFile = join(root, 'etc/nginx/nginx.conf');
  const haproxyFile = join(root, 'etc/haproxy/haproxy.cfg');
  writeFileSync(nginxFile, nginxConf(root, '1s'));
  writeFileSync(haproxyFile, haproxyCfg(root));

  const broken = runLoad(root);
  t.diagnostic(`before: ${JSON.stringify(broken)}`);
  // Measured: every reuse fails (4 of 8; each failure empties the pool, so the next request opens a new connection).
  assert.ok(broken.errors >= ROUNDS / 4, JSON.stringify(broken));
  assert.ok((broken.codes['502'] ?? 0) > 0, JSON.stringify(broken));

  const advise = runCli(['advise', '--root', root, '--format', 'json']);
  const json = JSON.parse(advise.stdout) as AdviseJson & { chain?: string };
  const [finding, ...others] = findingsOf(json, 'pool-idle-order') as (AdviseJson['findings'][number] & { file?: string; line?: number })[];
  assert.ok(finding, advise.stdout);
  assert.equal(others.length, 0);
  assert.equal(finding.file, nginxFile);
  assert.equal(finding.line, 14);
  assert.match(
    finding.message,
    /^nginx server on :8080 closes idle connections after 1 s, before HAProxy backend app stops reusing them \(5 s\)/,
  );
  const whole = `${finding.message}\n${finding.detail ?? ''}`;
  assert.match(whole, new RegExp(`keepalive_timeout 1s \\(${nginxFile}:14\\)`));
  assert.match(whole, new RegExp(`http-reuse always at ${haproxyFile}:12`));
  assert.match(whole, /pool-purge-delay 5s \(HAProxy default\)/);
  assert.equal(json.chain, undefined);
  const proposed = Number(finding.evidence?.proposedKeepAliveSeconds);
  assert.equal(proposed, 10);

  // Apply the advice: the directive at the named line, as the message writes it.
  const lines = readFileSync(nginxFile, 'utf8').split('\n');
  lines[finding.line - 1] = `        keepalive_timeout ${proposed}s;`;
  writeFileSync(nginxFile, lines.join('\n'));
  const fixed = runLoad(root);
  t.diagnostic(`after: ${JSON.stringify(fixed)}`);
  assert.deepEqual(fixed, { ok: ROUNDS, errors: 0, codes: { 200: ROUNDS } });

  const after = JSON.parse(runCli(['advise', '--root', root, '--format', 'json']).stdout) as AdviseJson & { chain?: string };
  assert.deepEqual(findingsOf(after, 'pool-idle-order'), []);
  assert.equal(after.chain, 'Idle-timeout chain in order: HAProxy backend app 5 s < nginx server on :8080 keepalive_timeout 10s.');
});

test('an idle connection through a conntrack firewall that forgets it after 10 s: lost with the default keepalive, kept with the proposed one', (t) => {
  if (!needs(t, ['/usr/sbin/nft', '/usr/bin/python3'])) return;
  const run = runWorkload(
    `
PEER="python3 ${IDLE_PEER}"
ip netns add srv
ip link add v0 type veth peer name v1 && ip link set v1 netns srv
ip addr add 10.9.0.1/24 dev v0 && ip link set v0 up
ip netns exec srv sh -c 'ip link set lo up && ip addr add 10.9.0.2/24 dev v1 && ip link set v1 up'
# The middlebox: a stateful firewall in the server's namespace whose conntrack forgets an idle flow after 10 s.
ip netns exec srv sysctl -qw net.netfilter.nf_conntrack_tcp_timeout_established=10 net.netfilter.nf_conntrack_tcp_loose=0
ip netns exec srv nft -f - <<'NFT'
table inet middlebox {
  chain input {
    type filter hook input priority 0; policy drop;
    iif lo accept
    ct state established,related accept
    ct state new tcp flags & (syn|ack) == syn tcp dport 9000 accept
  }
}
NFT
ip netns exec srv $PEER echo 10.9.0.2 9000 > "$work/echo" & wait_ready "$work/echo"
section advise-middlebox; ip netns exec srv $SA advise --format json
section default; sysctl -n net.ipv4.tcp_keepalive_time; $PEER idle-send 10.9.0.2 9000 14 3
$SA advise --nat 10 --format json > "$work/advise.json"
section advise; cat "$work/advise.json"
for kv in $(node -e 'for (const c of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).changes) if (c.key.startsWith("net.ipv4.tcp_keepalive_") && c.runtime) console.log(c.key + "=" + c.runtime.to)' "$work/advise.json"); do sysctl -qw "$kv"; done
section proposed; sysctl -n net.ipv4.tcp_keepalive_time net.ipv4.tcp_keepalive_intvl; $PEER idle-send 10.9.0.2 9000 14 3
ip netns del srv
`,
    120_000,
  );
  const [defaultTime, defaultOutcome] = run.text('default').trim().split('\n');
  assert.equal(defaultTime, '7200');
  // Silent drop: no RST, no error; the data is retransmitted into the void (until tcp_retries2, ~15 min).
  assert.equal(defaultOutcome, 'no-reply');

  const advise = run.json<AdviseJson>('advise');
  const keepalive = advise.changes.filter((c) => c.key.startsWith('net.ipv4.tcp_keepalive_')).map((c) => [c.key, c.runtime?.to]);
  assert.deepEqual(keepalive, [
    ['net.ipv4.tcp_keepalive_intvl', '2'],
    ['net.ipv4.tcp_keepalive_time', '5'],
  ]);
  const keepaliveFinding = findingsOf(advise, 'keepalive-idle-timeout')[0]!;
  assert.match(`${keepaliveFinding.message}\n${keepaliveFinding.detail ?? ''}`, /NAT \(10 s\) \(--nat 10, 10 s\) idle timeout is 10 s/);
  assert.deepEqual(run.text('proposed').trim().split('\n'), ['5', '2', 'reply']);

  // The firewall's own host: its conntrack timeout is below the keepalive time, and the tool says so.
  const middlebox = run.json<AdviseJson>('advise-middlebox');
  const [conntrack] = findingsOf(middlebox, 'conntrack-established-below-keepalive');
  assert.match(
    conntrack!.message,
    /^Conntrack forgets idle flows after 10 s, before keepalive probes \(7200 s\): raise the timeout to 7875/,
  );
  assert.deepEqual(
    middlebox.changes.filter((c) => c.key === 'net.netfilter.nf_conntrack_tcp_timeout_established').map((c) => c.runtime?.to),
    ['7875'],
  );
});
