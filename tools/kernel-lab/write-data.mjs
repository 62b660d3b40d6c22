// Turns the collector's raw JSON (stdin) into the committed data file of one kernel (stdout):
// provenance first, then one line per sysctl name, then the write probes of the catalogue keys.
//
// Per-interface components (net.ipv4.conf.<iface>.*, net.ipv{4,6}.neigh.<iface>.*,
// net.mpls.conf.<iface>.*) become "*", "all" and "default" stay: the names must not depend on
// which interfaces the machine happened to have. A "*" entry keeps no value.
//
// Usage: node write-data.mjs --series 6.12 [--package P --package-version V] [--memory 2048M]
//                            [--qemu "QEMU emulator version ..."] [--config /boot/config-...] < raw.json
import { readFileSync } from 'node:fs';

function option(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const PER_INTERFACE = [/^net\.ipv[46]\.(conf|neigh)\./, /^net\.mpls\.conf\./];

/** The key with its interface component replaced by "*", or the key itself. */
export function wildcard(key) {
  if (!PER_INTERFACE.some((re) => re.test(key))) return key;
  const parts = key.split('.');
  if (parts.length < 5 || parts[3] === 'all' || parts[3] === 'default') return key;
  return [...parts.slice(0, 3), '*', ...parts.slice(4)].join('.');
}

function configValue(config, name) {
  const match = new RegExp(`^${name}=(.*)$`, 'm').exec(config);
  return match ? match[1].replace(/^"|"$/g, '') : undefined;
}

const raw = JSON.parse(readFileSync(0, 'utf8'));
const config = option('--config') ? readFileSync(option('--config'), 'utf8') : undefined;
const series = option('--series');
const builtin = new Set(raw.builtin.map(wildcard));

const names = new Map();
const add = (key, fields) => {
  const name = wildcard(key);
  const entry = names.get(name) ?? {};
  const collapsed = name !== key;
  for (const [field, value] of Object.entries(fields)) {
    if (collapsed && (field === 'value' || field === 'netnsValue')) continue;
    if (!(field in entry)) entry[field] = value;
  }
  names.set(name, entry);
};
for (const [key, { mode, value }] of Object.entries(raw.initial)) add(key, { mode, value });
for (const [key, { mode, value }] of Object.entries(raw.child)) {
  add(key, { netnsMode: mode });
  const entry = names.get(wildcard(key));
  if (wildcard(key) === key && value !== entry.value) entry.netnsValue = value;
}
for (const [name, entry] of names) {
  if (!builtin.has(name)) {
    // The module that made it appear; several interface instances may name several: keep the first.
    const module = Object.entries(raw.modules.names).find(([key]) => wildcard(key) === name)?.[1];
    entry.module = module ?? null; // null: appeared without a module of its own (a device or a namespace)
  }
  if (!('netnsMode' in entry)) entry.netnsMode = null;
  if (!('mode' in entry)) entry.mode = null;
}

const provenance = {
  kernel: raw.kernel,
  series,
  procVersion: raw.version,
  ...(option('--package')
    ? {
        package: option('--package'),
        packageVersion: option('--package-version'),
        from: 'Debian archive, fetched by name with apt-get download',
      }
    : { from: 'the running kernel of the machine that ran the lab (no package)' }),
  ...(option('--memory') ? { qemuMemory: option('--memory') } : {}),
  memTotalKiB: raw.memTotalKiB,
  ehashEntries: raw.ehashEntries,
  ...(config ? { hz: Number(configValue(config, 'CONFIG_HZ')), configModules: configValue(config, 'CONFIG_MODULES') ?? 'n' } : {}),
  ...(option('--qemu') ? { qemu: option('--qemu'), accelerator: 'tcg' } : {}),
  collected: new Date().toISOString().slice(0, 10),
  collector: 'tools/kernel-lab/guest/collect.mjs (npm run kernel-lab)',
  modulesLoaded: raw.modules.loaded.length,
  modulesFailed: raw.modules.failed.map((f) => `${f.module}: ${f.error}`),
  counts: {
    names: names.size,
    builtin: [...names.values()].filter((e) => !('module' in e)).length,
    initialNamespace: [...names.values()].filter((e) => e.mode !== null).length,
    childNamespace: [...names.values()].filter((e) => e.netnsMode !== null).length,
  },
  seconds: raw.seconds,
};

const lines = [];
lines.push('{');
lines.push(`  "provenance": ${JSON.stringify(provenance, null, 2).replace(/\n/g, '\n  ')},`);
lines.push('  "names": {');
const sorted = [...names.keys()].sort();
sorted.forEach((name, i) => {
  const e = names.get(name);
  const ordered = {
    mode: e.mode,
    netnsMode: e.netnsMode,
    ...('module' in e ? { module: e.module } : {}),
    ...('value' in e ? { value: e.value } : {}),
    ...('netnsValue' in e ? { netnsValue: e.netnsValue } : {}),
  };
  lines.push(`    ${JSON.stringify(name)}: ${JSON.stringify(ordered)}${i === sorted.length - 1 ? '' : ','}`);
});
lines.push('  },');
lines.push('  "probedIn": ' + JSON.stringify(raw.probedIn) + ',');
lines.push('  "ranges": {');
const probed = Object.keys(raw.probes).sort();
probed.forEach((key, i) => {
  lines.push(`    ${JSON.stringify(key)}: ${JSON.stringify(raw.probes[key])}${i === probed.length - 1 ? '' : ','}`);
});
lines.push('  }');
lines.push('}');
process.stdout.write(`${lines.join('\n')}\n`);
