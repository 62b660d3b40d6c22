/**
 * The TuneD reader against TuneD's own profile loader (Debian `tuned`: the python3 modules it
 * installs): a base profile and a profile that includes it are loaded and merged by
 * tuned.profiles.loader (ConfigParser with TuneD's settings, includes, [variables], replace=1),
 * and every sysctl-type unit's options, unquoted and expanded as the sysctl plugin does, must
 * equal what review reads from the two files merged in include order. Skips, saying why,
 * without the tuned package; CI installs it (.ci/run).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTuned } from '../../../src/readers/embedded/tuned.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { requireTool } from '../../helpers/netns.js';

const PROFILES = join(REPO_ROOT, 'test', 'fixtures', 'embedded', 'oracle', 'tuned');
const TUNED = '/usr/lib/python3/dist-packages/tuned/profiles/loader.py';

/** TuneD's loader and merger, then the sysctl plugin's unquote and variable expansion, as JSON. */
const LOAD = `
import json, sys
import tuned.profiles.locator as locator, tuned.profiles.loader as loader, tuned.profiles.merger as merger
import tuned.profiles.factory as factory, tuned.profiles.variables as variables
from tuned.utils.commands import commands
v = variables.Variables()
profile = loader.Loader(locator.Locator([sys.argv[1]]), factory.Factory(), merger.Merger(), None, v).load([sys.argv[2]])
units = {name: {k: v.expand(commands().unquote(val)) for k, val in unit.options.items()} for name, unit in profile.units.items() if unit.type == 'sysctl'}
print(json.dumps(units))
`;

/** The reader's view of one file: unit (section) → option → value with its modifier, in file order. */
function read(name: string): { units: Map<string, Map<string, string>>; replaced: Set<string> } {
  const text = readFileSync(join(PROFILES, name, 'tuned.conf'), 'utf8');
  const units = new Map<string, Map<string, string>>();
  for (const assignment of readTuned(text).assignments) {
    if (assignment.via.tool !== 'tuned') continue;
    const unit = units.get(assignment.via.section) ?? new Map<string, string>();
    unit.set(assignment.key, `${assignment.via.modifier ?? ''}${assignment.value}`);
    units.set(assignment.via.section, unit);
  }
  // replace=1 drops what an included profile had in that unit (tuned/profiles/merger.py).
  const replaced = new Set([...text.matchAll(/^\[([^\]]+)\][^[]*^replace=(?:1|true|True)$/gm)].map((m) => m[1]!));
  return { units, replaced };
}

test('TuneD\'s loader merges the profiles into the values review reads', (t) => {
  if (!requireTool(t, TUNED)) return;
  const run = spawnSync('/usr/bin/python3', ['-c', LOAD, PROFILES, 'site-web'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const oracle = JSON.parse(run.stdout.split('\n').find((line) => line.startsWith('{'))!) as Record<string, Record<string, string>>;

  const merged = new Map<string, Map<string, string>>();
  for (const name of ['site-base', 'site-web']) {
    const { units, replaced } = read(name);
    for (const [unit, options] of units) {
      const base = replaced.has(unit) ? new Map<string, string>() : (merged.get(unit) ?? new Map<string, string>());
      for (const [key, value] of options) base.set(key, value);
      merged.set(unit, base);
    }
  }
  const ours = Object.fromEntries([...merged].map(([unit, options]) => [unit, Object.fromEntries(options)]));
  assert.deepEqual(ours, oracle);
  // The fixture exercises what TuneD does differently from sysctl.conf.
  assert.equal(oracle.sysctl!['net.ipv4.tcp_keepalive_time'], '120', 'inline comment stripped');
  assert.equal(oracle.sysctl!['net.ipv4.tcp_syn_retries'], '4', 'the last duplicate wins');
  assert.equal(oracle.sysctl!['net.ipv4.tcp_rmem'], '4096 131072 6291456', 'one pair of quotes stripped');
  assert.equal(oracle.sysctl!['net.core.somaxconn'], '>4096', 'variable expanded, modifier kept for the plugin');
  assert.deepEqual(Object.keys(oracle.net_extra!), ['net.ipv4.tcp_keepalive_probes'], 'replace=1 dropped the included unit');
});
