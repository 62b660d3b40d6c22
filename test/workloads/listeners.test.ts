/**
 * Real workloads against listeners, each in its own throwaway namespaces (helpers/namespace.ts):
 * an application whose listen() backlog is too small for wrk, somaxconn capping a listener
 * (during the load and after it), SYN floods from hping3 with cookies on and off, server-side
 * TIME_WAIT from nginx closing first under ab, and a healthy keep-alive nginx under wrk. Each
 * asserts the expert answer and checks the tool's numbers against ss and nstat.
 * Needs root, Linux and Debian's nginx, wrk, apache2-utils (ab), hping3, iproute2, python3.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertProse, wholeText } from '../helpers/rule-tester.js';
import { requireNetns, requireTool } from '../helpers/netns.js';
import { findingsOf, nstatValues, runWorkload, type AdviseJson } from './helpers/namespace.js';

function tools(t: Parameters<typeof requireNetns>[0], ...paths: string[]): boolean {
  if (!requireNetns(t)) return false;
  return paths.every((path) => requireTool(t, path));
}

const NGINX_CONF = (keepalive: string) => `
daemon off; worker_processes 1; pid $work/nginx.pid; error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off; client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:8080 backlog=511; keepalive_timeout ${keepalive}; keepalive_requests 100000; location / { return 200 "ok\\n"; } }
}`;

/** Starts nginx with that config, waits until it answers. */
const startNginx = (keepalive: string) => `
cat > "$work/nginx.conf" <<NGINX
${NGINX_CONF(keepalive)}
NGINX
nginx -e "$work/error.log" -p "$work" -c "$work/nginx.conf" &
i=0; until ss -Hltn 'sport = :8080' | grep -q LISTEN; do i=$((i + 1)); if [ $i -ge 200 ]; then cat "$work/error.log" >&2; exit 1; fi; sleep 0.05; done
`;

test('accept-queue overflow: a listen(4) application under wrk is named with its backlog as the cap; no somaxconn change', (t) => {
  if (!tools(t, '/usr/bin/wrk', '/usr/bin/ss', '/usr/bin/nstat')) return;
  const run = runWorkload(`
$PY listen 127.0.0.1 9000 4 slow > "$work/server" & wait_ready "$work/server"
wrk -t1 -c50 -d8s http://127.0.0.1:9000/ > /dev/null 2>&1 &
sleep 1
section nstat-before; nstat -az TcpExtListenOverflows TcpExtListenDrops
section advise; $SA advise --interval 2 --format json
section nstat-after; nstat -az TcpExtListenOverflows TcpExtListenDrops
section ss; ss -Hltn 'sport = :9000'
`);
  const json = run.json<AdviseJson>('advise');
  const before = nstatValues(run.text('nstat-before'));
  const after = nstatValues(run.text('nstat-after'));
  const [, , backlog] = run.text('ss').trim().split(/\s+/);
  assert.equal(backlog, '4', 'ss shows the backlog the application asked for');
  const total = json.counters!.values.find((v) => v.name === 'ListenOverflows')!;
  assert.ok(
    total.total >= before.TcpExtListenOverflows! && total.total <= after.TcpExtListenOverflows!,
    `ListenOverflows ${total.total} between nstat's ${before.TcpExtListenOverflows} and ${after.TcpExtListenOverflows}`,
  );
  assert.ok(total.perSecond! > 0, 'wrk keeps overflowing the queue during the window');
  const [overflow] = findingsOf(json, 'listen-overflow');
  assert.ok(overflow, JSON.stringify(json.findings));
  assertProse(overflow, /127\.0\.0\.1:9000 \(python3 \(pid \d+\)\) has [1-5] connections waiting with a backlog of 4/);
  assertProse(overflow, /the cap is the application's own listen\(\) backlog of 4 = min\(4, somaxconn 4096\)/);
  assertProse(overflow, /ListenOverflows \d+ \(\+\d+ over the last [\d.]+ s, [\d.]+\/s\) since this network namespace was created/);
  assert.equal(overflow.evidence!.fullestListener, '127.0.0.1:9000');
  assert.deepEqual(
    json.changes.filter((c) => c.key === 'net.core.somaxconn'),
    [],
    'somaxconn is not the cap',
  );
  // A listen(4) SYN queue is as small as its accept queue, so wrk's bursts are answered with
  // cookies too (mostly the first one: then a note). Whatever syn-flood says tells the same
  // story, real clients getting in by cookie because the backlog is too small, and changes nothing.
  for (const finding of findingsOf(json, 'syn-flood')) {
    if (finding.severity !== 'info')
      assertProse(
        finding,
        /Valid cookies returning mean real clients completed handshakes by cookie.*the listen\(\) backlogs .* are too small for the load/,
      );
  }
  assert.deepEqual(json.changes, [], "nothing to change: the application's backlog is the cap");
});

test('a listen(4) application that never accepts, 30 clients: advise and states name it FULL, its backlog, its process and the clients stuck in SYN_SENT', (t) => {
  if (!tools(t, '/usr/bin/ss')) return;
  const run = runWorkload(`
$PY listen 127.0.0.1 9090 4 never > "$work/server" & wait_ready "$work/server"
$PY connect-hold 127.0.0.1 9090 30 > "$work/clients" & wait_ready "$work/clients"
sleep 0.5
section ss; ss -Hltn 'sport = :9090'
section syn-sent; ss -Htan state syn-sent '( dport = :9090 )'
section advise; $SA advise --format json
section states; $SA states
`);
  const [, queue, backlog] = run.text('ss').trim().split(/\s+/);
  assert.deepEqual([queue, backlog], ['5', '4'], 'the queue is full: backlog + 1');
  const synSent = run
    .text('syn-sent')
    .split('\n')
    .filter((l) => l.trim()).length;
  assert.ok(synSent >= 20, `ss: ${synSent} SYN-SENT`);
  const [overflow] = findingsOf(run.json<AdviseJson>('advise'), 'listen-overflow');
  assertProse(
    overflow!,
    new RegExp(
      `^Accept queues overflow: 127\\.0\\.0\\.1:9090 \\(python3 \\(pid \\d+\\)\\) has 5 connections waiting with a backlog of 4 \\(full\\); ${synSent} connect\\(\\) calls on this host wait in SYN_SENT towards it`,
    ),
  );
  assertProse(overflow!, /the cap is the application's own listen\(\) backlog of 4 = min\(4, somaxconn 4096\)/);
  assert.match(run.text('states'), /^ {2}127\.0\.0\.1:9090 +5 +4 +FULL +python3 \(pid \d+\)$/m);
});

test('offline: bundles collected with --interval during the overflow (collect --out, and the sh script) tell the same story with rates', (t) => {
  if (!tools(t, '/usr/bin/wrk')) return;
  const run = runWorkload(`
$PY listen 127.0.0.1 9000 4 slow > "$work/server" & wait_ready "$work/server"
wrk -t1 -c50 -d8s http://127.0.0.1:9000/ > /dev/null 2>&1 &
sleep 1
$SA collect --out "$work/out" --interval 2 2> /dev/null
$SA collect --script > "$work/collect.sh" && sh "$work/collect.sh" "$work/script" 2 2> /dev/null
section out; $SA advise --root "$work/out" --format json
section script; $SA advise --root "$work/script" --format json
section seconds; cat "$work/out/earlier/seconds" "$work/script/earlier/seconds"
`);
  const [measured, given] = run.text('seconds').trim().split('\n').map(Number);
  assert.ok(measured! >= 2 && measured! < 3, `collect --out measured ${measured} s`);
  assert.equal(given, 2, 'the script records the seconds it slept');
  for (const bundle of ['out', 'script']) {
    const json = run.json<AdviseJson>(bundle);
    assert.ok(json.counters!.intervalSeconds! >= 2, `${bundle}: ${JSON.stringify(json.counters)}`);
    const overflows = json.counters!.values.find((v) => v.name === 'ListenOverflows')!;
    assert.ok(overflows.growth! > 0, `${bundle}: ListenOverflows grew while it was collected`);
    const [overflow] = findingsOf(json, 'listen-overflow');
    assert.equal(overflow!.severity, 'warning', bundle);
    // The queue is named with its backlog, whether it held connections at the moment ss ran or not.
    assertProse(
      overflow!,
      /127\.0\.0\.1:9000 \(python3 \(pid \d+\)\)(, the only listener,)? has (a|[1-5] connections waiting with a) backlog of 4/,
      bundle,
    );
    assertProse(
      overflow!,
      /ListenOverflows \d+ \(\+\d+ over the last [\d.]+ s, [\d.]+\/s\) since this network namespace was created/,
      bundle,
    );
    assertProse(overflow!, /the cap is the application's own listen\(\) backlog of 4/, bundle);
  }
});

test('somaxconn 16 caps a listen(128) application: raise it while the queue overflows; once the load stops, the old counter proposes nothing', (t) => {
  if (!tools(t, '/usr/bin/wrk')) return;
  const run = runWorkload(`
sysctl -qw net.core.somaxconn=16
$PY listen 127.0.0.1 9000 128 slow > "$work/server" & wait_ready "$work/server"
wrk -t1 -c60 -d4s http://127.0.0.1:9000/ > /dev/null 2>&1 &
load=$!
sleep 1
section during; $SA advise --interval 2 --format json
section ss-during; ss -Hltn 'sport = :9000'
wait $load
# wrk has gone, but for a few seconds the handshakes it left half done complete (the kernel
# retransmits SYN-ACKs to wrk's closing sockets, which answer) and overflow the queue again.
# Wait until no such socket is left and the application has drained its queue (20 s at most).
i=0
while :; do
  busy=$(ss -Htan state syn-recv state fin-wait-1 | wc -l)
  queued=$(ss -Hltn 'sport = :9000' | awk '{print $2}')
  [ "$busy" = 0 ] && [ "$queued" = 0 ] && break
  i=$((i + 1)); [ $i -ge 200 ] && break; sleep 0.1
done
section after; $SA advise --interval 2 --format json
section after-text; $SA advise --interval 1
`);
  const during = run.json<AdviseJson>('during');
  assert.equal(run.text('ss-during').trim().split(/\s+/)[2], '16', 'the kernel capped listen(128) at somaxconn 16');
  const [overflow] = findingsOf(during, 'listen-overflow');
  assertProse(overflow!, /net\.core\.somaxconn = 16 is the binding cap \(127\.0\.0\.1:9000 is limited by it\)/);
  assert.deepEqual(
    during.changes.filter((c) => c.key === 'net.core.somaxconn').map((c) => [c.runtime?.from, c.to]),
    [['16', '4096']],
  );
  const after = run.json<AdviseJson>('after');
  const [old] = findingsOf(after, 'listen-overflow');
  assert.ok(old, 'the total is still reported');
  assertProse(old, /\(not growing over the last [\d.]+ s\)/);
  assertProse(
    old,
    /none of them grew: the totals \(since this network namespace was created\) are old, and no change is made from them alone/,
  );
  assert.deepEqual(
    after.changes.filter((c) => c.key === 'net.core.somaxconn'),
    [],
    'no change from an old total alone',
  );
  // Handshakes wrk left behind may still complete by cookie (SyncookiesRecv, PassiveOpens): not overflows.
  assert.equal(after.counters!.values.find((v) => v.name === 'ListenOverflows')!.growth, 0);
  const countersLine = /^Counters: sampled over 1 s \(totals since this network namespace was created\); .*$/m.exec(run.text('after-text'));
  assert.ok(countersLine, run.text('after-text'));
  assert.doesNotMatch(countersLine[0], /ListenOverflows/);
});

test('SYN flood with cookies on: the rate during the flood, real clients served, no change; afterwards the counters are old', (t) => {
  if (!tools(t, '/usr/sbin/hping3')) return;
  const run = runWorkload(`
route_out
$PY listen 0.0.0.0 9001 128 close > "$work/server" & wait_ready "$work/server"
hping3 -S -p 9001 -i u200 --rand-source 10.0.0.1 > /dev/null 2>&1 &
flood=$!
sleep 1
section during; $SA advise --interval 5 --format json
section clients; $PY connect-close 10.0.0.1 9001 20
section nstat; nstat -az TcpExtListenOverflows TcpExtListenDrops TcpExtTCPReqQFullDoCookies TcpExtTCPReqQFullDrop TcpExtSyncookiesSent
kill $flood; wait $flood 2>/dev/null
sleep 1
section after; $SA advise --interval 2 --format json
`);
  const during = run.json<AdviseJson>('during');
  const nstat = nstatValues(run.text('nstat'));
  assert.equal(nstat.TcpExtListenOverflows ?? 0, 0);
  assert.ok(nstat.TcpExtTCPReqQFullDoCookies! > 1000, `cookies: ${JSON.stringify(nstat)}`);
  assert.match(run.text('clients'), /^ok=20 failed=0/, 'real clients get in by cookie');
  const [flood, ...notes] = findingsOf(during, 'syn-flood');
  assert.ok(flood, JSON.stringify(during.findings));
  assertProse(
    flood,
    /^SYN queues are under pressure on 0\.0\.0\.0:9001 \(python3 \(pid \d+\)\), backlog 128: \d+ half-open connections \(SYN_RECV\) now/,
  );
  assertProse(flood, /TCPReqQFullDoCookies \d+ \(\+\d+ over the last [\d.]+ s, \d+\/s\)/);
  assert.ok(Number(flood.evidence!.TCPReqQFullDoCookiesPerSecond) > 100, JSON.stringify(flood.evidence));
  assertProse(notes[0]!, /tcp_synack_retries \(5; kernel default 5\) is left as is: cookies answer SYNs/);
  assertProse(notes[0]!, /prunes old requests/);
  assert.deepEqual(findingsOf(during, 'listen-overflow'), [], 'ListenOverflows stays 0: no accept-queue story');
  assert.deepEqual(during.changes, [], 'cookies absorb the flood: nothing to change');
  const after = run.json<AdviseJson>('after');
  const [old] = findingsOf(after, 'syn-flood');
  if (old) assertProse(old, /none of them grew: the totals \(since this network namespace was created\) are old/);
  assert.deepEqual(after.changes, []);
});

test('SYN flood with cookies off: SYN-queue drops are told from accept-queue overflows; only cookies are proposed', (t) => {
  if (!tools(t, '/usr/sbin/hping3')) return;
  const run = runWorkload(`
route_out
sysctl -qw net.ipv4.tcp_syncookies=0
$PY listen 0.0.0.0 9001 128 close > "$work/server" & wait_ready "$work/server"
hping3 -S -p 9001 -i u200 --rand-source 10.0.0.1 > /dev/null 2>&1 &
sleep 1
section advise; $SA advise --interval 2 --format json
section nstat; nstat -az TcpExtListenOverflows TcpExtListenDrops TcpExtTCPReqQFullDrop
`);
  const json = run.json<AdviseJson>('advise');
  const nstat = nstatValues(run.text('nstat'));
  assert.equal(nstat.TcpExtListenOverflows ?? 0, 0);
  assert.ok(nstat.TcpExtListenDrops! > 1000 && nstat.TcpExtListenDrops === nstat.TcpExtTCPReqQFullDrop, JSON.stringify(nstat));
  const [flood] = findingsOf(json, 'syn-flood');
  assert.equal(flood!.severity, 'error');
  assertProse(
    flood!,
    /TCPReqQFullDrop \d+ \(\+\d+ over the last [\d.]+ s, \d+\/s\) since this network namespace was created: SYNs dropped at a full SYN queue/,
  );
  assert.deepEqual(
    findingsOf(json, 'listen-overflow').filter((f) => /Accept queues overflow/.test(wholeText(f))),
    [],
    'ListenDrops alone is not an accept-queue overflow',
  );
  assert.deepEqual(
    json.changes.map((c) => [c.key, c.runtime?.to]),
    [['net.ipv4.tcp_syncookies', '1']],
  );
});

test('server-side TIME_WAIT from nginx closing first under ab: an info finding, ports not at stake, no change', (t) => {
  if (!tools(t, '/usr/sbin/nginx', '/usr/bin/ab')) return;
  const run = runWorkload(`
${startNginx('0')}
ab -q -n 3000 -c 20 http://127.0.0.1:8080/ > "$work/ab" 2>&1 || cat "$work/ab" >&2
section ab; grep -E "^(Complete|Failed) requests" "$work/ab"
section ss; ss -Htan state time-wait '( sport = :8080 )' | wc -l
section advise; $SA advise --format json
`);
  assert.match(run.text('ab'), /Complete requests:\s+3000\nFailed requests:\s+0/);
  const serverTimeWait = Number(run.text('ss').trim());
  assert.ok(serverTimeWait >= 2900, `ss counts ${serverTimeWait} TIME-WAIT on :8080`);
  const json = run.json<AdviseJson>('advise');
  const [note] = findingsOf(json, 'server-time-wait');
  assert.ok(note, JSON.stringify(json.findings));
  assert.equal(note.severity, 'info');
  assertProse(note, new RegExp(`^${serverTimeWait} TIME_WAIT sockets sit on this host's listening port 8080 \\(${serverTimeWait}\\)`));
  assertProse(note, /cost memory, not ports/);
  assertProse(note, /tcp_tw_reuse does not apply/);
  assert.deepEqual(findingsOf(json, 'port-exhaustion'), []);
  assert.deepEqual(json.changes, []);
});

test('a healthy keep-alive nginx under wrk: nothing to report or change; keepalive is not proposed for sockets that do not use it', (t) => {
  if (!tools(t, '/usr/sbin/nginx', '/usr/bin/wrk')) return;
  const run = runWorkload(`
${startNginx('65')}
wrk -t1 -c20 -d6s http://127.0.0.1:8080/ > "$work/wrk" 2>&1 &
sleep 1
section ss; ss -Htano state established '( dport = :8080 )'
section advise; $SA advise --interval 2 --idle-timeout 300 --format json
`);
  const established = run.text('ss').trim().split('\n').filter(Boolean);
  assert.equal(established.length, 20, 'wrk holds its 20 connections');
  assert.ok(
    established.every((line) => !/keepalive/.test(line)),
    'wrk does not set SO_KEEPALIVE',
  );
  const json = run.json<AdviseJson>('advise');
  // The rules that read sockets and counters (config rules read this machine's own /etc, not the workload's).
  const evidenceRules = new Set([
    'listen-overflow',
    'syn-flood',
    'port-exhaustion',
    'close-wait-leak',
    'orphans',
    'server-time-wait',
    'keepalive-idle-timeout',
    'tw-buckets-overflow',
  ]);
  const warnings = json.findings.filter((f) => evidenceRules.has(f.rule) && f.severity !== 'info');
  assert.deepEqual(warnings, [], 'no warning or error');
  const [keepalive] = findingsOf(json, 'keepalive-idle-timeout');
  assertProse(keepalive!, /none of the 40 established connections here uses keepalive/);
  assertProse(keepalive!, /the application must enable SO_KEEPALIVE/);
  assert.deepEqual(
    json.changes.filter((c) => c.rules.some((rule) => evidenceRules.has(rule))),
    [],
  );
  assert.ok(json.counters!.values.find((v) => v.name === 'PassiveOpens')!.total >= 20);
});
