/**
 * Real workloads about connections that do not end well, each in its own throwaway namespaces
 * (helpers/namespace.ts): a client that runs out of ephemeral ports, one under pressure that
 * tcp_tw_reuse keeps going, CLOSE_WAIT leaks of 300 and 1,200 sockets whose peers are on the same
 * host, and orphaned FIN_WAIT2 sockets whose peer is another namespace's leaking server. Each
 * asserts the expert answer and checks the tool's numbers against ss.
 * Needs root, Linux, iproute2 and python3.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertProse, wholeText } from '../helpers/rule-tester.js';
import { requireNetns } from '../helpers/netns.js';
import { findingsOf, runWorkload, type AdviseJson } from './helpers/namespace.js';

/** ss -H rows → count. */
const rows = (text: string) => text.split('\n').filter((line) => line.trim() !== '').length;

test('client port exhaustion: 100 ports, tcp_tw_reuse 0, connect() fails; "ports run out" with the destination named', (t) => {
  if (!requireNetns(t)) return;
  const run = runWorkload(`
# tcp_rfc1337=1: under load an occasional RST (TcpOutRsts 3 in one run of ~30) ended a TIME-WAIT
# early (TIME-WAIT assassination) and freed its port, so fewer than 100 stayed held; with 1
# TIME-WAIT ignores RSTs and every port stays held for its 60 s.
sysctl -qw net.ipv4.ip_local_port_range="40000 40099" net.ipv4.tcp_tw_reuse=0 net.ipv4.tcp_rfc1337=1
$PY listen 127.0.0.1 8080 4096 close > "$work/server" & wait_ready "$work/server"
section client; $PY connect-close 127.0.0.1 8080 200
# The server closes after us, in its own threads: wait until every socket reached TIME-WAIT.
i=0; while [ "$(ss -Htan state fin-wait-1 state fin-wait-2 | wc -l)" != 0 ] && [ $i -lt 200 ]; do i=$((i + 1)); sleep 0.05; done
section ss; ss -Htan state time-wait '( dport = :8080 )'
section why; ss -Htan | awk '{print $1}' | sort | uniq -c; nstat -az TcpExtListenOverflows TcpEstabResets TcpOutRsts TcpExtTCPAbortOnClose TcpExtTCPAbortOnData
section advise; $SA advise --format json
`);
  const [, ok, failed] = /^ok=(\d+) failed=(\d+) \{'EADDRNOTAVAIL': \d+\}/.exec(run.text('client')) ?? [];
  assert.ok(Number(ok) >= 100 && Number(failed) >= 90, run.text('client'));
  assert.equal(rows(run.text('ss')), 100, `${run.text('client')}${run.text('why')}`);
  const json = run.json<AdviseJson>('advise');
  const [exhausted, ...rest] = findingsOf(json, 'port-exhaustion');
  assert.equal(exhausted!.severity, 'error', exhausted!.message);
  assertProse(exhausted!, /^Ephemeral ports run out: 127\.0\.0\.1:8080 holds 100 \(100%, 100 in TIME-WAIT\) of 100 usable ports/);
  assertProse(exhausted!, /Every port is held, so connect\(\) fails now/);
  assert.ok(rest.some((f) => /set it to 1/.test(wholeText(f))));
  assert.deepEqual(json.changes.map((c) => [c.key, c.runtime?.to]).sort(), [
    ['net.ipv4.ip_local_port_range', '10240 65535'],
    ['net.ipv4.tcp_tw_reuse', '1'],
  ]);
});

test('port pressure, not exhaustion: 150 of 200 ports in TIME-WAIT towards loopback with tcp_tw_reuse 2 in effect', (t) => {
  if (!requireNetns(t)) return;
  const run = runWorkload(`
sysctl -qw net.ipv4.ip_local_port_range="40000 40199"
$PY listen 127.0.0.1 8080 4096 close > "$work/server" & wait_ready "$work/server"
section client; $PY connect-close 127.0.0.1 8080 150
# The server closes after us, in its own threads: wait until every socket reached TIME-WAIT.
i=0; while [ "$(ss -Htan state fin-wait-1 state fin-wait-2 | wc -l)" != 0 ] && [ $i -lt 200 ]; do i=$((i + 1)); sleep 0.05; done
section ss; ss -Htan state time-wait '( dport = :8080 )'
section advise; $SA advise --format json
`);
  assert.match(run.text('client'), /^ok=150 failed=0/);
  // connect() may already take over a few TIME-WAIT ports (tcp_tw_reuse 2 on loopback): ss says how many are held.
  const held = rows(run.text('ss'));
  assert.ok(held >= 100 && held <= 150, String(held));
  const json = run.json<AdviseJson>('advise');
  const [pressure] = findingsOf(json, 'port-exhaustion');
  assert.equal(pressure!.severity, 'warning');
  assertProse(
    pressure!,
    new RegExp(
      `^Ephemeral port pressure, not exhaustion yet: 127\\.0\\.0\\.1:8080 holds ${held} \\(${Math.floor(held / 2)}%, ${held} in TIME-WAIT\\) of 200 usable ports`,
    ),
  );
  assertProse(pressure!, new RegExp(`tcp_tw_reuse = 2 lets it take over the ${held} TIME-WAIT ones about 1 s old`));
  assertProse(
    pressure!,
    new RegExp(
      `Its ${held} TIME-WAIT sockets mean ~${Math.round((held / 60) * 10) / 10} new connections/s over the last minute, against the ~3/s ceiling`,
    ),
  );
  assert.doesNotMatch(JSON.stringify(json.findings), /run out/);
  assert.deepEqual(
    json.changes.map((c) => c.key),
    ['net.ipv4.ip_local_port_range'],
    'a wider range; tcp_tw_reuse already covers loopback',
  );
});

for (const leaked of [300, 1200]) {
  test(`CLOSE_WAIT leak of ${leaked} sockets with local peers: one story (the port, the process, their FIN_WAIT2 peers), no sysctl change`, (t) => {
    if (!requireNetns(t)) return;
    const run = runWorkload(`
$PY listen 127.0.0.1 8080 4096 hold > "$work/server" & wait_ready "$work/server"
section client; $PY connect-close 127.0.0.1 8080 ${leaked}
# Until both ends have settled: ${leaked} CLOSE-WAIT here, ${leaked} FIN-WAIT-2 on the client side.
i=0; until [ "$(ss -Htan state close-wait | wc -l)" -ge ${leaked} ] && [ "$(ss -Htan state fin-wait-2 | wc -l)" -ge ${leaked} ]; do i=$((i + 1)); [ $i -ge 100 ] && break; sleep 0.05; done
section close-wait; ss -Htanp state close-wait
section fin-wait-2; ss -Htano state fin-wait-2
section advise; $SA advise --format json
`);
    assert.match(run.text('client'), new RegExp(`^ok=${leaked} failed=0`));
    assert.equal(rows(run.text('close-wait')), leaked);
    const finWait2 = run.text('fin-wait-2');
    assert.equal(rows(finWait2), leaked);
    // The client closed them: orphaned FIN-WAIT-2, each on a timer (the timewait minisock's, or
    // for a moment the full socket's keepalive-slot FIN_WAIT2 timer before it becomes one).
    assert.equal(
      finWait2.split('\n').filter((l) => /timer:\((timewait|keepalive)/.test(l)).length,
      leaked,
      'the client closed: orphaned FIN-WAIT-2 sockets',
    );
    const json = run.json<AdviseJson>('advise');
    const [leak] = findingsOf(json, 'close-wait-leak');
    assert.ok(leak, JSON.stringify(json.findings));
    assertProse(
      leak,
      new RegExp(
        `^${leaked} sockets are in CLOSE_WAIT .*by local port: 8080 \\(${leaked}\\); held by python3 \\(pid \\d+\\): ${leaked} on port 8080`,
      ),
    );
    assertProse(
      leak,
      new RegExp(
        `Their peers are on this host: ${leaked} FIN_WAIT2 sockets towards 127\\.0\\.0\\.1:8080 wait for the FIN the server on that port never sends`,
      ),
    );
    assertProse(leak, /no tcp_fin_timeout change is proposed for them/);
    assert.equal(leak.evidence!.localFinWait2Peers, leaked);
    assert.deepEqual(findingsOf(json, 'orphans'), [], 'the FIN_WAIT2 peers are the same problem, not a second one');
    assert.deepEqual(json.changes, []);
  });
}

test("orphaned FIN_WAIT2 towards another host's leaking server: the peer is named and tcp_fin_timeout 30 frees them sooner", (t) => {
  if (!requireNetns(t)) return;
  // The server runs in a second namespace joined by a veth pair: to this one it is another host.
  const run = runWorkload(`
unshare --net sleep 120 & peer=$!
sleep 0.2
ip link add va type veth peer name vb netns $peer
ip addr add 10.0.1.1/24 dev va && ip link set va up
nsenter -t $peer -n sh -c 'ip link set lo up && ip addr add 10.0.1.2/24 dev vb && ip link set vb up'
nsenter -t $peer -n $PY listen 10.0.1.2 8080 4096 hold > "$work/server" & wait_ready "$work/server"
section client; $PY connect-close 10.0.1.2 8080 1100
i=0; until [ "$(ss -Htan state fin-wait-2 | wc -l)" -ge 1100 ]; do i=$((i + 1)); [ $i -ge 100 ] && break; sleep 0.05; done
section fin-wait-2; ss -Htano state fin-wait-2
section advise; $SA advise --format json
`);
  assert.match(run.text('client'), /^ok=1100 failed=0/);
  assert.equal(rows(run.text('fin-wait-2')), 1100);
  const json = run.json<AdviseJson>('advise');
  const [orphans, finTimeout] = findingsOf(json, 'orphans');
  assertProse(orphans!, /1100 sockets in FIN_WAIT2, most towards 10\.0\.1\.2:8080 \(1100\): its application does not close after our FIN/);
  assertProse(finTimeout!, /^Lower tcp_fin_timeout from 60/);
  assert.deepEqual(findingsOf(json, 'close-wait-leak'), [], 'no CLOSE_WAIT here: the leak is on the other host');
  assert.deepEqual(
    json.changes.map((c) => [c.key, c.runtime?.to]),
    [['net.ipv4.tcp_fin_timeout', '30']],
  );
});
