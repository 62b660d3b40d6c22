/**
 * How each tool turns a key into a /proc/sys path. The spellings matter because both tools
 * decide "this key has an explicit line, so the glob skips it" by comparing these strings.
 *
 * procps 4.0.2 (setting_new + slashdot; procps-ng 4.0.2 src/sysctl.c): drop one more leading "-", then swap dots
 * and slashes when the first separator is a dot; nothing else is normalized, so "net..ipv4.x"
 * becomes "net//ipv4/x" (the kernel still finds it, procps warns "separators should not be
 * repeated") and a leading "/" stays.
 * systemd 252 (sysctl_normalize): the same swap, then path_simplify (no "//", no "." segments,
 * no trailing "/") and no leading "/".
 */
import { procPathToKey } from '../params/keys.js';

const SEPARATORS = /[./]/;

/** Swaps "." and "/" when the first separator is a dot, as slashdot(p, '.', '/') does. */
function swapWhenDotFirst(key: string): string {
  // Fast path for the common spelling: dots only.
  if (!key.includes('/')) return key.replaceAll('.', '/');
  const first = SEPARATORS.exec(key);
  if (!first || first[0] === '/') return key;
  let out = key.slice(0, first.index);
  for (let i = first.index; i < key.length; i++) {
    const ch = key[i]!;
    out += ch === '.' ? '/' : ch === '/' ? '.' : ch;
  }
  return out;
}

/** The path procps 4.0.2 builds after "/proc/sys/" for a key (as in "cannot stat /proc/sys/<path>"). */
export function procpsRawPath(key: string): string {
  // setting_new() skips one more "-": "--net.ipv4.x = 1" sets net.ipv4.x (probe dashdash, docs/config-files.md).
  const withoutDash = key.startsWith('-') ? key.slice(1) : key;
  return swapWhenDotFirst(withoutDash);
}

/**
 * The key systemd-sysctl 252 stores and compares (slash form, simplified). `key` is the text
 * after the optional "-"; systemd strips blanks around it itself ("- key" works there).
 */
export function systemdKey(key: string): string {
  const stripped = key.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
  const swapped = swapWhenDotFirst(stripped);
  const absolute = swapped.startsWith('/');
  const segments = swapped.split('/').filter((s) => s !== '' && s !== '.');
  const simplified = segments.join('/');
  // "Kill the leading slash, but keep the first character": "/" alone stays "/".
  return simplified === '' && absolute ? '/' : simplified;
}

/**
 * The file a path names inside /proc/sys, the way the kernel's path walk resolves it: empty and
 * "." segments dropped, ".." taken back. null when it names /proc/sys itself or climbs above it
 * (procps: "Path is not under /proc/sys/"). Resolution is lexical: "missing/../x" resolves to "x"
 * here although the kernel would fail on "missing" (a deliberate simplification).
 */
export function normalizeProcPath(path: string): string | null {
  // Fast path: nothing to resolve (no empty, "." or ".." segment, no leading or trailing "/").
  if (
    path !== '' &&
    !path.startsWith('/') &&
    !path.startsWith('.') &&
    !path.endsWith('/') &&
    !path.includes('//') &&
    !path.includes('/.')
  ) {
    return path;
  }
  const out: string[] = [];
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return null;
      out.pop();
      continue;
    }
    out.push(segment);
  }
  if (out.length === 0) return null;
  // "net.ipv4.tcp_fin_timeout." ends in "/": only a directory can match, so procps' stat()
  // fails on the file (ENOTDIR). Keep the "/" so the path never equals a key.
  const last = segments[segments.length - 1];
  return last === '' || last === '.' || last === '..' ? `${out.join('/')}/` : out.join('/');
}

/** The dotted spelling of a /proc/sys path, as procps prints it ("net.ipv4.conf.eth0/100.rp_filter"). */
export function dottedKey(procPath: string): string {
  return procPath.includes('.') ? procPathToKey(procPath) : procPath.replaceAll('/', '.');
}

/** How procps 4.0.2 spells the key of one config line, from procpsRawPath, normalizeProcPath and dottedKey. */
export interface ProcpsSpelling {
  /** procpsRawPath(key): the path as procps builds it. */
  readonly raw: string;
  /** normalizeProcPath(raw): the file written, or null when it names nothing under /proc/sys. */
  readonly procPath: string | null;
  /** dottedKey(procPath), or null with procPath. */
  readonly dotted: string | null;
}

/**
 * By key as written: config files repeat the same few keys, so each spelling is built once and
 * shared by its lines (bench/review.ts). Grows with the distinct keys read only.
 */
const SPELLINGS = new Map<string, ProcpsSpelling>();

export function procpsSpelling(key: string): ProcpsSpelling {
  let spelling = SPELLINGS.get(key);
  if (!spelling) {
    const raw = procpsRawPath(key);
    const procPath = normalizeProcPath(raw);
    spelling = { raw, procPath, dotted: procPath === null ? null : dottedKey(procPath) };
    SPELLINGS.set(key, spelling);
  }
  return spelling;
}

/** /proc/sys path for anything a caller may hold: a dotted or slashed key, or "/proc/sys/..." itself. */
export function anyKeyToProcPath(key: string): string | null {
  const trimmed = key.trim();
  const relative = trimmed.startsWith('/proc/sys/') ? trimmed.slice('/proc/sys/'.length) : swapWhenDotFirst(trimmed);
  return normalizeProcPath(relative);
}

/** procps' warning condition: a separator directly followed by another one. */
export function repeatedSeparatorIndex(key: string): number {
  for (let i = 0; i + 1 < key.length; i++) {
    const a = key[i];
    const b = key[i + 1];
    if ((a === '.' || a === '/') && (b === '.' || b === '/')) return i;
  }
  return -1;
}
