/**
 * Sysctl key spelling. The tools accept "." or "/" as separators: when the first separator
 * is "/", the rest is literal; when it is ".", dots and slashes are swapped, so
 * "net.ipv4.conf.eth0/100.rp_filter" addresses the interface "eth0.100" (docs/kernel/config-files-and-precedence.md#line-syntax).
 */

/** The /proc/sys-relative path a key names, e.g. "net/ipv4/tcp_fin_timeout". */
export function keyToProcPath(key: string): string {
  const trimmed = key.trim();
  const firstSlash = trimmed.indexOf('/');
  const firstDot = trimmed.indexOf('.');
  const slashFirst = firstSlash !== -1 && (firstDot === -1 || firstSlash < firstDot);
  if (slashFirst) return trimmed.replace(/^\/+/, '');
  let swapped = '';
  for (const ch of trimmed) swapped += ch === '.' ? '/' : ch === '/' ? '.' : ch;
  return swapped;
}

/** The dotted spelling procps prints, e.g. "net.ipv4.conf.eth0/100.rp_filter". */
export function procPathToKey(path: string): string {
  let swapped = '';
  for (const ch of path) swapped += ch === '/' ? '.' : ch === '.' ? '/' : ch;
  return swapped;
}

/** One canonical dotted spelling for any accepted spelling of a key. */
export function canonicalKey(key: string): string {
  return procPathToKey(keyToProcPath(key));
}

/**
 * Regular expressions that run once per config line live in module constants: a literal in a
 * function body is a new RegExp object every time it runs (bench/review.ts). None is global or
 * sticky, so they keep no state.
 */
const GLOB_CHARACTER = /[*?[]/;

/** Glob characters systemd-sysctl and procps expand in keys. */
export function isGlobKey(key: string): boolean {
  return GLOB_CHARACTER.test(key);
}

/** The key without the leading "-" (ignore failure) a reader may have left attached. */
export function withoutIgnoreDash(key: string): string {
  return key.startsWith('-') ? key.slice(1) : key;
}
