// The lab's collector: runs inside a lab VM (as part of /lab/run) or on this machine's own
// kernel (run.sh --host), and prints one JSON object on stdout:
//   - every sysctl name under /proc/sys with its mode and value, in the initial network
//     namespace and in a new one (unshare --net);
//   - in a VM, which module made each name appear: modules are loaded one at a time, each after
//     its dependencies, and /proc/sys is walked after each;
//   - for the catalogue keys, the range the kernel accepts, found by writing values.
//
// On the host (--host) it never writes a host-wide value: write probes run only inside a child
// network namespace, for per-namespace keys, and nothing is loaded.
//
// Usage: node collect.mjs --vm|--host --catalogue FILE.json
//        node collect.mjs --walk          (the names of the current namespace, used under unshare)
//        node collect.mjs --probe FILE    (write probes for the keys in FILE, in the current namespace)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const PROC_SYS = '/proc/sys';
/** Not sysctls: binfmt_misc is a filesystem mounted on /proc/sys/fs/binfmt_misc. */
const SKIP_DIRS = new Set(['/proc/sys/fs/binfmt_misc']);

/** "net/ipv4/conf/eth0.100/rp_filter" → "net.ipv4.conf.eth0/100.rp_filter" (the dotted spelling swaps . and /). */
function pathToKey(relative) {
  let out = '';
  for (const ch of relative) out += ch === '/' ? '.' : ch === '.' ? '/' : ch;
  return out;
}

/** Every file under /proc/sys: key → mode (octal string). */
function walk(dir = PROC_SYS, out = new Map()) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(full)) walk(full, out);
    } else {
      let mode;
      try {
        mode = (statSync(full).mode & 0o777).toString(8);
      } catch {
        mode = '?';
      }
      out.set(pathToKey(full.slice(PROC_SYS.length + 1)), mode);
    }
  }
  return out;
}

function keyToPath(key) {
  return `${PROC_SYS}/${pathToKey(key)}`;
}

/** The value as the kernel prints it (tabs and newlines kept as JSON escapes), or null when unreadable. */
function readValue(key) {
  try {
    return readFileSync(keyToPath(key), 'utf8').replace(/\n$/, '');
  } catch {
    return null;
  }
}

function snapshot() {
  const modes = walk();
  const entries = {};
  for (const key of [...modes.keys()].sort()) entries[key] = { mode: modes.get(key), value: readValue(key) };
  return entries;
}

/** Runs this script again in a new network namespace. */
function inChildNamespace(args) {
  const result = spawnSync('unshare', ['--net', process.execPath, SELF, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  if (result.status !== 0) throw new Error(`unshare --net ${args.join(' ')} failed: ${result.stderr || result.error}`);
  return JSON.parse(result.stdout);
}

// ---------------------------------------------------------------------------------------------
// Write probes: what the kernel's write handler accepts.

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
/** Candidates that cover every bound the catalogue's handlers have (u8, 127, 65535, INT_MAX/HZ, int). */
const CANDIDATES = [
  -2147483649,
  INT_MIN,
  -8589935,
  -8589934,
  -2147484,
  -2147483,
  -1,
  0,
  1,
  2,
  3,
  127,
  128,
  255,
  256,
  1023,
  1024,
  60000,
  60001,
  65535,
  65536,
  2147483,
  2147484,
  8589934,
  8589935,
  16777216,
  16777217,
  INT_MAX,
  2147483648,
];

/** Writes a value; returns what the kernel stored, or null when it refused the write. */
function tryWrite(path, text) {
  try {
    writeFileSync(path, `${text}\n`);
  } catch {
    return null;
  }
  try {
    return readFileSync(path, 'utf8').trim().replace(/\s+/g, ' ');
  } catch {
    return '';
  }
}

/** The smallest (direction -1) or largest (+1) accepted value, between an accepted and a rejected one. */
function boundary(path, accepted, rejected) {
  // Invariant: `accepted` is accepted, `rejected` is refused; they close in on the edge.
  while (Math.abs(rejected - accepted) > 1) {
    const middle = accepted + Math.trunc((rejected - accepted) / 2);
    if (tryWrite(path, String(middle)) !== null) accepted = middle;
    else rejected = middle;
  }
  return accepted;
}

function probeInteger(path, original) {
  const results = CANDIDATES.map((value) => ({ value, stored: tryWrite(path, String(value)) }));
  const accepted = results.filter((r) => r.stored !== null).map((r) => r.value);
  let min = null;
  let max = null;
  if (accepted.length) {
    const lowest = Math.min(...accepted);
    const highest = Math.max(...accepted);
    const rejectedBelow = results.filter((r) => r.stored === null && r.value < lowest).map((r) => r.value);
    const rejectedAbove = results.filter((r) => r.stored === null && r.value > highest).map((r) => r.value);
    min = rejectedBelow.length ? boundary(path, lowest, Math.max(...rejectedBelow)) : lowest;
    max = rejectedAbove.length ? boundary(path, highest, Math.min(...rejectedAbove)) : highest;
  }
  // Every accepted candidate between min and max: a gap would mean the accepted set is not one range.
  const gaps = results.filter((r) => r.stored === null && min !== null && r.value > min && r.value < max).map((r) => r.value);
  if (original !== null) tryWrite(path, original);
  return { min, max, ...(gaps.length ? { gaps } : {}), probes: results.map((r) => [r.value, r.stored]) };
}

const PORT_RANGE_PROBES = [
  '32768 60999',
  '1024 65535',
  '1023 65535',
  '1 65535',
  '40000 30000',
  '30000 30000',
  '1024 65536',
  '40000',
  '0x8000 60999',
];
const PORT_LIST_PROBES = ['8080', '8080,9000-9002', '65535', '65536', '70000', '5-3', '8080, 9000', '0'];
const SYNTAX_PROBES = ['0x10', '010', '08', '3 # comment', '3 4', '+3', '3abc'];

function probeTexts(path, texts, original) {
  const probes = texts.map((text) => {
    const stored = tryWrite(path, text);
    if (original !== null) tryWrite(path, original);
    return [text, stored];
  });
  return { probes };
}

/** Probes every key in `specs` in the current namespace, restoring each value afterwards. */
function probeAll(specs) {
  const out = {};
  for (const spec of specs) {
    const path = keyToPath(spec.key);
    if (!existsSync(path)) continue;
    const original = readValue(spec.key);
    if (original === null) continue;
    let setup = null;
    // ip_unprivileged_port_start may not exceed the low end of the port range: open the range up first.
    if (spec.key === 'net.ipv4.ip_unprivileged_port_start') {
      setup = readValue('net.ipv4.ip_local_port_range');
      tryWrite(keyToPath('net.ipv4.ip_local_port_range'), '65535 65535');
    }
    try {
      if (spec.shape === 'port-range') out[spec.key] = probeTexts(path, PORT_RANGE_PROBES, original);
      else if (spec.shape === 'port-list') out[spec.key] = probeTexts(path, PORT_LIST_PROBES, original);
      else out[spec.key] = { ...probeInteger(path, original), syntax: probeTexts(path, SYNTAX_PROBES, original).probes };
    } finally {
      if (setup !== null) tryWrite(keyToPath('net.ipv4.ip_local_port_range'), setup);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Modules (VM only).

function loadModules() {
  const release = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  const base = `/lib/modules/${release}`;
  if (!existsSync(`${base}/lab.load`)) return { loaded: [], failed: [], names: {} };
  const deps = new Map();
  for (const line of readFileSync(`${base}/modules.dep`, 'utf8').split('\n')) {
    if (!line.includes(':')) continue;
    const [module, rest] = line.split(':');
    deps.set(module.trim(), rest.trim().split(/\s+/).filter(Boolean));
  }
  // Dependencies first, so each insmod loads exactly one module and the names that appear are its own.
  const order = [];
  const seen = new Set();
  const visit = (module) => {
    if (seen.has(module)) return;
    seen.add(module);
    for (const dep of deps.get(module) ?? []) visit(dep);
    order.push(module);
  };
  for (const module of readFileSync(`${base}/lab.load`, 'utf8').split('\n').filter(Boolean)) visit(module);

  const names = {}; // key → module that made it appear
  const loaded = [];
  const failed = [];
  let known = new Set(walk().keys());
  for (const module of order) {
    const name = module.slice(module.lastIndexOf('/') + 1).replace(/\.ko$/, '');
    const result = spawnSync('insmod', [`${base}/${module}`], { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) {
      const why = (result.stderr || String(result.error ?? '')).trim().split('\n').pop();
      // Already loaded as a dependency's dependency is not a failure.
      if (!/File exists/.test(why)) failed.push({ module: name, path: module, error: why });
      continue;
    }
    loaded.push(name);
    const now = walk();
    for (const key of now.keys()) if (!known.has(key)) names[key] = name;
    known = new Set(now.keys());
  }
  return { loaded, failed, names };
}

// ---------------------------------------------------------------------------------------------

function memTotalKiB() {
  return Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
}

function kernelLog(pattern) {
  const result = spawnSync('dmesg', [], { encoding: 'utf8' });
  const match = pattern.exec(result.stdout ?? '');
  return match ? Number(match[1]) : null;
}

function main(argv) {
  const mode = argv[0];
  if (mode === '--walk') {
    process.stdout.write(JSON.stringify(snapshot()));
    return;
  }
  if (mode === '--probe') {
    process.stdout.write(JSON.stringify(probeAll(JSON.parse(readFileSync(argv[1], 'utf8')))));
    return;
  }
  if (mode !== '--vm' && mode !== '--host') throw new Error('usage: collect.mjs --vm|--host --catalogue FILE | --walk | --probe FILE');
  const catalogueFile = argv[argv.indexOf('--catalogue') + 1];
  const catalogue = JSON.parse(readFileSync(catalogueFile, 'utf8'));
  const started = Date.now();
  // Read before loading modules: their messages could push the line out of the kernel's log buffer.
  const ehashEntries = kernelLog(/TCP established hash table entries: (\d+)/);
  const builtin = new Set(walk().keys());
  const modules = mode === '--vm' ? loadModules() : { loaded: [], failed: [], names: {} };
  const afterModules = Date.now();
  const initial = snapshot();
  const child = inChildNamespace(['--walk']);
  // Per-namespace keys are probed in a child namespace (its values are thrown away with it);
  // host-wide keys only in a VM, in the initial namespace, each restored after probing.
  const perNamespace = catalogue.filter((spec) => child[spec.key] !== undefined && child[spec.key].mode.includes('6'));
  const hostWide = catalogue.filter((spec) => !perNamespace.includes(spec));
  const probes = inChildNamespace(['--probe', catalogueFileFor(perNamespace)]);
  const hostWideProbes = mode === '--vm' ? probeAll(hostWide) : {};
  const result = {
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    version: readFileSync('/proc/version', 'utf8').trim(),
    memTotalKiB: memTotalKiB(),
    ehashEntries,
    builtin: [...builtin].sort(),
    modules,
    initial,
    child,
    probes: { ...probes, ...hostWideProbes },
    probedIn: Object.fromEntries([
      ...perNamespace.map((s) => [s.key, 'child-namespace']),
      ...Object.keys(hostWideProbes).map((k) => [k, 'initial-namespace']),
    ]),
    seconds: { modules: (afterModules - started) / 1000, total: (Date.now() - started) / 1000 },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function catalogueFileFor(specs) {
  const file = `/tmp/lab-probe-${process.pid}.json`;
  writeFileSync(file, JSON.stringify(specs));
  return file;
}

main(process.argv.slice(2));
