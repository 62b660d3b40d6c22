/**
 * Kernel counters as evidence: a total counts from boot (or from the network namespace's
 * creation), so 120,345 ListenOverflows may be an incident of months ago. With a sampling
 * window (advise --interval) the growth over it says whether it happens now. These helpers
 * word both the same way in every rule, and tell a rule whether the present confirms a total.
 */
import type { Facts } from '../facts/types.js';

/** "since boot", "since this network namespace was created", or both when the root does not say. */
export function countersSinceText(facts: Facts): string {
  switch (facts.countersSince) {
    case 'namespace':
      return 'since this network namespace was created';
    case 'boot':
      return 'since boot';
    default:
      return 'since boot (or since this network namespace was created)';
  }
}

/**
 * Whether counter `name` grew during the sampling window: true/false with a window, undefined
 * without one (a total alone cannot tell).
 */
export function counterGrowing(facts: Facts, name: string): boolean | undefined {
  const window = facts.counterWindow;
  if (!window) return undefined;
  return (window.deltas.get(name) ?? 0) > 0;
}

/** Whether any of the counters grew during the window (undefined without one). */
export function anyCounterGrowing(facts: Facts, names: readonly string[]): boolean | undefined {
  if (!facts.counterWindow) return undefined;
  return names.some((name) => counterGrowing(facts, name));
}

/** Per-second rate of `name` over the window, rounded for reading; undefined without a window. */
export function counterRate(facts: Facts, name: string): number | undefined {
  const rate = facts.counterWindow?.rates.get(name);
  return rate === undefined ? undefined : roundRate(rate);
}

export function roundRate(rate: number): number {
  return rate >= 10 ? Math.round(rate) : Math.round(rate * 10) / 10;
}

/**
 * "ListenOverflows 273 since boot (+1360 over the last 5 s, 272/s)", or "(not growing over the
 * last 5 s: an old count)"; without a window, the total and its baseline only.
 */
export function describeCounter(facts: Facts, name: string): string {
  const total = facts.counters?.get(name) ?? 0;
  return `${name} ${total}${windowText(facts, name)}`;
}

/** The window part of describeCounter, "" without a window. */
export function windowText(facts: Facts, name: string): string {
  const window = facts.counterWindow;
  if (!window) return '';
  const delta = window.deltas.get(name) ?? 0;
  return delta > 0
    ? ` (+${delta} over the last ${window.seconds} s, ${roundRate(delta / window.seconds)}/s)`
    : ` (not growing over the last ${window.seconds} s)`;
}

/**
 * One sentence on how old the totals are: with a window, whether any of `names` grew; without
 * one, how to find out.
 */
export function counterAgeText(facts: Facts, names: readonly string[]): string {
  const since = countersSinceText(facts);
  const window = facts.counterWindow;
  if (!window) {
    return `These counters are totals ${since}, so an incident long ago reads the same as one now: run advise --interval 5 to measure their rate.`;
  }
  const growing = names.filter((name) => counterGrowing(facts, name));
  if (growing.length === 0) {
    return `Over the last ${window.seconds} s none of them grew: the totals (${since}) are old, and no change is made from them alone.`;
  }
  return `Over the last ${window.seconds} s: ${growing.map((name) => `${name} +${window.deltas.get(name)} (${roundRate(window.rates.get(name)!)}/s)`).join(', ')}, so it is happening now.`;
}

/** Evidence fields for a counter: the total, and with a window its growth and rate. */
export function counterEvidence(facts: Facts, name: string): Record<string, number> {
  const total = facts.counters?.get(name) ?? 0;
  const window = facts.counterWindow;
  if (!window) return { [name]: total };
  const delta = window.deltas.get(name) ?? 0;
  return { [name]: total, [`${name}PerSecond`]: roundRate(delta / window.seconds) };
}
