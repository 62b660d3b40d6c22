import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseKernelVersion } from '../../src/kernel/version.js';
import { findParam } from '../../src/params/lookup.js';
import { parseParamValue } from '../../src/params/values.js';
import { builtinProfileNames } from '../../src/profiles/builtin.js';
import { resolveContext } from '../../src/profiles/context.js';
import { loadProfile } from '../../src/profiles/load.js';
import { planGeneratedFile } from '../../src/generate/plan.js';
import { renderGeneratedFile } from '../../src/reporters/sysctl-conf.js';
import { runCli } from '../helpers/cli.js';
import { inNetns, requireNetns } from '../helpers/netns.js';

const KERNELS = ['3.10', '4.9', '4.11', '4.12', '4.19', '5.4', '5.15', '6.1', '6.5', '6.8', '6.12', '6.18'];
const CONTEXTS = [
  { clientsBehindNat: true, natGateway: false },
  { clientsBehindNat: false, natGateway: true },
  { clientsBehindNat: true, natGateway: true, idleTimeout: 60 },
  { clientsBehindNat: false, natGateway: false, idleTimeout: 300 },
  { idleTimeout: 30000 },
];

/** The assignments of a generated file: every non-comment, non-blank line must be "key = value". */
function assignments(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-z0-9_.]+) = (.+)$/.exec(line);
    assert.ok(match, `not a plain assignment: ${JSON.stringify(line)}`);
    result.set(match[1]!, match[2]!);
  }
  return result;
}

function generate(profileName: string, kernel: string, context: object): string {
  const profile = loadProfile(profileName);
  return renderGeneratedFile(planGeneratedFile(profile, resolveContext(context, profile.context), parseKernelVersion(kernel)!));
}

test('no profile, kernel or context combination emits a harmful or malformed line', () => {
  let files = 0;
  for (const name of builtinProfileNames()) {
    for (const kernel of KERNELS) {
      for (const context of CONTEXTS) {
        const text = generate(name, kernel, context);
        files++;
        const values = assignments(text);
        assert.equal(values.has('net.ipv4.tcp_tw_recycle'), false);
        assert.notEqual(values.get('net.ipv4.tcp_syncookies'), '0');
        if (values.has('net.ipv4.tcp_max_tw_buckets')) assert.ok(Number(values.get('net.ipv4.tcp_max_tw_buckets')) >= 262144);
        for (const [key, value] of values) {
          const parsed = parseParamValue(findParam(key)!, value);
          assert.ok(parsed.ok && !('ignored' in parsed && parsed.ignored), `${name}/${kernel}: ${key} = ${value} reads back as written`);
          assert.equal(parsed.canonical, value);
        }
        // keepalive must probe before the idle timeout expires
        const idle = (context as { idleTimeout?: number }).idleTimeout;
        if (idle !== undefined) {
          const time = Number(values.get('net.ipv4.tcp_keepalive_time') ?? 7200);
          const intvl = Number(values.get('net.ipv4.tcp_keepalive_intvl') ?? 75);
          assert.ok(time < idle && time + intvl < idle, `${name}/${kernel}/idle ${idle}: keepalive ${time}+${intvl}`);
        }
        assert.equal(generate(name, kernel, context), text, 'deterministic');
      }
    }
  }
  assert.equal(files, 6 * KERNELS.length * CONTEXTS.length);
});

test('generate differs by kernel where the facts differ', () => {
  const old = assignments(generate('web-server', '4.9', {}));
  const recent = assignments(generate('web-server', '6.8', {}));
  assert.equal(old.get('net.core.somaxconn'), '4096', 'default 128 before 5.4');
  assert.equal(recent.has('net.core.somaxconn'), false, 'already 4096 since 5.4');
  const unwrap = (text: string) => text.replace(/\n# /g, ' ');
  const client69 = unwrap(generate('outbound-client', '6.8', {}));
  const client49 = unwrap(generate('outbound-client', '4.9', {}));
  assert.match(client69, /fails at 19 s/);
  assert.match(client49, /fails at 15 s/);
  assert.match(unwrap(generate('web-server', '6.8', {})), /omitted net\.core\.somaxconn = 4096: already the default on 6\.8/);
});

test('a user profile asking for harmful values is refused, unless forced', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-gen-'));
  const target = (key: string, value: string | number, extra = '') =>
    `  ${key}:\n    value: ${JSON.stringify(value)}\n    why: the old runbook said so\n    source: runbook${extra}\n`;
  // Refused on every host and kernel: the profile itself is invalid (test/profiles/harmful-targets.test.ts).
  writeFileSync(
    join(dir, 'bad.yaml'),
    `name: bad\nsummary: an unwise profile\ntargets:\n${target('net.ipv4.tcp_syncookies', 0)}${target('net.ipv4.tcp_max_tw_buckets', 5000)}${target('net.ipv4.tcp_tw_recycle', 1)}`,
  );
  const invalid = runCli(['generate', '--profile', join(dir, 'bad.yaml'), '--kernel', '4.9']);
  assert.equal(invalid.status, 2);
  assert.equal(invalid.stdout, '');
  assert.match(
    invalid.stderr,
    /^sysctl-advisor: .*bad\.yaml:5:12: target net\.ipv4\.tcp_syncookies: value 0 is refused on every host and kernel: without SYN cookies.*\nsysctl-advisor: .*bad\.yaml:13:12: target net\.ipv4\.tcp_tw_recycle: value 1 is refused on every host and kernel: tcp_tw_recycle drops SYNs from clients behind NAT.*\n$/,
  );
  // Refused where the host's default is larger: for a host not known, the largest default decides.
  writeFileSync(
    join(dir, 'low-tw.yaml'),
    `name: low-tw\nsummary: an unwise profile\ntargets:\n${target('net.ipv4.tcp_max_tw_buckets', 5000)}`,
  );
  const refused = runCli(['generate', '--profile', join(dir, 'low-tw.yaml'), '--kernel', '4.9']);
  assert.equal(refused.status, 0, refused.stderr);
  assert.equal(assignments(refused.stdout).size, 0);
  assert.match(
    refused.stdout,
    /REFUSED net\.ipv4\.tcp_max_tw_buckets = 5000: 5000 is below the kernel default on large hosts\s+#\s+\(262144\)/,
  );
  assert.match(refused.stderr, /refused net\.ipv4\.tcp_max_tw_buckets = 5000/);
  writeFileSync(
    join(dir, 'forced.yaml'),
    `name: forced\nsummary: a forced profile\ntargets:\n${target('net.ipv4.tcp_syncookies', 0, '\n    force: "lab host behind a SYN proxy, measured"')}`,
  );
  const forced = runCli(['generate', '--profile', join(dir, 'forced.yaml'), '--kernel', '6.8']);
  assert.equal(assignments(forced.stdout).get('net.ipv4.tcp_syncookies'), '0');
  assert.match(forced.stdout, /# WARNING: forced by the profile \("lab host behind a SYN proxy, measured"\)/);
  // On 4.12+ tcp_tw_recycle does not exist: even forced, it is left out.
  writeFileSync(
    join(dir, 'recycle.yaml'),
    `name: recycle\nsummary: a forced recycle\ntargets:\n${target('net.ipv4.tcp_tw_recycle', 1, '\n    force: "I really want it on this kernel"')}`,
  );
  const recycle = runCli(['generate', '--profile', join(dir, 'recycle.yaml'), '--kernel', '6.8']);
  assert.equal(assignments(recycle.stdout).size, 0);
  assert.match(recycle.stdout, /omitted net\.ipv4\.tcp_tw_recycle = 1: not present on 6\.8 \(removed in 4\.12\)/);
});

test('-o writes atomically and keeps the previous file as FILE.bak', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-out-'));
  const file = join(dir, '90-sysctl-advisor.conf');
  writeFileSync(file, 'net.ipv4.tcp_fin_timeout = 30\n', { mode: 0o640 });
  const result = runCli(['generate', '--profile', 'edge', '--kernel', '6.8', '-o', file]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /wrote .*90-sysctl-advisor\.conf \(previous content kept in .*\.bak\)/);
  assert.equal(readFileSync(`${file}.bak`, 'utf8'), 'net.ipv4.tcp_fin_timeout = 30\n');
  assert.equal(statSync(`${file}.bak`).mode & 0o777, 0o640, 'backup keeps the mode');
  assert.match(readFileSync(file, 'utf8'), /^net\.ipv4\.tcp_synack_retries = 3$/m);
  assert.deepEqual(readdirSync(dir).sort(), ['90-sysctl-advisor.conf', '90-sysctl-advisor.conf.bak']);
});

test('procps accepts every generated file: sysctl --dry-run -p exits 0', (t) => {
  if (!requireNetns(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'sa-procps-'));
  for (const name of builtinProfileNames()) {
    // The running kernel, so every written key exists here, plus an idle timeout that adds keepalive lines.
    const result = runCli(['generate', '--profile', name, '--idle-timeout', '300']);
    assert.equal(result.status, 0, result.stderr);
    const file = join(dir, `${name}.conf`);
    writeFileSync(file, result.stdout);
    const procps = inNetns(`sysctl --dry-run -p ${file} 2>&1; echo "exit=$?"`);
    assert.match(procps, /exit=0\s*$/, `${name}: ${procps}`);
    const printed = new Map(
      procps
        .split('\n')
        .filter((l) => l.includes(' = '))
        .map((l) => l.split(' = ') as [string, string]),
    );
    assert.deepEqual(printed, assignments(result.stdout), `${name}: procps reads the same assignments`);
  }
});

test('unknown profile and bad --kernel are one-line errors with exit 2', () => {
  const missing = runCli(['generate', '--profile', 'webserver']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^sysctl-advisor: no built-in profile "webserver"/);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  const badKernel = runCli(['generate', '--profile', 'edge', '--kernel', 'six']);
  assert.equal(badKernel.status, 2);
  assert.match(badKernel.stderr, /--kernel takes X\.Y/);
});
