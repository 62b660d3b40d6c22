/**
 * apply against the real kernel, inside throwaway network namespaces (unshare --net), with the
 * real sysctl(8) as the oracle: values change in that namespace only and read back as written,
 * --rollback restores exactly what was there, and a value the kernel rejects half-way undoes
 * the values already written.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from '../helpers/cli.js';
import { inNetns, requireNetns } from '../helpers/netns.js';

const KEYS = ['net.ipv4.tcp_fin_timeout', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_syn_retries'];
const dir = mkdtempSync(join(tmpdir(), 'sa-apply-netns-'));
chmodSync(dir, 0o755); // the non-root test reads a drop-in from here
const cli = `NO_COLOR=1 ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`;
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** "sysctl -n" of every key, one block per label, as the oracle sees them. */
const snapshot = (label: string) => `echo "== ${label}"; ${KEYS.map((k) => `sysctl -n ${k}`).join('; ')}`;

function blocks(output: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of output.split('\n')) {
    const heading = /^== (.+)$/.exec(line);
    if (heading) result.set(heading[1]!, (current = []));
    else if (line !== '') current.push(line.replace(/\s+/g, ' '));
  }
  return result;
}

function hostValues(): string[] {
  return KEYS.map((key) =>
    readFileSync(`/proc/sys/${key.replaceAll('.', '/')}`, 'utf8')
      .trim()
      .replace(/\s+/g, ' '),
  );
}

test('apply writes the values in this namespace only, each read back; --rollback restores the exact previous values', (t) => {
  if (!requireNetns(t)) return;
  const dropIn = join(dir, 'good.conf');
  writeFileSync(dropIn, 'net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.ip_local_port_range = 10240 65535\nnet.ipv4.tcp_keepalive_time = 150\n');
  const rollback = join(dir, 'rollback-good.conf');
  const host = hostValues();
  const output = inNetns(
    [
      // Non-default values first, so "restored" cannot be confused with "reset to defaults".
      'sysctl -qw net.ipv4.tcp_fin_timeout=45 net.ipv4.ip_local_port_range="20000 40001" net.ipv4.tcp_keepalive_time=600',
      snapshot('before'),
      `${cli} apply ${quote(dropIn)} --save-rollback ${quote(rollback)} > ${quote(join(dir, 'apply.out'))} 2>&1; rc=$?; echo "== apply rc"; echo $rc`,
      snapshot('after'),
      `${cli} apply --rollback ${quote(rollback)} > ${quote(join(dir, 'rollback.out'))} 2>&1; rc=$?; echo "== rollback rc"; echo $rc`,
      snapshot('restored'),
    ].join('\n'),
  );
  const seen = blocks(output);
  const applyOut = readFileSync(join(dir, 'apply.out'), 'utf8');
  assert.deepEqual(seen.get('apply rc'), ['0'], applyOut);
  assert.deepEqual(seen.get('before'), ['45', '20000 40001', '600', '6']);
  assert.deepEqual(seen.get('after'), ['30', '10240 65535', '150', '6']);
  assert.match(
    applyOut,
    /Applied 3 value\(s\) to the running kernel .*each read back:\n {2}net\.ipv4\.tcp_fin_timeout: 45 → 30\n {2}net\.ipv4\.ip_local_port_range: 20000 40001 → 10240 65535\n/,
  );
  assert.match(applyOut, new RegExp(`Undo with: sysctl-advisor apply --rollback ${rollback}`));
  assert.match(applyOut, /note: .* is not read at boot: it is not in a sysctl\.d directory/);
  // The rollback file holds the previous values (it is written before any value is).
  assert.match(
    readFileSync(rollback, 'utf8'),
    /\nnet\.ipv4\.tcp_fin_timeout = 45\nnet\.ipv4\.ip_local_port_range = 20000 40001\nnet\.ipv4\.tcp_keepalive_time = 600\n$/,
  );
  assert.deepEqual(seen.get('rollback rc'), ['0'], readFileSync(join(dir, 'rollback.out'), 'utf8'));
  assert.deepEqual(seen.get('restored'), seen.get('before'));
  assert.deepEqual(hostValues(), host, "the host's own namespace is untouched");
});

test('a value the kernel rejects after a valid one: the valid ones are rolled back, the failing key is named with the reason', (t) => {
  if (!requireNetns(t)) return;
  const dropIn = join(dir, 'bad.conf');
  // tcp_syn_retries accepts 1..127: 0 is EINVAL [docs/kernel/retransmission-timing.md#tcp_syn_retries].
  writeFileSync(dropIn, 'net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.ip_local_port_range = 10240 65535\nnet.ipv4.tcp_syn_retries = 0\n');
  const rollback = join(dir, 'rollback-bad.conf');
  const output = inNetns(
    [
      'sysctl -qw net.ipv4.tcp_fin_timeout=45',
      snapshot('before'),
      `${cli} apply ${quote(dropIn)} --save-rollback ${quote(rollback)} > ${quote(join(dir, 'bad.out'))} 2>&1; rc=$?; echo "== rc"; echo $rc`,
      snapshot('after'),
    ].join('\n'),
  );
  const seen = blocks(output);
  const message = readFileSync(join(dir, 'bad.out'), 'utf8');
  assert.deepEqual(seen.get('rc'), ['1'], message);
  assert.deepEqual(seen.get('after'), seen.get('before'), 'every value as before');
  assert.match(message, /sysctl-advisor: net\.ipv4\.tcp_syn_retries = 0: the kernel rejected "0": Invalid argument \(EINVAL/);
  assert.match(
    message,
    /Rolled back the values already written:\n {2}net\.ipv4\.ip_local_port_range: restored to 32768 60999\n {2}net\.ipv4\.tcp_fin_timeout: restored to 45\n/,
  );
  assert.ok(existsSync(rollback), 'the rollback file was saved before writing');
});

test('apply refuses, changing nothing, when a later config file would undo the value at boot', (t) => {
  if (!requireNetns(t)) return;
  const rollback = join(dir, 'rollback-refused.conf');
  // A private mount namespace: a tmpfs over /etc/sysctl.d holds the drop-in and a later file.
  const output = execInMountNetns(
    [
      'mount -t tmpfs tmpfs /etc/sysctl.d',
      "printf 'net.ipv4.tcp_fin_timeout = 30\\n' > /etc/sysctl.d/90-sysctl-advisor.conf",
      "printf '# keep the default\\nnet.ipv4.tcp_fin_timeout = 60\\n' > /etc/sysctl.d/95-late.conf",
      `${cli} apply /etc/sysctl.d/90-sysctl-advisor.conf --save-rollback ${quote(rollback)}; echo "rc=$?"`,
      'sysctl -n net.ipv4.tcp_fin_timeout',
    ].join('\n'),
  );
  assert.match(
    output,
    /sysctl-advisor: refusing to apply: \/etc\/sysctl\.d\/95-late\.conf:2 sets net\.ipv4\.tcp_fin_timeout = 60 and is applied after \/etc\/sysctl\.d\/90-sysctl-advisor\.conf/,
  );
  assert.match(output, /rc=2\n60\n$/);
  assert.ok(!existsSync(rollback), 'refused before saving anything');
});

function execInMountNetns(script: string): string {
  const result = spawnSync('unshare', ['--net', '--mount', 'sh', '-c', `{\n${script}\n} 2>&1`], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

test('apply refuses without root, and with a root other than /, in one line (exit 2)', (t) => {
  if (!requireNetns(t)) return;
  const dropIn = join(dir, 'good-nobody.conf');
  writeFileSync(dropIn, 'net.ipv4.tcp_fin_timeout = 30\n');
  chmodSync(dropIn, 0o644);
  const asNobody = spawnSync(process.execPath, [CLI, 'apply', dropIn], {
    encoding: 'utf8',
    uid: 65534,
    gid: 65534,
    env: { NO_COLOR: '1', PATH: process.env.PATH ?? '' },
  });
  assert.equal(asNobody.status, 2, asNobody.stderr);
  assert.equal(
    asNobody.stderr,
    'sysctl-advisor: refusing to apply: applying writes /proc/sys and needs root (e.g. sudo sysctl-advisor apply FILE)\n',
  );
  const otherRoot = spawnSync(process.execPath, [CLI, 'apply', dropIn, '--root', dir], { encoding: 'utf8' });
  assert.equal(otherRoot.status, 2);
  assert.match(
    otherRoot.stderr,
    /^sysctl-advisor: refusing to apply: --root .*: values are applied to the running host only \(--root \/\)/,
  );
  assert.equal(otherRoot.stderr.split('\n').length, 2, 'one line');
});
