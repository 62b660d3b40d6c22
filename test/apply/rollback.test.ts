/**
 * Rollback files and `apply --rollback`, against the real kernel in a throwaway network and mount
 * namespace (unshare --net --mount) with tmpfs over /etc/sysctl.d and /var/lib, so the drop-in and
 * the default rollback directory are the namespace's own: one rollback file per apply, named by
 * the instant its header states; an existing --save-rollback is refused with nothing changed; and
 * after restoring, the lines that will set the keys again at boot are named with what to do.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { rollbackFileInstant } from '../../src/writers/apply-with-rollback.js';
import { CLI } from '../helpers/cli.js';
import { requireNetns } from '../helpers/netns.js';
import { withScratch } from '../hardening/helpers.js';

const cli = `NO_COLOR=1 ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`;

/** Runs `script` in new network and mount namespaces; "== NAME" lines split its output into sections. */
function inPrivateHost(script: string): Map<string, string> {
  const run = spawnSync(
    'unshare',
    ['--net', '--mount', 'sh', '-c', `set -e\nmount -t tmpfs tmpfs /etc/sysctl.d\nmount -t tmpfs tmpfs /var/lib\n${script}`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const sections = new Map<string, string>();
  let name = '';
  for (const line of run.stdout.replace(/\n$/, '').split('\n')) {
    const heading = /^== (.+)$/.exec(line);
    if (heading) sections.set((name = heading[1]!), '');
    else if (name) sections.set(name, `${sections.get(name)}${line}\n`);
  }
  return sections;
}

test('the name of a default rollback file is its instant', () => {
  const now = new Date('2026-01-31T10:00:00.123Z');
  assert.equal(
    rollbackFileInstant(`/var/lib/sysctl-advisor/rollback-${now.toISOString().replace(/[:.]/g, '-')}.conf`)?.toISOString(),
    now.toISOString(),
  );
  assert.equal(rollbackFileInstant('/tmp/my-rollback.conf'), undefined);
});

test(
  'one rollback file per apply, named by the instant its header states; an existing --save-rollback is refused with nothing changed',
  { timeout: 60_000 },
  (t) => {
    if (!requireNetns(t)) return;
    const sections = inPrivateHost(
      [
        'sysctl -qw net.ipv4.tcp_keepalive_time=600 net.ipv4.tcp_fin_timeout=45',
        "printf 'net.ipv4.tcp_keepalive_time = 150\\nnet.ipv4.tcp_fin_timeout = 30\\n' > /etc/sysctl.d/90-sysctl-advisor.conf",
        `${cli} apply /etc/sysctl.d/90-sysctl-advisor.conf > /dev/null`,
        `${cli} apply /etc/sysctl.d/90-sysctl-advisor.conf > /dev/null`,
        'echo "== files"; ls /var/lib/sysctl-advisor',
        'echo "== headers"; for f in /var/lib/sysctl-advisor/*; do echo "$(basename "$f") $(sed -n 2p "$f")"; done',
        'first=$(ls /var/lib/sysctl-advisor/* | head -1)',
        'sysctl -qw net.ipv4.tcp_keepalive_time=700',
        `echo "== refused"; ${cli} apply /etc/sysctl.d/90-sysctl-advisor.conf --save-rollback "$first" 2>&1 || echo "rc=$?"`,
        'echo "== after refusal"; sysctl -n net.ipv4.tcp_keepalive_time; sed -n \'$p\' "$first"',
      ].join('\n'),
    );
    const files = sections.get('files')!.trim().split('\n');
    assert.equal(files.length, 2, 'two applies, two files');
    for (const line of sections.get('headers')!.trim().split('\n')) {
      const [name, ...header] = line.split(' ');
      const instant = rollbackFileInstant(name!);
      assert.ok(instant, `${name} is named by time`);
      assert.equal(
        header.join(' '),
        `# Written ${instant.toISOString()} when applying /etc/sysctl.d/90-sysctl-advisor.conf.`,
        'the same instant as the name',
      );
    }
    assert.match(
      sections.get('refused')!,
      /^sysctl-advisor: --save-rollback \/var\/lib\/sysctl-advisor\/rollback-[-0-9TZ]+\.conf: the file exists, and rollback files are never overwritten; give a new path, or leave the option out \(a new file named by time in \/var\/lib\/sysctl-advisor\)\nrc=2\n$/,
    );
    assert.equal(
      sections.get('after refusal'),
      '700\nnet.ipv4.tcp_fin_timeout = 45\n',
      'the kernel and the rollback file are as they were',
    );
  },
);

test('apply --rollback names the lines that set the restored keys again at boot, and what to do', { timeout: 60_000 }, (t) => {
  if (!requireNetns(t)) return;
  const sections = inPrivateHost(
    [
      'sysctl -qw net.ipv4.tcp_keepalive_time=600 net.ipv4.tcp_fin_timeout=45 net.ipv4.tcp_syn_retries=6 net.ipv4.tcp_keepalive_probes=9',
      // What the advisor's -o leaves: the new drop-in and the previous one as .bak.
      "printf 'net.ipv4.tcp_fin_timeout = 45\\n' > /etc/sysctl.d/90-sysctl-advisor.conf.bak",
      "printf 'net.ipv4.tcp_keepalive_time = 150\\nnet.ipv4.tcp_fin_timeout = 30\\n' > /etc/sysctl.d/90-sysctl-advisor.conf",
      // A file that sets a key to the value the rollback restores: nothing to undo, not named.
      "printf 'net.ipv4.tcp_keepalive_probes = 9\\n' > /etc/sysctl.d/50-ops.conf",
      `${cli} apply /etc/sysctl.d/90-sysctl-advisor.conf --save-rollback /var/lib/rb.conf > /dev/null`,
      "printf 'net.ipv4.tcp_syn_retries = 3\\n' >> /etc/sysctl.d/90-sysctl-advisor.conf",
      "printf 'net.ipv4.tcp_syn_retries = 6\\nnet.ipv4.tcp_keepalive_probes = 9\\n' >> /var/lib/rb.conf",
      `echo "== rollback"; ${cli} apply --rollback /var/lib/rb.conf`,
      'echo "== values"; sysctl -n net.ipv4.tcp_keepalive_time net.ipv4.tcp_fin_timeout net.ipv4.tcp_syn_retries',
      "rm /etc/sysctl.d/90-sysctl-advisor.conf.bak; printf 'net.ipv4.tcp_fin_timeout = 30\\n' > /etc/sysctl.d/90-sysctl-advisor.conf",
      `echo "== no backup"; ${cli} apply --rollback /var/lib/rb.conf | tail -n 1`,
      'rm /etc/sysctl.d/90-sysctl-advisor.conf',
      `echo "== nothing"; ${cli} apply --rollback /var/lib/rb.conf | tail -n 1`,
    ].join('\n'),
  );
  const rollback = sections.get('rollback')!;
  assert.match(rollback, /^Restored 4 value\(s\) from \/var\/lib\/rb\.conf/);
  assert.match(
    rollback,
    /\nAt the next boot these lines set restored keys again, undoing the rollback:\n {2}\/etc\/sysctl\.d\/90-sysctl-advisor\.conf:1 sets net\.ipv4\.tcp_keepalive_time = 150 \(restored now: 600; read by systemd-sysctl at boot and sysctl --system\): restore \/etc\/sysctl\.d\/90-sysctl-advisor\.conf\.bak or remove the line\n {2}\/etc\/sysctl\.d\/90-sysctl-advisor\.conf:2 sets net\.ipv4\.tcp_fin_timeout = 30 \(restored now: 45; .*\): restore \/etc\/sysctl\.d\/90-sysctl-advisor\.conf\.bak or remove the line\n {2}\/etc\/sysctl\.d\/90-sysctl-advisor\.conf:3 sets net\.ipv4\.tcp_syn_retries = 3 \(restored now: 6; .*\n$/,
  );
  assert.doesNotMatch(rollback, /50-ops\.conf/, 'a line that sets the restored value is not named');
  assert.equal(sections.get('values'), '600\n45\n6\n');
  assert.match(
    sections.get('no backup')!,
    /^ {2}\/etc\/sysctl\.d\/90-sysctl-advisor\.conf:1 sets net\.ipv4\.tcp_fin_timeout = 30 \(restored now: 45; .*\): remove or change the line\n$/,
  );
  assert.equal(
    sections.get('nothing'),
    'No sysctl config file sets these keys to other values at boot; keys no file sets start from the kernel default after a reboot.\n',
  );
});

test(
  'a rollback file is created with no-clobber semantics: of processes racing for one path, exactly one writes it',
  { timeout: 60_000 },
  async () => {
    await withScratch('no-clobber', async (dir) => {
      const target = join(dir, 'rollback.conf');
      const writer = join(dir, 'writer.mjs');
      const atomicWrite = new URL('../../src/util/atomic-write.js', import.meta.url).href;
      writeFileSync(
        writer,
        `import { createFileExclusive } from ${JSON.stringify(atomicWrite)};\n` +
          `try { createFileExclusive(process.argv[2], 'written by ' + process.argv[3] + '\\n'); console.log('won'); } catch (e) { console.log(e.oneLine ? e.oneLine() : String(e)); }\n`,
      );
      const { spawn } = await import('node:child_process');
      const racers = Array.from(
        { length: 6 },
        (_, i) =>
          new Promise<string>((resolve) => {
            const child = spawn(process.execPath, [writer, target, `racer-${i}`], { stdio: ['ignore', 'pipe', 'inherit'] });
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.on('close', () => resolve(`racer-${i} ${out.trim()}`));
          }),
      );
      const results = await Promise.all(racers);
      const winners = results.filter((r) => r.endsWith(' won'));
      assert.equal(winners.length, 1, results.join('\n'));
      for (const loser of results.filter((r) => !r.endsWith(' won')))
        assert.match(loser, /: already exists, and is never overwritten; give a new path$/);
      const { readFileSync, readdirSync } = await import('node:fs');
      assert.equal(readFileSync(target, 'utf8'), `written by ${winners[0]!.split(' ')[0]}\n`);
      assert.deepEqual(readdirSync(dir).sort(), ['rollback.conf', 'writer.mjs'], 'no temp file left behind');
    });
  },
);
