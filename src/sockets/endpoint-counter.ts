/**
 * Counts per fixed-width key (remote address words + port/state/family word) in an
 * open-addressing table of typed arrays: no object, string or boxed number per socket, so a
 * million-row scan allocates nothing per row.
 *
 * Memory is bounded. When the table holds `maxEntries` keys (a server's accepted sockets all
 * have distinct remote ports, so keys can be as many as sockets), it is reduced the way the
 * Misra–Gries heavy-hitter summary is: every count drops by the median count and keys that
 * reach zero leave. Counts of the keys that stay are then lower bounds, each short by at most
 * `maxUndercount` (≤ 2·N/maxEntries for N increments); heavy hitters — the endpoints that can
 * exhaust ports — always survive, and `exact` says whether any reduction happened.
 */

export const KEY_WORDS = 5;

/**
 * Room for 2048 keys (remote endpoint × state) before the first growth (96 KB), enough for
 * most hosts' outbound destinations. Growing in the middle of a scan costs more than the
 * rehash: the first call of the growth path throws the scanner's freshly optimised loop back
 * to the interpreter (it was compiled without that path), so a cold run compiles it twice.
 * Not larger: the summary sweeps every slot once.
 */
const INITIAL_SLOTS = 4096;

function mix(hash: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  hash ^= Math.imul(k, 0x1b873593);
  hash = (hash << 13) | (hash >>> 19);
  return (Math.imul(hash, 5) + 0xe6546b64) | 0;
}

function finish(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/** IPv4 keys have three zero words: hashing only the two that vary is the common, cheap case. */
function hashWords(k0: number, k1: number, k2: number, k3: number, k4: number): number {
  if ((k0 | k1 | k2) === 0) return finish(mix(mix(0x9747b28c, k3), k4));
  return finish(mix(mix(mix(mix(mix(0x9747b28c, k0), k1), k2), k3), k4));
}

function hashKey(keys: Uint32Array, at: number): number {
  return hashWords(keys[at]!, keys[at + 1]!, keys[at + 2]!, keys[at + 3]!, keys[at + 4]!);
}

export class EndpointCounter {
  /** The key to count next: callers fill these words, then call increment(). */
  readonly key = new Uint32Array(KEY_WORDS);
  private slots: number;
  private keys: Uint32Array;
  /** 0 marks an empty slot: a stored key always has count >= 1. */
  private counts: Uint32Array;
  private used = 0;
  private readonly maxSlots: number;
  private reductions = 0;
  private undercount = 0;

  constructor(readonly maxEntries = 1 << 17) {
    this.maxSlots = nextPowerOfTwo(maxEntries * 2);
    this.slots = Math.min(INITIAL_SLOTS, this.maxSlots);
    this.keys = new Uint32Array(this.slots * KEY_WORDS);
    this.counts = new Uint32Array(this.slots);
  }

  /** True while no reduction has happened: every count is exact. */
  get exact(): boolean {
    return this.reductions === 0;
  }

  /** How much any reported count may be below the true count. */
  get maxUndercount(): number {
    return this.undercount;
  }

  get size(): number {
    return this.used;
  }

  /** Counts the key in `key`. */
  increment(): void {
    const key = this.key;
    this.incrementWords(key[0]!, key[1]!, key[2]!, key[3]!, key[4]!);
  }

  /**
   * Counts the key k0..k4. The words come as arguments so the /proc/net/tcp fast path can pass
   * an IPv4 key (k0..k2 zero) without a round trip through `key`; once inlined, its constant
   * zeros fold away.
   */
  incrementWords(k0: number, k1: number, k2: number, k3: number, k4: number): void {
    const mask = this.slots - 1;
    const keys = this.keys;
    const counts = this.counts;
    let slot = hashWords(k0, k1, k2, k3, k4) & mask;
    for (;;) {
      const count = counts[slot]!;
      const at = slot * KEY_WORDS;
      if (count === 0) {
        keys[at] = k0;
        keys[at + 1] = k1;
        keys[at + 2] = k2;
        keys[at + 3] = k3;
        keys[at + 4] = k4;
        counts[slot] = 1;
        if (++this.used * 2 > this.slots) this.makeRoom();
        return;
      }
      if (keys[at + 4] === k4 && keys[at + 3] === k3 && keys[at] === k0 && keys[at + 1] === k1 && keys[at + 2] === k2) {
        counts[slot] = count + 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Calls `visit` for every stored key; the key's words are keys[offset .. offset+4]. */
  forEach(visit: (keys: Uint32Array, offset: number, count: number) => void): void {
    for (let slot = 0; slot < this.slots; slot++) {
      const count = this.counts[slot]!;
      if (count !== 0) visit(this.keys, slot * KEY_WORDS, count);
    }
  }

  private makeRoom(): void {
    if (this.slots < this.maxSlots) this.rehash(this.slots * 2, 0);
    else this.reduce();
  }

  /** Drops every count by the median count: at least half the keys leave, heavy ones stay. */
  private reduce(): void {
    const live = new Uint32Array(this.used);
    let n = 0;
    for (let slot = 0; slot < this.slots; slot++) if (this.counts[slot] !== 0) live[n++] = this.counts[slot]!;
    live.sort();
    const drop = live[live.length >> 1]!;
    this.reductions++;
    this.undercount += drop;
    this.rehash(this.slots, drop);
  }

  private rehash(slots: number, drop: number): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const oldSlots = this.slots;
    this.slots = slots;
    this.keys = new Uint32Array(slots * KEY_WORDS);
    this.counts = new Uint32Array(slots);
    this.used = 0;
    const mask = slots - 1;
    for (let old = 0; old < oldSlots; old++) {
      const count = oldCounts[old]!;
      if (count <= drop) continue;
      const from = old * KEY_WORDS;
      let slot = hashKey(oldKeys, from) & mask;
      while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
      this.keys.set(oldKeys.subarray(from, from + KEY_WORDS), slot * KEY_WORDS);
      this.counts[slot] = count - drop;
      this.used++;
    }
  }
}

function nextPowerOfTwo(n: number): number {
  let power = 1;
  while (power < n) power *= 2;
  return power;
}
