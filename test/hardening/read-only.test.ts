/**
 * Writing onto a read-only file system is said as such, in one line with exit 2, never as "no
 * such file or directory" (Node's recursive mkdir reports ENOENT there): collect --out, apply's
 * rollback directory, generate -o. Run in private network and mount namespaces with read-only
 * tmpfs mounts, so nothing of this machine is touched.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { CLI } from '../helpers/cli.js';
import { requireNetns } from '../helpers/netns.js';

test('a read-only target is "read-only file system": collect --out, apply\'s rollback directory, generate -o', { timeout: 60_000 }, (t) => {
  if (!requireNetns(t)) return;
  const cli = `NO_COLOR=1 ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`;
  const script = [
    'set -e',
    'ro=$(mktemp -d)',
    'mount -t tmpfs -o ro tmpfs "$ro"',
    'mount -t tmpfs -o ro tmpfs /var/lib',
    'drop=$(mktemp); printf "net.ipv4.tcp_fin_timeout = 30\\n" > "$drop"',
    'before=$(sysctl -n net.ipv4.tcp_fin_timeout)',
    `echo "== collect"; ${cli} collect --out "$ro/bundle" 2>&1 || echo "rc=$?"`,
    `echo "== apply"; ${cli} apply "$drop" 2>&1 || echo "rc=$?"`,
    'echo "== unchanged"; [ "$(sysctl -n net.ipv4.tcp_fin_timeout)" = "$before" ] && echo yes',
    `echo "== generate"; ${cli} generate --profile web-server -o "$ro/x.conf" 2>&1 || echo "rc=$?"`,
    'rm -f "$drop"; umount "$ro"; rmdir "$ro"',
  ].join('\n');
  const run = spawnSync('unshare', ['--net', '--mount', 'sh', '-c', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const sections = new Map<string, string>();
  let name = '';
  for (const line of run.stdout.replace(/\n$/, '').split('\n')) {
    const heading = /^== (.+)$/.exec(line);
    if (heading) sections.set((name = heading[1]!), '');
    else sections.set(name, `${sections.get(name) ?? ''}${line}\n`);
  }
  assert.match(
    sections.get('collect')!,
    /^sysctl-advisor: \/tmp\/[^/]+\/bundle: cannot create the directory: read-only file system\nrc=2\n$/,
  );
  assert.match(
    sections.get('apply')!,
    /^sysctl-advisor: \/var\/lib\/sysctl-advisor: cannot create the directory: read-only file system\nrc=2\n$/,
  );
  assert.equal(sections.get('unchanged'), 'yes\n', 'nothing applied when the rollback file cannot be saved');
  assert.match(sections.get('generate')!, /^sysctl-advisor: \/tmp\/[^/]+\/x\.conf: cannot write: read-only file system\nrc=2\n$/);
});
