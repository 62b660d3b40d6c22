/**
 * Directory order and masking against the real tools. Each scenario root is copied over the
 * real sysctl.d directories inside a private mount namespace (tmpfs over /etc/sysctl.d,
 * /run, /usr/local/lib, /usr/lib/sysctl.d; a bind mount over /etc/sysctl.conf) and a fresh
 * network namespace, as in docs/kernel/evidence/scripts/prec.sh. Then:
 * - `sysctl --dry-run --system` must apply the files our procps model lists, in that order, and
 *   print the writes we predict (options first: procps 4.0.2 runs --system as soon as it sees it);
 * - `systemd-sysctl --cat-config` must list the files our systemd model lists;
 * - a real `systemd-sysctl` run (only per-namespace net.ipv4 keys, inside the throwaway netns)
 *   must leave each key at the value our systemd model predicts.
 * Mounts use -n so nothing is written to the host's /run/mount.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { effectiveConfig, type EffectiveConfig } from '../../src/config/index.js';
import { requireNetns, requireTool } from '../helpers/netns.js';
import { namespaceKeys, observeProcps, predictProcps } from './helpers/procps.js';
import { buildRoot, type RootSpec } from './helpers/roots.js';
import { PRECEDENCE_ROOT } from './helpers/scenarios.js';

const SYSTEMD_SYSCTL = '/lib/systemd/systemd-sysctl';

/** Hidden files, directories, broken links, the Debian link, name order, globs and exclusions across files. */
const EDGE_ROOT: RootSpec = {
  'etc/sysctl.conf': 'net.ipv4.tcp_fin_timeout = 41\n',
  'etc/sysctl.d/99-sysctl.conf': { symlink: '../sysctl.conf' },
  'etc/sysctl.d/.hidden.conf': 'net.ipv4.tcp_syn_retries = 2\n',
  'etc/sysctl.d/.conf': 'net.ipv4.tcp_syn_retries = 3\n',
  'etc/sysctl.d/dir.conf': { directory: true },
  'etc/sysctl.d/broken.conf': { symlink: '/nonexistent-sysctl-advisor-test' },
  'etc/sysctl.d/20-drop.conf': '-net.ipv4.tcp_keepalive_intvl\nbad line\n',
  'run/sysctl.d/10-lo.conf': 'net.ipv4.conf.lo.rp_filter = 1\nnet.ipv4.tcp_keepalive_intvl = 33\n',
  'usr/lib/sysctl.d/50-glob.conf': 'net.ipv4.conf.[al]*.rp_filter = 2\n-net.ipv4.conf.all.rp_filter\n',
  'usr/lib/sysctl.d/A.conf': 'net.ipv4.tcp_keepalive_time = 5\nnet.ipv4.tcp_keepalive_probes = 4\n',
  'usr/lib/sysctl.d/a.conf': 'net.ipv4.tcp_keepalive_time = 6\n',
  'usr/lib/sysctl.d/_.conf': 'net.ipv4.tcp_keepalive_time = 7\nnet.ipv4.tcp_keepalive_probes = 4\n',
  'usr/lib/sysctl.d/10-x.CONF': 'net.ipv4.tcp_keepalive_time = 8\n',
  'usr/lib/sysctl.d/10-x.conf~': 'net.ipv4.tcp_keepalive_time = 9\n',
  'usr/local/lib/sysctl.d/10-lo.conf': 'net.ipv4.conf.lo.rp_filter = 0\n',
};

const SCRIPT = String.raw`
set -eu
ROOT="$1"; OUT="$2"; HOSTNS="$3"
[ "$(readlink /proc/self/ns/net)" != "$HOSTNS" ] || { echo "not in a new network namespace" >&2; exit 99; }
mount -n -t tmpfs none /run
mount -n -t tmpfs none /usr/local/lib
mount -n -t tmpfs none /etc/sysctl.d
mount -n -t tmpfs none /usr/lib/sysctl.d
mkdir -p /run/sysctl.d /usr/local/lib/sysctl.d
mount -n --bind "$ROOT/etc/sysctl.conf" /etc/sysctl.conf
for d in etc/sysctl.d run/sysctl.d usr/local/lib/sysctl.d usr/lib/sysctl.d; do
  if [ -d "$ROOT/$d" ]; then cp -a "$ROOT/$d/." "/$d/"; fi
done
for k in $(cat "$OUT/keys"); do printf '%s=%s\n' "$k" "$(cat /proc/sys/$k)"; done > "$OUT/before"
LC_ALL=C sysctl --dry-run --system > "$OUT/procps.out" 2> "$OUT/procps.err" || true
${SYSTEMD_SYSCTL} --cat-config --no-pager > "$OUT/cat.out" 2> "$OUT/cat.err" || true
${SYSTEMD_SYSCTL} > "$OUT/systemd.out" 2> "$OUT/systemd.err" || true
for k in $(cat "$OUT/keys"); do printf '%s=%s\n' "$k" "$(cat /proc/sys/$k)"; done > "$OUT/after"
`;

interface ToolRuns {
  readonly procpsApplied: string[];
  readonly procpsRun: { stdout: string; stderr: string; status: number };
  readonly catConfigFiles: string[];
  readonly before: Map<string, string>;
  readonly after: Map<string, string>;
}

function valuesFile(path: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return values;
}

function runRealTools(root: string, keys: readonly string[]): ToolRuns {
  const out = mkdtempSync(join(tmpdir(), 'sysctl-prec-out-'));
  try {
    spawnSync('sh', ['-c', `printf '%s\\n' "$@" > "${out}/keys"`, 'sh', ...keys]);
    const run = spawnSync('unshare', ['--mount', '--net', 'sh', '-c', SCRIPT, 'sh', root, out, readlinkSync('/proc/self/ns/net')], {
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`namespace script failed (${run.status}): ${run.stderr}`);
    const stdout = readFileSync(join(out, 'procps.out'), 'utf8');
    const applied: string[] = [];
    const writes: string[] = [];
    for (const line of stdout.split('\n')) {
      const m = /^\* Applying (.*) \.\.\.$/.exec(line);
      if (m) applied.push(m[1]!);
      else if (line !== '') writes.push(line);
    }
    const catConfigFiles = readFileSync(join(out, 'cat.out'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('# /'))
      .map((l) => l.slice(2));
    return {
      procpsApplied: applied,
      procpsRun: {
        stdout: writes.length ? `${writes.join('\n')}\n` : '',
        stderr: readFileSync(join(out, 'procps.err'), 'utf8'),
        status: 0,
      },
      catConfigFiles,
      before: valuesFile(join(out, 'before')),
      after: valuesFile(join(out, 'after')),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function canRun(t: TestContext): boolean {
  if (!requireNetns(t)) return false;
  for (const tool of ['/etc/sysctl.conf', SYSTEMD_SYSCTL]) if (!requireTool(t, tool)) return false;
  return true;
}

function compareWithRealTools(spec: RootSpec, check?: (effective: EffectiveConfig, real: ToolRuns) => void): void {
  const temp = buildRoot({ ...spec, lib: { symlink: 'usr/lib' } });
  try {
    const keys = namespaceKeys();
    const effective = effectiveConfig(temp.root, { knownKeys: keys.files.keys() });
    const paths = [...effective.keys.values()].map((k) => k.procPath).filter((p) => keys.files.has(p));
    const real = runRealTools(temp.root, paths);

    assert.deepEqual(
      effective.sources.procps.map((s) => s.path),
      real.procpsApplied,
      'procps --system file order',
    );
    const loaded = effective.sources.procps.flatMap((s) =>
      s.content.kind === 'file' ? [{ path: s.path, realPath: s.realPath ?? s.path, file: s.content.file }] : [],
    );
    const expected = predictProcps(loaded, keys);
    const actual = observeProcps(real.procpsRun);
    assert.deepEqual(expected.writes, actual.writes, 'procps --system writes');
    assert.deepEqual(expected.invalid, actual.invalid, 'procps --system invalid lines');

    // --cat-config prints "Failed to cat" instead of a header for a broken link, which systemd
    // lists but skips (ENOENT is ignored when applying); we list it as unreadable.
    const readable = effective.sources.systemd.filter((s) => s.content.kind !== 'unreadable');
    assert.deepEqual(
      readable.map((s) => s.path),
      real.catConfigFiles,
      'systemd-sysctl --cat-config files',
    );
    for (const outcome of effective.keys.values()) {
      if (!keys.files.has(outcome.procPath)) continue;
      const expectedValue = outcome.systemd.status === 'set' ? outcome.systemd.winner.value : real.before.get(outcome.procPath);
      assert.equal(real.after.get(outcome.procPath), expectedValue, `value of ${outcome.key} after systemd-sysctl`);
    }
    check?.(effective, real);
  } finally {
    temp.remove();
  }
}

test('real tools agree with our model on the precedence_test.txt scenario', (t) => {
  if (!canRun(t)) return;
  compareWithRealTools(PRECEDENCE_ROOT, (effective, real) => {
    // The transcript of precedence_test.txt, as recorded on this machine.
    assert.deepEqual(real.procpsApplied, [
      '/etc/sysctl.d/10-vendor.conf',
      '/run/sysctl.d/20-run.conf',
      '/etc/sysctl.d/30-masked.conf',
      '/etc/sysctl.d/99-last.conf',
      '/etc/sysctl.conf',
    ]);
    assert.equal(real.after.get('net/ipv4/tcp_keepalive_time'), '300');
    const keepalive = effective.keys.get('net.ipv4.tcp_keepalive_time');
    assert.equal(keepalive?.procps.status === 'set' && keepalive.procps.winner.value, '400');
  });
});

test('real tools agree with our model on hidden files, directories, broken links, name order, globs and exclusions', (t) => {
  if (!canRun(t)) return;
  compareWithRealTools(EDGE_ROOT, (effective, real) => {
    // procps applies hidden files and dir.conf, systemd does neither.
    assert.ok(real.procpsApplied.includes('/etc/sysctl.d/.hidden.conf'));
    assert.ok(!real.catConfigFiles.includes('/etc/sysctl.d/.hidden.conf'));
    // systemd dropped keepalive_intvl = 33 because of the later "-net.ipv4.tcp_keepalive_intvl".
    const intvl = effective.keys.get('net.ipv4.tcp_keepalive_intvl');
    assert.equal(intvl?.systemd.status, 'not-set');
    assert.equal(intvl?.procps.status === 'set' && intvl.procps.winner.value, '33');
    assert.equal(real.after.get('net/ipv4/tcp_keepalive_intvl'), real.before.get('net/ipv4/tcp_keepalive_intvl'));
  });
});
