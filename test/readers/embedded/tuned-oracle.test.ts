/**
 * The TuneD reader against TuneD's own profile loader (Debian `tuned`: the python3 modules it
 * installs): a base profile and a profile that includes it are loaded and merged by
 * tuned.profiles.loader (ConfigParser with TuneD's settings, includes, [variables], replace=1),
 * and every sysctl-type unit's options, unquoted and expanded as the sysctl plugin does, must
 * equal what the reader gives when it resolves include= itself and merges (drop=, replace=,
 * variables of the included profile), with inherited settings anchored in the parent's file. Skips, saying why,
 * without the tuned package; CI installs it (.ci/run).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { readTuned, type TunedIncludes } from '../../../src/readers/embedded/tuned.js';
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

/** The reader's view of the profile, includes resolved and merged: unit (section) → option → value with its modifier. */
function read(name: string): { units: Map<string, Map<string, string>>; origins: Map<string, string | undefined> } {
  const self = join(PROFILES, name, 'tuned.conf');
  const includes: TunedIncludes = {
    self,
    find: (included, from, skip) => {
      const path = join(dirname(dirname(from)), included, 'tuned.conf');
      return !skip.has(path) && existsSync(path) ? { path } : { lookedIn: [path] };
    },
    read: (path) => readFileSync(path, 'utf8'),
  };
  const units = new Map<string, Map<string, string>>();
  const origins = new Map<string, string | undefined>();
  const extraction = readTuned(readFileSync(self, 'utf8'), includes);
  assert.deepEqual(extraction.notChecked, []);
  for (const assignment of extraction.assignments) {
    if (assignment.via.tool !== 'tuned') continue;
    const unit = units.get(assignment.via.section) ?? new Map<string, string>();
    unit.set(assignment.key, `${assignment.via.modifier ?? ''}${assignment.value}`);
    units.set(assignment.via.section, unit);
    origins.set(
      `${assignment.via.section} ${assignment.key}`,
      assignment.origin === undefined ? undefined : `${relative(PROFILES, assignment.origin)}:${assignment.keyPosition.line}`,
    );
  }
  return { units, origins };
}

test("TuneD's loader resolves include= and merges the profiles into the values review reads", (t) => {
  if (!requireTool(t, TUNED)) return;
  const run = spawnSync('/usr/bin/python3', ['-c', LOAD, PROFILES, 'site-web'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const oracle = JSON.parse(run.stdout.split('\n').find((line) => line.startsWith('{'))!) as Record<string, Record<string, string>>;

  const { units, origins } = read('site-web');
  const ours = Object.fromEntries([...units].map(([unit, options]) => [unit, Object.fromEntries(options)]));
  assert.deepEqual(ours, oracle);
  // The fixture exercises what TuneD does differently from sysctl.conf.
  assert.equal(oracle.sysctl!['net.ipv4.tcp_keepalive_time'], '120', 'inline comment stripped');
  assert.equal(oracle.sysctl!['net.ipv4.tcp_syn_retries'], '4', 'the last duplicate wins');
  assert.equal(oracle.sysctl!['net.ipv4.tcp_rmem'], '4096 131072 6291456', 'one pair of quotes stripped');
  assert.equal(
    oracle.sysctl!['net.core.somaxconn'],
    '>4096',
    "variable expanded (the child's value over the parent's), modifier kept for the plugin",
  );
  assert.deepEqual(Object.keys(oracle.net_extra!), ['net.ipv4.tcp_keepalive_probes'], 'replace=1 dropped the included unit');
  assert.deepEqual(
    oracle.net_dropped,
    { 'net.ipv4.tcp_fin_timeout': '30' },
    "drop= removed an inherited option; a parent's variable expands in its own unit",
  );
  // Each setting is anchored where it is written: inherited ones in the parent's file.
  assert.equal(origins.get('sysctl net.ipv4.tcp_fin_timeout'), 'site-base/tuned.conf:10');
  assert.equal(origins.get('net_dropped net.ipv4.tcp_fin_timeout'), 'site-base/tuned.conf:26');
  assert.equal(origins.get('sysctl net.core.somaxconn'), undefined, 'the child overrides the parent at its own line');
});
