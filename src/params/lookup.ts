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
    const whole = Math.abs(wanted.length - spec.key.length) > limit ? Infinity : editDistance(wanted, spec.key);
    const ofLeaf = Math.abs(wantedLeaf.length - leaf.length) > limit ? Infinity : editDistance(wantedLeaf, leaf);
    return { key: spec.key, distance: Math.min(contained, whole, ofLeaf), limit };
  });
  return scored
    .filter((s) => s.distance <= s.limit)
    .sort((a, b) => a.distance - b.distance || compareText(a.key, b.key))
    .slice(0, limit)
    .map((s) => s.key);
}

/** Levenshtein distance; quadratic, so callers bound the lengths (see suggestKeys). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
