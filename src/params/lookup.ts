import { CATALOGUE } from './catalogue.js';
import { canonicalKey } from './keys.js';
import type { ParamSpec } from './types.js';
import { compareText } from '../util/compare-text.js';

const BY_KEY: ReadonlyMap<string, ParamSpec> = new Map(CATALOGUE.map((spec) => [spec.key, spec]));

/** Spellings seen, and what they name: rules ask about the same few keys for every line of a big review. */
const BY_SPELLING = new Map<string, ParamSpec | undefined>();
const MAX_CACHED_SPELLINGS = 10_000;

/** The catalogue entry for a full key in any spelling ("net/ipv4/tcp_fin_timeout"), or undefined. */
export function findParam(key: string): ParamSpec | undefined {
  const direct = BY_KEY.get(key);
  if (direct) return direct;
  if (BY_SPELLING.has(key)) return BY_SPELLING.get(key);
  const found = BY_KEY.get(canonicalKey(key));
  if (BY_SPELLING.size < MAX_CACHED_SPELLINGS) BY_SPELLING.set(key, found);
  return found;
}

/**
 * Like findParam, but also accepts the short name people type ("tcp_fin_timeout").
 * A short name that matches no entry, or several, resolves to nothing.
 */
export function resolveParam(name: string): ParamSpec | undefined {
  const exact = findParam(name);
  if (exact) return exact;
  const leaf = canonicalKey(name);
  const matches = CATALOGUE.filter((spec) => spec.key.endsWith(`.${leaf}`));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Catalogue keys closest to a misspelt name, best first (edit distance on the last component and the whole key). */
export function suggestKeys(name: string, limit = 3): string[] {
  const wanted = canonicalKey(name);
  const wantedLeaf = wanted.slice(wanted.lastIndexOf('.') + 1);
  const scored = CATALOGUE.map((spec) => {
    const leaf = spec.key.slice(spec.key.lastIndexOf('.') + 1);
    const limit = Math.max(2, Math.floor(leaf.length / 3));
    // A name that is part of a key ("syn_retries" in tcp_syn_retries) is the likeliest meaning.
    const contained = wantedLeaf.length >= 4 && leaf.includes(wantedLeaf) ? 0.5 : Infinity;
    // An edit distance is at least the difference in length: a name far longer than any key (a
    // megabyte of hostile input) is never within the limit, so the quadratic table is skipped.
    const whole = editDistance(wanted, spec.key, limit);
    const ofLeaf = editDistance(wantedLeaf, leaf, limit);
    return { key: spec.key, distance: Math.min(contained, whole, ofLeaf), limit };
  });
  return scored
    .filter((s) => s.distance <= s.limit)
    .sort((a, b) => a.distance - b.distance || compareText(a.key, b.key))
    .slice(0, limit)
    .map((s) => s.key);
}

/**
 * Levenshtein distance, exact when it is at most `limit`; past that, some number above `limit`
 * (the table stops as soon as every path through it is too long). A shared prefix and suffix
 * cost nothing and are cut first: "did you mean" compares a name with the ~950 known names, most
 * of them "net.ipv4..." (bench/cold-start.ts).
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  // The distance is at least the difference in length, and at most the longer remainder.
  if (Math.abs(n - m) > limit) return Math.abs(n - m);
  if (n === 0 || m === 0) return n + m;
  let previous = new Uint32Array(m + 1);
  let current = new Uint32Array(m + 1);
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    current[0] = i;
    let rowMinimum = i;
    const ch = a[start + i - 1];
    for (let j = 1; j <= m; j++) {
      const substitution = previous[j - 1]! + (ch === b[start + j - 1] ? 0 : 1);
      const cost = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      current[j] = cost;
      if (cost < rowMinimum) rowMinimum = cost;
    }
    // Every later cell is at least its row's minimum.
    if (rowMinimum > limit) return rowMinimum;
    [previous, current] = [current, previous];
  }
  return previous[m]!;
}
