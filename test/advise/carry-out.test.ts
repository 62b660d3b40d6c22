/**
 * advise -o / --apply on a real kernel: harm that lives only in the running kernel reaches the
 * plan, the tool carries out both parts (running kernel and drop-in), an existing drop-in keeps
 * every line the plan does not touch, and a second run proposes nothing. Each test runs in its
 * own network and mount namespace, with tmpfs over /etc/sysctl.d and /var/lib, so neither this
 * host's kernel settings nor its files change.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, REPO_ROOT } from '../helpers/cli.js';
import { requireNetns } from '../helpers/netns.js';

const dir = mkdtempSync(join(tmpdir(), 'sa-carry-out-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = `NO_COLOR=1 ${process.execPath} ${CLI}`;
const DROP_IN = '/etc/sysctl.d/90-sysctl-advisor.conf';

interface Plan {
  changes: { key: string; from: string | null; to: string | null; runtime: { from: string; to: string } | null }[];
}

/** Runs the script in fresh network and mount namespaces with private /etc/sysctl.d and /var/lib. */
function inPrivateHost(script: string): string {
  const result = spawnSync(
    'unshare',
    ['--net', '--mount', 'sh', '-c', `set -e\nmount -t tmpfs tmpfs /etc/sysctl.d\nmount -t tmpfs tmpfs /var/lib\n${script}`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const read = (name: string) => readFileSync(join(dir, name), 'utf8');

test('tcp_syncookies set to 0 at runtime only: the plan turns it on now and pins 1; -o --apply carries out both, keeps the other lines and a .bak; a second run proposes nothing', (t) => {
  if (!requireNetns(t)) return;
  const output = inPrivateHost(
    [
      `printf '# mine, from an earlier run\\nnet.ipv4.tcp_keepalive_time = 600\\n' > ${DROP_IN}`,
      `sysctl -q -p ${DROP_IN}`,
      'sysctl -qw net.ipv4.tcp_syncookies=0',
      `${cli} advise --format json > ${dir}/plan1.json`,
      `${cli} advise > ${dir}/advise1.txt`,
      `${cli} advise -o ${DROP_IN} --apply > ${dir}/carry.out 2> ${dir}/carry.err || echo "rc=$?"`,
      'echo "syncookies=$(sysctl -n net.ipv4.tcp_syncookies) keepalive=$(sysctl -n net.ipv4.tcp_keepalive_time)"',
      `cp ${DROP_IN} ${dir}/dropin; cp ${DROP_IN}.bak ${dir}/dropin.bak`,
      `ls /var/lib/sysctl-advisor > ${dir}/rollbacks`,
      `${cli} advise --format json > ${dir}/plan2.json`,
      // The files alone, as at the next boot: procps applies them to a fresh namespace's defaults.
      'sysctl -qw net.ipv4.tcp_syncookies=0',
      `sysctl -q -p ${DROP_IN}`,
      'echo "after-boot syncookies=$(sysctl -n net.ipv4.tcp_syncookies)"',
    ].join('\n'),
  );
  const plan1 = JSON.parse(read('plan1.json')) as Plan;
  assert.deepEqual(
    plan1.changes.find((c) => c.key === 'net.ipv4.tcp_syncookies'),
    { ...plan1.changes.find((c) => c.key === 'net.ipv4.tcp_syncookies'), from: null, to: '1', runtime: { from: '0', to: '1' } },
  );
  // The printed recipe writes through the tool, never through a redirect.
  const advise1 = read('advise1.txt');
  assert.match(
    advise1,
    /net\.ipv4\.tcp_syncookies {2}\[syncookies-disabled\]\n {4}now: {5}0 → 1\n {4}at boot: not set \(kernel default 1\) → 1 in \/etc\/sysctl\.d\/90-sysctl-advisor\.conf/,
  );
  assert.match(advise1, /^ {2}sysctl-advisor advise -o \/etc\/sysctl\.d\/90-sysctl-advisor\.conf --apply$/m);
  assert.doesNotMatch(advise1, />\s*\/etc\//);

  assert.doesNotMatch(output, /rc=/, read('carry.err'));
  assert.match(output, /^syncookies=1 keepalive=600$/m);
  assert.match(read('carry.err'), /^Applied 1 value\(s\) to the running kernel .*\n {2}net\.ipv4\.tcp_syncookies: 0 → 1\n/m);
  assert.match(
    read('carry.err'),
    /^Wrote \/etc\/sysctl\.d\/90-sysctl-advisor\.conf \(previous content kept in \/etc\/sysctl\.d\/90-sysctl-advisor\.conf\.bak\)$/m,
  );
  const dropIn = read('dropin');
  assert.match(dropIn, /^# mine, from an earlier run\nnet\.ipv4\.tcp_keepalive_time = 600\n/, 'the line the plan does not change is kept');
  assert.match(dropIn, /^net\.ipv4\.tcp_syncookies = 1$/m);
  assert.equal(read('dropin.bak'), '# mine, from an earlier run\nnet.ipv4.tcp_keepalive_time = 600\n');
  assert.match(read('rollbacks'), /^rollback-.*\.conf$/m);
  assert.deepEqual((JSON.parse(read('plan2.json')) as Plan).changes, [], 'a second run proposes nothing');
  assert.match(output, /^after-boot syncookies=1$/m, 'the drop-in alone turns cookies on at boot');
});

test('--apply without -o sets only the running kernel and says the files were not written', (t) => {
  if (!requireNetns(t)) return;
  const output = inPrivateHost(
    [
      'sysctl -qw net.ipv4.tcp_syncookies=0',
      `${cli} advise --apply > /dev/null 2> ${dir}/apply-only.err`,
      'echo "syncookies=$(sysctl -n net.ipv4.tcp_syncookies)"',
      `ls /etc/sysctl.d | wc -l`,
    ].join('\n'),
  );
  assert.match(output, /^syncookies=1\n0\n$/m);
  assert.match(read('apply-only.err'), /The files were not written \(no -o\): the values applied last until the next boot\./);
});

test('advise --root BUNDLE -o FILE writes a copy of the drop-in for that host and refuses --apply', () => {
  const root = join(REPO_ROOT, 'test', 'fixtures', 'roots', 'syn-flood', 'root');
  const out = join(dir, 'for-host.conf');
  const written = spawnSync(process.execPath, [CLI, 'advise', '--root', root, '-o', out], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(written.status, 0, written.stderr);
  assert.match(readFileSync(out, 'utf8'), /^net\.ipv4\.tcp_syncookies = 1$/m);
  assert.match(
    written.stderr,
    new RegExp(
      `^Wrote ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\nCopy it to the host collected in .* as /etc/sysctl\\.d/90-sysctl-advisor\\.conf`,
      'm',
    ),
  );
  assert.doesNotMatch(written.stdout, /Carry it out|This plan is for/, 'no hint after the plan was written');
  const applied = spawnSync(process.execPath, [CLI, 'advise', '--root', root, '--apply'], { encoding: 'utf8' });
  assert.equal(applied.status, 2);
  assert.match(applied.stderr, /^sysctl-advisor: refusing to --apply: --root .*: values are applied to the running host only/);
});

test('no README line, doc, profile or source string tells the user to redirect sysctl-advisor output onto a sysctl file', () => {
  const files = [
    join(REPO_ROOT, 'README.md'),
    ...listFiles(join(REPO_ROOT, 'docs'), '.md'),
    ...listFiles(join(REPO_ROOT, 'src'), '.ts'),
    ...listFiles(join(REPO_ROOT, 'profiles'), '.yaml'),
  ];
  // Onto a config file (a script or a metrics file written through a temp name is fine).
  const redirect = /sysctl-advisor\b[^\n`'"]*?\s>>?\s*\S*(\/etc\/sysctl|sysctl\.d|\.conf\b|\bFILE\b)/;
  const offenders = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (redirect.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
  assert.ok(files.length > 50, 'the tree was read');
  assert.deepEqual(offenders, []);
});

function listFiles(directory: string, ending: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ending))
    .map((entry) => join(entry.parentPath, entry.name));
}
