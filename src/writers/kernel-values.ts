/**
 * Writing values into the running kernel one key at a time, reading each back, and undoing
 * everything already written when the kernel refuses one: either every value sticks or the
 * host is left as it was (or the caller is told exactly which key could not be restored).
 */
import { readKey, sameKernelValue, writeKey } from './proc-sys.js';

/** One value to write, and where it was read (for messages). */
export interface ApplyEntry {
  readonly key: string;
  readonly value: string;
  readonly source?: { readonly file: string; readonly line: number };
}

export interface KeyChange {
  readonly key: string;
  readonly previous: string;
  readonly value: string;
}

export interface KeyFailure {
  readonly key: string;
  readonly value: string;
  readonly reason: string;
}

export type ApplyResult =
  | { readonly status: 'applied'; readonly changed: readonly KeyChange[] }
  /** A key failed; every key written before it (and the failed one, if it changed) was restored. */
  | { readonly status: 'rolled-back'; readonly failed: KeyFailure; readonly restored: readonly KeyChange[] }
  /** A key failed and restoring some earlier key failed too: the host is partly changed. */
  | {
      readonly status: 'rollback-failed';
      readonly failed: KeyFailure;
      readonly restored: readonly KeyChange[];
      readonly notRestored: readonly KeyFailure[];
    };

export type PreviousValues =
  | { readonly status: 'ok'; readonly values: ReadonlyMap<string, string> }
  | { readonly status: 'failed'; readonly failures: readonly KeyFailure[] };

/** The live value of every key, read before anything is written (the rollback file records them). */
export function readPreviousValues(procSys: string, entries: readonly ApplyEntry[]): PreviousValues {
  const values = new Map<string, string>();
  const failures: KeyFailure[] = [];
  for (const entry of entries) {
    const read = readKey(procSys, entry.key);
    if (read.status === 'ok') values.set(entry.key, read.value);
    else failures.push({ key: entry.key, value: entry.value, reason: read.reason });
  }
  return failures.length ? { status: 'failed', failures } : { status: 'ok', values };
}

/** Writes `value` and checks the kernel reports it back; a failure says why. */
function writeVerified(procSys: string, key: string, value: string): { ok: true } | { ok: false; reason: string; mayHaveChanged: boolean } {
  const written = writeKey(procSys, key, value);
  if (written.status === 'failed') return { ok: false, reason: written.reason, mayHaveChanged: false };
  const readBack = readKey(procSys, key);
  if (readBack.status === 'failed')
    return { ok: false, reason: `written, but reading it back failed: ${readBack.reason}`, mayHaveChanged: true };
  if (!sameKernelValue(value, readBack.value)) {
    return {
      ok: false,
      reason: `the kernel accepted ${JSON.stringify(value)} but reports ${JSON.stringify(readBack.value)}`,
      mayHaveChanged: true,
    };
  }
  return { ok: true };
}

/**
 * Applies the entries in order. `previous` must hold every key's value from before (see
 * readPreviousValues). On the first failure, the keys already written are restored in reverse
 * order, each verified by reading it back.
 */
export function applyValues(procSys: string, entries: readonly ApplyEntry[], previous: ReadonlyMap<string, string>): ApplyResult {
  const written: KeyChange[] = [];
  for (const entry of entries) {
    const before = previous.get(entry.key);
    if (before === undefined) throw new Error(`internal: no previous value read for ${entry.key}`);
    const outcome = writeVerified(procSys, entry.key, entry.value);
    if (outcome.ok) {
      written.push({ key: entry.key, previous: before, value: entry.value });
      continue;
    }
    const failed: KeyFailure = { key: entry.key, value: entry.value, reason: outcome.reason };
    const toRestore = outcome.mayHaveChanged ? [...written, { key: entry.key, previous: before, value: entry.value }] : written;
    const restored: KeyChange[] = [];
    const notRestored: KeyFailure[] = [];
    for (const change of [...toRestore].reverse()) {
      const back = writeVerified(procSys, change.key, change.previous);
      if (back.ok) restored.push(change);
      else notRestored.push({ key: change.key, value: change.previous, reason: back.reason });
    }
    return notRestored.length ? { status: 'rollback-failed', failed, restored, notRestored } : { status: 'rolled-back', failed, restored };
  }
  return { status: 'applied', changed: written };
}
