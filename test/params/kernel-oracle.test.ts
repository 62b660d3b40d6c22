/**
 * The catalogue against the running kernel. Inside a fresh `unshare --net` namespace:
 * - every key that should exist on this kernel exists with the scope the catalogue states
 *   (per-netns keys writable, global keys absent, conntrack_max read-only);
 * - each per-netns default equals the catalogue's default for this kernel, with memory-dependent
 *   defaults computed from MemTotal (cross-checked with dmesg's ehash line when readable);
 * - for boundary and syntax probes, our parser accepts exactly what the kernel accepts, and what
 *   the kernel stores equals our canonical value.
 */
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { CATALOGUE } from '../../src/params/catalogue.js';
import { defaultFor, estimateEhashEntries, existsOn, integerBounds } from '../../src/params/defaults.js';
import { keyToProcPath } from '../../src/params/keys.js';
import { parseParamValue } from '../../src/params/values.js';
import { parseKernelVersion } from '../../src/kernel/version.js';
import type { HostFacts, ParamSpec } from '../../src/params/types.js';
import { inNetns, requireNetns } from '../helpers/netns.js';

function hostFacts(): HostFacts {
  const memKb = Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
  return { memTotalBytes: memKb * 1024, ...(kernelHz() ? { hz: kernelHz() } : {}) };
}

/** CONFIG_HZ from /proc/config.gz or /boot/config-*; jiffies bounds depend on it. */
function kernelHz(): number | undefined {
  const release = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  let config: string | undefined;
  if (existsSync('/proc/config.gz')) config = gunzipSync(readFileSync('/proc/config.gz')).toString('utf8');
  else if (existsSync(`/boot/config-${release}`)) config = readFileSync(`/boot/config-${release}`, 'utf8');
  const match = config && /^CONFIG_HZ=(\d+)$/m.exec(config);
  return match ? Number(match[1]) : undefined;
}

function dmesgEhash(): number | undefined {
  try {
    const log = execFileSync('dmesg', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const match = /TCP established hash table entries: (\d+)/.exec(log);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Reads every catalogue key in one fresh namespace: "path<TAB>mode<TAB>value" or "path<TAB>ABSENT". */
function readFreshNamespace(): Map<string, { mode: string; value: string } | 'absent'> {
  const paths = CATALOGUE.map((spec) => `/proc/sys/${keyToProcPath(spec.key)}`);
  const script = paths
    .map(
      (p) =>
        `if [ -e ${p} ]; then printf '%s\\t%s\\t%s\\n' ${p} "$(stat -c %a ${p})" "$(tr '\\t' ' ' < ${p})"; else printf '%s\\tABSENT\\n' ${p}; fi`,
    )
    .join('\n');
  const result = new Map<string, { mode: string; value: string } | 'absent'>();
  for (const line of inNetns(script).split('\n').filter(Boolean)) {
    const [path, mode, value] = line.split('\t');
    result.set(path!, mode === 'ABSENT' ? 'absent' : { mode: mode!, value: value ?? '' });
  }
  return result;
}

test('every catalogue key exists on this kernel as the catalogue says, with its scope', (t) => {
  if (!requireNetns(t)) return;
  const kernel = parseKernelVersion(readFileSync('/proc/sys/kernel/osrelease', 'utf8'))!;
  const fresh = readFreshNamespace();
  for (const spec of CATALOGUE) {
    const path = `/proc/sys/${keyToProcPath(spec.key)}`;
    const inHost = existsSync(path);
    const inChild = fresh.get(path)!;
    if (spec.requires && !inHost && existsOn(spec, kernel)) {
      t.diagnostic(`${spec.key}: absent here (needs ${spec.requires}); not checked`);
      continue;
    }
    assert.equal(
      inHost,
      existsOn(spec, kernel),
      `${spec.key}: present on the host = ${inHost}, catalogue existsOn(${kernel.text}) = ${existsOn(spec, kernel)}`,
    );
    if (!inHost) continue;
    if (spec.scope === 'global') assert.equal(inChild, 'absent', `${spec.key} is global: absent in a child namespace`);
    if (spec.scope === 'netns') {
      const mode = spec.readOnly ? '444' : '644';
      assert.ok(inChild !== 'absent' && inChild.mode === mode, `${spec.key} is per-netns: mode ${mode} in a child namespace`);
    }
    if (spec.scope === 'global-readonly-in-netns')
      assert.ok(inChild !== 'absent' && inChild.mode === '444', `${spec.key}: read-only in a child namespace`);
  }
});

test('defaults in a fresh namespace equal the catalogue defaults for this kernel', (t) => {
  if (!requireNetns(t)) return;
  const kernel = parseKernelVersion(readFileSync('/proc/sys/kernel/osrelease', 'utf8'))!;
  const host = hostFacts();
  const ehashFromLog = dmesgEhash();
  if (ehashFromLog !== undefined) {
    assert.equal(estimateEhashEntries(host.memTotalBytes!), ehashFromLog, 'ehash estimated from MemTotal equals the kernel log');
  } else t.diagnostic('dmesg not readable: ehash taken from MemTotal only');
  const fresh = readFreshNamespace();
  let compared = 0;
  for (const spec of CATALOGUE) {
    const entry = fresh.get(`/proc/sys/${keyToProcPath(spec.key)}`);
    if (!entry || entry === 'absent' || spec.readOnly) continue; // global keys have no per-namespace default; read-only ones are observations
    const expected = defaultFor(spec, kernel, host).value;
    assert.notEqual(expected, undefined, `${spec.key}: the catalogue computes a default`);
    assert.equal(entry.value.trim().replace(/\s+/g, ' '), expected, `${spec.key} default on ${kernel.text}`);
    compared++;
  }
  t.diagnostic(`${compared} defaults compared`);
  assert.ok(compared >= 25, `compared ${compared} defaults`);
});

/** Boundary probes from the catalogue's bounds, plus the syntax the kernel's parser has opinions on. */
function probesFor(spec: ParamSpec, hz: number | undefined): string[] {
  if (spec.shape === 'port-range') {
    return [
      '32768',
      '1024 65535',
      '1023 65535',
      '1 65535',
      '40000 30000',
      '30000 30000',
      '1024 65536',
      '0x8000 60999',
      '32768\t60999',
      '40000 50000 # c',
      '40000 +50000',
      'x',
    ];
  }
  if (spec.shape === 'port-list') return ['', '8080', '8080,9000-9002', '65535', '65536', '70000', '5-3', '8080, 9000', '8080 # x', '0'];
  const bounds = integerBounds(spec, hz ? { hz } : {});
  const syntax = ['0x10', '010', '08', '3 # comment', '3 4', '+3', '3abc', '', ' 5 '];
  if (!bounds) return syntax;
  const edges = [bounds.min - 1, bounds.min, bounds.max, bounds.max + 1].map(String);
  return [...edges, ...syntax];
}

test('our value parser accepts exactly what the kernel accepts, and stores the same value', (t) => {
  if (!requireNetns(t)) return;
  const hz = kernelHz();
  if (!hz) t.diagnostic('CONFIG_HZ unknown: jiffies-backed bounds assume HZ=1000');
  let probes = 0;
  for (const spec of CATALOGUE) {
    const path = `/proc/sys/${keyToProcPath(spec.key)}`;
    const fresh = readFreshNamespace().get(path);
    if (!fresh || fresh === 'absent' || fresh.mode !== '644') continue;
    const values = probesFor(spec, hz);
    // ip_unprivileged_port_start may not exceed the port range's low end: open the range up first.
    const setup = spec.key === 'net.ipv4.ip_unprivileged_port_start' ? 'echo "65535 65535" > /proc/sys/net/ipv4/ip_local_port_range\n' : '';
    // Each probe runs in its own namespace so an accepted write cannot change the next probe's verdict.
    for (const value of values) {
      const script = `${setup}if printf '%s\\n' ${shellQuote(value)} > ${path} 2>/dev/null; then printf 'OK\\t%s\\n' "$(tr '\\t' ' ' < ${path})"; else echo REJECTED; fi`;
      const answer = inNetns(script).trim();
      const ours = parseParamValue(spec, value, { hz: hz ?? 1000, unprivilegedPortStart: setup ? 0 : 1024 });
      const kernelAccepted = answer.startsWith('OK');
      // An empty write is a no-op the kernel reports as success; we call it "no value" (a config line must say something).
      if (value.trim() === '' && spec.shape === 'integer') {
        assert.equal(ours.ok, false, `${spec.key} <- "${value}": we reject an empty value`);
        continue;
      }
      assert.equal(ours.ok, kernelAccepted, `${spec.key} <- "${value}": kernel ${answer}, ours ${JSON.stringify(ours)}`);
      if (ours.ok && kernelAccepted) {
        const stored = answer.slice(3).trim().replace(/\s+/g, ' ');
        const expected = ours.shape === 'port-range' && ours.high === undefined ? `${ours.low} 60999` : ours.canonical;
        assert.equal(stored, expected, `${spec.key} <- "${value}": kernel stored "${stored}", ours "${expected}"`);
      }
      probes++;
    }
  }
  t.diagnostic(`${probes} probes compared with the kernel`);
});
