/**
 * Records keyed by strings from the input (sysctl keys, counter names, sockstat labels). A
 * plain `record[key] = value` with key "__proto__" replaces the record's prototype instead of
 * adding an entry, and `record[key]` with key "constructor" finds Object: these two helpers
 * make every key an ordinary own entry.
 */

/** Sets `record[key]` as an own, enumerable data property, whatever the key. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `record[key]` when the record itself has it; never an inherited Object.prototype member. */
export function getOwn<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
