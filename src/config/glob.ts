/**
 * Glob expansion of sysctl keys against the keys that exist, as glob(3) does it for both tools:
 * the pattern is matched one path component at a time ("*" never crosses "/"), "*", "?", "[...]"
 * with "!" or "^" negation, ranges and [:classes:], "\" escapes the next character, a leading "."
 * in a name must be matched explicitly, and results come back sorted bytewise (LC_ALL=C; C.UTF-8
 * sorts the same). procps 4.0.2 and systemd 252 also match directories (and then fail to write
 * them); we expand against whatever the caller lists, normally the files only.
 *
 * The matcher is iterative with single-star backtracking: linear in practice, no regex, so no
 * catastrophic backtracking on hostile patterns.
 */
import { anyKeyToProcPath, dottedKey } from './keypath.js';

/** Glob characters procps (string_is_glob) and systemd (string_is_glob) look for. */
export function isGlob(text: string): boolean {
  return text.includes('*') || text.includes('?') || text.includes('[');
}

const CLASSES: Record<string, (c: string) => boolean> = {
  alpha: (c) => /[A-Za-z]/.test(c),
  digit: (c) => c >= '0' && c <= '9',
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  upper: (c) => c >= 'A' && c <= 'Z',
  lower: (c) => c >= 'a' && c <= 'z',
  space: (c) => ' \t\n\v\f\r'.includes(c),
  blank: (c) => c === ' ' || c === '\t',
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
  print: (c) => c >= ' ' && c <= '~',
  graph: (c) => c > ' ' && c <= '~',
  cntrl: (c) => c < ' ' || c === '\x7f',
};

interface BracketResult {
  readonly matched: boolean;
  /** Index just after the closing "]". */
  readonly next: number;
}

/** Matches `ch` against the bracket expression starting at pattern[start] === "["; null if unterminated. */
function matchBracket(pattern: string, start: number, ch: string): BracketResult | null {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let matched = false;
  let first = true;
  while (i < pattern.length) {
    let c = pattern[i]!;
    if (c === ']' && !first) return { matched: matched !== negate, next: i + 1 };
    first = false;
    if (c === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      if (end !== -1) {
        const test = CLASSES[pattern.slice(i + 2, end)];
        if (test && test(ch)) matched = true;
        i = end + 2;
        continue;
      }
    }
    if (c === '\\' && i + 1 < pattern.length) c = pattern[++i]!;
    const low = c;
    i++;
    if (pattern[i] === '-' && i + 1 < pattern.length && pattern[i + 1] !== ']') {
      let high = pattern[i + 1]!;
      i += 2;
      if (high === '\\' && i < pattern.length) high = pattern[i++]!;
      if (ch >= low && ch <= high) matched = true;
      continue;
    }
    if (ch === low) matched = true;
  }
  return null;
}

/** fnmatch(3) on one path component, with FNM_PERIOD (as glob(3) applies it to each name). */
export function matchComponent(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.') && !pattern.startsWith('\\.')) return false;
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = ++p;
      starN = n;
      continue;
    }
    if (pc !== undefined) {
      if (pc === '?') {
        p++;
        n++;
        continue;
      }
      if (pc === '[') {
        const bracket = matchBracket(pattern, p, name[n]!);
        if (bracket) {
          if (bracket.matched) {
            p = bracket.next;
            n++;
            continue;
          }
        } else if (name[n] === '[') {
          // An unterminated "[" is an ordinary character.
          p++;
          n++;
          continue;
        }
      } else {
        const literal = pc === '\\' && p + 1 < pattern.length ? pattern[p + 1]! : pc;
        if (literal === name[n]) {
          p += pc === '\\' && p + 1 < pattern.length ? 2 : 1;
          n++;
          continue;
        }
      }
    }
    if (starP === -1) return false;
    p = starP;
    n = ++starN;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * The keys that exist, as /proc/sys paths, indexed for glob expansion. Accepts any spelling:
 * dotted keys, slashed keys, or "/proc/sys/..." paths (e.g. the output of `find /proc/sys`).
 */
export class KeyIndex {
  private readonly keys: Iterable<string>;
  private index: { readonly paths: ReadonlySet<string>; readonly byDepth: ReadonlyMap<number, readonly (readonly string[])[]> } | undefined;

  /** Indexed on first use: a review whose lines hold no glob never needs it (bench/cold-start.ts). */
  constructor(keys: Iterable<string>) {
    this.keys = keys;
  }

  private built(): { readonly paths: ReadonlySet<string>; readonly byDepth: ReadonlyMap<number, readonly (readonly string[])[]> } {
    if (this.index) return this.index;
    const paths = new Set<string>();
    for (const key of this.keys) {
      const path = anyKeyToProcPath(key);
      if (path !== null) paths.add(path);
    }
    /** Paths split into components, grouped by component count, each group sorted bytewise. */
    const byDepth = new Map<number, string[][]>();
    for (const path of [...paths].sort(compareBytewise)) {
      const parts = path.split('/');
      let group = byDepth.get(parts.length);
      if (!group) byDepth.set(parts.length, (group = []));
      group.push(parts);
    }
    this.index = { paths, byDepth };
    return this.index;
  }

  get size(): number {
    return this.built().paths.size;
  }

  has(procPath: string): boolean {
    return this.built().paths.has(procPath);
  }

  /** Existing paths matching a glob pattern given as a /proc/sys path, sorted as glob(3) sorts. */
  expand(patternPath: string): string[] {
    // A trailing "/" only matches directories, and the index holds keys (files).
    if (patternPath.endsWith('/')) return [];
    const components = patternPath.split('/').filter((c) => c !== '');
    const group = this.built().byDepth.get(components.length);
    if (!group) return [];
    const literal = components.map((c) => (isGlob(c) || c.includes('\\') ? null : c));
    const matches: string[] = [];
    for (const parts of group) {
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const fixed = literal[i];
        ok = fixed !== null && fixed !== undefined ? fixed === parts[i] : matchComponent(components[i]!, parts[i]!);
      }
      if (ok) matches.push(parts.join('/'));
    }
    return matches;
  }

  /** The dotted keys a glob matches (for display). */
  expandToKeys(patternPath: string): string[] {
    return this.expand(patternPath).map(dottedKey);
  }
}

/** strcmp order on UTF-8 bytes, which is what glob(3) and the tools' qsort/strcmp give under C locales. */
export function compareBytewise(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}
