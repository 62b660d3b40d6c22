/**
 * The version-aware key database: which sysctl names exist on which kernel, built in or with a
 * module, per network namespace or host-wide. Generated from the kernel lab's measurements
 * (src/params/key-db.ts, tools/kernel-lab/data/*.json) and parsed on first use: a review whose
 * keys are all in the catalogue never pays for it.
 */
import { compareKernelVersions, parseKernelVersion, type KernelVersion } from '../kernel/version.js';
import { KEY_DB_NAMES, KEY_DB_ROWS, LAB_KERNELS, type LabKernel } from './key-db.js';

export type KeyScope = 'netns' | 'readonly-in-netns' | 'host-wide' | 'read-only' | 'write-only';

export interface KeyRecord {
  readonly name: string;
  /** The lab kernels that have the name. */
  readonly kernels: readonly LabKernel[];
  /** The module that must be loaded for the name to exist (on Debian's builds), or undefined when built in. */
  readonly module: string | undefined;
  readonly scope: KeyScope;
  /** The value right after boot, on the newest complete lab kernel with the name. */
  readonly defaultValue: string | undefined;
}

const SCOPES: Record<string, KeyScope> = { n: 'netns', r: 'readonly-in-netns', g: 'host-wide', o: 'read-only', w: 'write-only' };
/** Subtrees with an interface name at index 3 (net.ipv4.conf.<iface>.rp_filter); the database writes it "*". */
const PER_INTERFACE = [/^net\.ipv[46]\.(conf|neigh)\./, /^net\.mpls\.conf\./];

const LAB_VERSIONS = LAB_KERNELS.map((k) => parseKernelVersion(k.series)!);
let names: readonly string[] | undefined;
let rows: readonly string[] | undefined;
let indexByName: Map<string, number> | undefined;
const decoded = new Map<string, KeyRecord>();

function nameIndex(): Map<string, number> {
  if (indexByName) return indexByName;
  indexByName = new Map(allKeyNames().map((name, i) => [name, i]));
  return indexByName;
}

/** One row, decoded when first asked for. */
function record(name: string): KeyRecord | undefined {
  const cached = decoded.get(name);
  if (cached) return cached;
  const index = nameIndex().get(name);
  if (index === undefined) return undefined;
  rows ??= KEY_DB_ROWS.split('\n');
  const [bits, module, scope, value] = rows[index]!.split('\t') as [string, string, string, string];
  const mask = Number(bits);
  const result: KeyRecord = {
    name,
    kernels: LAB_KERNELS.filter((_, i) => (mask & (1 << i)) !== 0),
    module: module || undefined,
    scope: SCOPES[scope] ?? 'read-only',
    defaultValue: value === '' ? undefined : value,
  };
  decoded.set(name, result);
  return result;
}

/** The key with its interface component written "*", or undefined when it has none. */
export function interfaceWildcard(key: string): string | undefined {
  if (!PER_INTERFACE.some((re) => re.test(key))) return undefined;
  const parts = key.split('.');
  if (parts.length < 5 || parts[3] === 'all' || parts[3] === 'default' || parts[3] === '*') return undefined;
  return [...parts.slice(0, 3), '*', ...parts.slice(4)].join('.');
}

/** The database entry of a dotted key (per-interface keys for any interface name), or undefined. */
export function lookupKey(key: string): KeyRecord | undefined {
  const direct = record(key);
  if (direct) return direct;
  const pattern = interfaceWildcard(key);
  return pattern === undefined ? undefined : record(pattern);
}

/** Every name the database knows ("*" standing for any interface), sorted. */
export function allKeyNames(): readonly string[] {
  names ??= KEY_DB_NAMES.split('\n');
  return names;
}

export const labKernels: readonly LabKernel[] = LAB_KERNELS;

/** "6.1, 6.12 and 6.18". */
export function labKernelList(): string {
  const series = LAB_KERNELS.map((k) => k.series);
  return series.length > 1 ? `${series.slice(0, -1).join(', ')} and ${series.at(-1)}` : series.join('');
}

/**
 * Whether a key exists on a kernel, from the lab kernels around it:
 * - present: a lab kernel of the same series has it, or the nearest measured kernels on both
 *   sides (or the only side there is) have it;
 * - absent: a complete lab kernel of the same series lacks it, or it is only on kernels newer
 *   than the target (firstSeen) or only on older ones (lastSeen);
 * - between: it appeared or disappeared between two lab kernels and the target lies between them.
 * A kernel without modules (the running one) only ever says "present": its missing names may be modules.
 */
export type Presence =
  | { readonly kind: 'present' }
  | { readonly kind: 'absent'; readonly firstSeen?: string; readonly lastSeen?: string; readonly absentFrom: string }
  | { readonly kind: 'between'; readonly change: 'added' | 'removed'; readonly lower: string; readonly upper: string };

type State = 'present' | 'absent' | 'unknown';

export function presenceOn(record: KeyRecord, kernel: KernelVersion): Presence {
  const target = { ...kernel, patch: 0 };
  const states: State[] = LAB_KERNELS.map((k) => (record.kernels.includes(k) ? 'present' : k.complete ? 'absent' : 'unknown'));
  const same = LAB_VERSIONS.findIndex((v) => compareKernelVersions(v, target) === 0);
  if (same !== -1 && states[same] !== 'unknown') {
    if (states[same] === 'present') return { kind: 'present' };
    return absence(record, target, LAB_KERNELS[same]!.series);
  }
  let below = -1;
  let above = -1;
  LAB_VERSIONS.forEach((v, i) => {
    if (states[i] === 'unknown') return;
    const order = compareKernelVersions(v, target);
    if (order < 0) below = i;
    else if (order > 0 && above === -1) above = i;
  });
  const lower = below === -1 ? undefined : states[below];
  const upper = above === -1 ? undefined : states[above];
  if (lower === 'present' && upper === 'absent')
    return { kind: 'between', change: 'removed', lower: LAB_KERNELS[below]!.series, upper: LAB_KERNELS[above]!.series };
  if (lower === 'absent' && upper === 'present')
    return { kind: 'between', change: 'added', lower: LAB_KERNELS[below]!.series, upper: LAB_KERNELS[above]!.series };
  if (lower === 'present' || upper === 'present') return { kind: 'present' };
  const nearest = below !== -1 ? below : above;
  return absence(record, target, nearest === -1 ? '' : LAB_KERNELS[nearest]!.series);
}

function absence(record: KeyRecord, target: KernelVersion, absentFrom: string): Presence {
  const newer = record.kernels.filter((k) => compareKernelVersions(parseKernelVersion(k.series)!, target) > 0);
  const older = record.kernels.filter((k) => compareKernelVersions(parseKernelVersion(k.series)!, target) < 0);
  return {
    kind: 'absent',
    absentFrom,
    ...(newer.length ? { firstSeen: newer[0]!.series } : {}),
    ...(older.length ? { lastSeen: older.at(-1)!.series } : {}),
  };
}

/**
 * Top-level subtrees whose every name the lab can see (with every net, fs and md module loaded):
 * a name under them that no lab kernel has does not exist there. dev.* comes from device drivers
 * the lab does not load, and an unknown top level from nothing it loads.
 */
const VOUCHED_SUBTREES = new Set(['abi', 'crypto', 'debug', 'fs', 'kernel', 'net', 'sunrpc', 'user', 'vm']);

export function labVouchesFor(key: string): boolean {
  return VOUCHED_SUBTREES.has(key.split('.')[0]!);
}

/** The newest lab kernel series ("6.18"). */
export function newestLabSeries(): string {
  return LAB_KERNELS.at(-1)!.series;
}

/** The oldest lab kernel series ("6.1"). */
export function oldestLabSeries(): string {
  return LAB_KERNELS[0]!.series;
}
