/**
 * The parameter catalogue against the kernel lab's measurements (tools/kernel-lab/data/*.json,
 * written by `npm run kernel-lab`): Debian's Linux 6.1 and 6.12 booted in QEMU with every
 * networking module loaded, and the 6.18 the lab ran on. For every catalogue key and every lab
 * kernel: it exists exactly when the catalogue says, with the scope the catalogue states, its
 * default after boot equals the catalogue's default for that kernel and that machine's memory,
 * and our value parser accepts exactly the values the kernel's write handler accepted.
 * (test-kernels/ repeats these checks live, in the VMs.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CATALOGUE } from '../../src/params/catalogue.js';
import { defaultFor, existsOn, integerBounds } from '../../src/params/defaults.js';
import { parseParamValue } from '../../src/params/values.js';
import { parseKernelVersion } from '../../src/kernel/version.js';
import { REPO_ROOT } from '../helpers/cli.js';

interface LabEntry {
  readonly mode: string | null;
  readonly netnsMode: string | null;
  readonly module?: string | null;
  readonly value?: string | null;
}
type Probe = readonly [number | string, string | null];
interface LabRange {
  readonly min?: number;
  readonly max?: number;
  readonly probes: readonly Probe[];
  readonly syntax?: readonly Probe[];
}
interface LabData {
  readonly provenance: {
    readonly series: string;
    readonly kernel: string;
    readonly memTotalKiB: number;
    readonly ehashEntries: number | null;
    readonly hz?: number;
    readonly modulesLoaded: number;
  };
  readonly names: Readonly<Record<string, LabEntry>>;
  readonly ranges: Readonly<Record<string, LabRange>>;
}

const DATA_DIR = join(REPO_ROOT, 'tools', 'kernel-lab', 'data');
const kernels: LabData[] = readdirSync(DATA_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DATA_DIR, f), 'utf8')) as LabData);

test('the lab data covers 6.1, 6.12 and 6.18, each with its provenance', () => {
  assert.deepEqual(kernels.map((k) => k.provenance.series).sort(), ['6.1', '6.12', '6.18']);
  for (const k of kernels) {
    assert.ok(k.provenance.memTotalKiB > 0 && k.provenance.kernel.startsWith(k.provenance.series), k.provenance.kernel);
    assert.ok(Object.keys(k.names).length > 900, `${k.provenance.series}: ${Object.keys(k.names).length} names`);
  }
});

for (const lab of kernels) {
  const { series, memTotalKiB, ehashEntries, hz, modulesLoaded } = lab.provenance;
  const kernel = parseKernelVersion(lab.provenance.kernel)!;
  const host = { memTotalBytes: memTotalKiB * 1024, ...(ehashEntries ? { ehashEntries } : {}), ...(hz ? { hz } : {}) };

  test(`${series}: every catalogue key exists as the catalogue says, with its scope`, () => {
    for (const spec of CATALOGUE) {
      const entry = lab.names[spec.key];
      // A kernel without modules (the running one) lacks module keys by construction.
      if (!entry && spec.requires && modulesLoaded === 0) continue;
      assert.equal(
        entry !== undefined,
        existsOn(spec, kernel),
        `${spec.key} on ${series}: lab ${entry ? 'has it' : 'lacks it'}, catalogue existsOn = ${existsOn(spec, kernel)}`,
      );
      if (!entry) continue;
      if (spec.scope === 'global')
        assert.equal(entry.netnsMode, null, `${spec.key} is host-wide: absent from a new namespace on ${series}`);
      if (spec.scope === 'netns') assert.equal(entry.netnsMode, spec.readOnly ? '444' : '644', `${spec.key} is per-namespace on ${series}`);
      if (spec.scope === 'global-readonly-in-netns')
        assert.equal(entry.netnsMode, '444', `${spec.key} is read-only in a new namespace on ${series}`);
    }
  });

  test(`${series}: defaults after boot equal the catalogue's for that kernel and ${Math.round(memTotalKiB / 1024)} MiB`, () => {
    let compared = 0;
    for (const spec of CATALOGUE) {
      const entry = lab.names[spec.key];
      if (!entry || spec.readOnly || entry.value === undefined || entry.value === null) continue;
      const expected = defaultFor(spec, kernel, host).value;
      assert.equal(entry.value.trim().replace(/\s+/g, ' '), expected, `${spec.key} default on ${series}`);
      compared++;
    }
    assert.ok(compared >= 25, `compared ${compared} defaults`);
  });

  test(`${series}: our parser accepts exactly the values the kernel accepted, and stores what it stored`, () => {
    let compared = 0;
    for (const spec of CATALOGUE) {
      const range = lab.ranges[spec.key];
      if (!range) continue;
      const bounds = integerBounds(spec, host);
      if (bounds && range.min !== undefined) {
        assert.deepEqual([range.min, range.max], [bounds.min, bounds.max], `${spec.key} accepted range on ${series}`);
      }
      const unprivilegedPortStart = spec.key === 'net.ipv4.ip_unprivileged_port_start' ? 0 : 1024;
      for (const [value, stored] of [...range.probes, ...(range.syntax ?? [])]) {
        const text = String(value);
        const ours = parseParamValue(spec, text, { ...host, unprivilegedPortStart });
        assert.equal(
          ours.ok,
          stored !== null,
          `${spec.key} <- "${text}" on ${series}: kernel ${stored === null ? 'refused' : `stored "${stored}"`}, ours ${JSON.stringify(ours)}`,
        );
        if (ours.ok && stored !== null) {
          const expected = ours.shape === 'port-range' && ours.high === undefined ? `${ours.low} 60999` : ours.canonical;
          assert.equal(stored, expected, `${spec.key} <- "${text}" on ${series}`);
        }
        compared++;
      }
    }
    assert.ok(compared > 100, `compared ${compared} probes`);
  });
}
