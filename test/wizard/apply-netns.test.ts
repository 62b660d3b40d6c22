/**
 * The wizard's last step against the real kernel, in a throwaway network namespace with a
 * private tmpfs over /etc/sysctl.d (and /etc/sysctl.conf hidden): only the accepted values are
 * applied and read back, the rollback file holds the previous ones, and apply --rollback
 * restores them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLI } from '../helpers/cli.js';
import { requireNetns } from '../helpers/netns.js';

const DRIVER = fileURLToPath(new URL('./helpers/drive-wizard-apply.js', import.meta.url));
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

interface Session {
  exitCode: number;
  stderr: string;
  screen: string;
}

test(
  'the wizard applies only the accepted values, saves the previous ones first, and apply --rollback restores them',
  { timeout: 90_000 },
  (t) => {
    if (!requireNetns(t)) return;
    const dir = mkdtempSync(join(tmpdir(), 'sa-wizard-apply-'));
    const rollback = join(dir, 'rollback.conf');
    const keys = ['net.ipv4.ip_local_port_range', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_syn_retries', 'net.ipv4.tcp_tw_reuse'];
    const show = (label: string) =>
      `echo "== ${label}"; ${keys.map((k) => `echo "${k} = $(sysctl -n ${k} | tr -s '\\t ' ' ')"`).join('; ')}`;
    const script = [
      'set -e',
      'mount -t tmpfs tmpfs /etc/sysctl.d',
      'mount --bind /dev/null /etc/sysctl.conf',
      show('before'),
      `echo "== session"; ${quote(process.execPath)} ${quote(DRIVER)} ${quote(rollback)}`,
      show('after'),
      'echo "== drop-in"; cat /etc/sysctl.d/90-sysctl-advisor.conf',
      `echo "== rollback"; NO_COLOR=1 ${quote(process.execPath)} ${quote(CLI)} apply --rollback ${quote(rollback)}`,
      show('restored'),
    ].join('\n');
    const result = spawnSync('unshare', ['--net', '--mount', 'sh', '-c', script], { encoding: 'utf8', timeout: 80_000 });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    const sections = new Map<string, string>();
    for (const part of result.stdout.split(/^== /m).slice(1))
      sections.set(part.slice(0, part.indexOf('\n')), part.slice(part.indexOf('\n') + 1));
    const values = (label: string) =>
      new Map(
        sections
          .get(label)!
          .trim()
          .split('\n')
          .map((line) => line.split(' = ') as [string, string]),
      );
    const session = JSON.parse(sections.get('session')!) as Session;
    assert.equal(session.exitCode, 0, session.screen.slice(-3000));

    const dropIn = sections.get('drop-in')!;
    const accepted = new Map([...dropIn.matchAll(/^([a-z0-9_.]+) = (.+)$/gm)].map((m) => [m[1]!, m[2]!]));
    assert.ok(accepted.size >= 2, dropIn);
    const rejected = /❯◉ (net\.[a-z0-9_.]+):/.exec(session.screen)![1]!; // the first proposed change, rejected with "1"
    assert.ok(!accepted.has(rejected), `${rejected} was rejected`);
    const before = values('before');
    const after = values('after');
    for (const [key, value] of accepted) if (keys.includes(key)) assert.equal(after.get(key), value, `${key} applied and read back`);
    assert.equal(after.get(rejected) ?? before.get(rejected), before.get(rejected), `${rejected} untouched`);
    assert.match(session.screen, /Applied \d+ value\(s\) to the running kernel .*each read back:/);
    assert.match(session.screen, new RegExp(`Undo with: sysctl-advisor apply --rollback ${rollback}`));
    assert.match(sections.get('rollback')!, /^Restored \d+ value\(s\) from /);
    assert.deepEqual(values('restored'), before, 'rollback restores the exact previous values');
  },
);
