/**
 * Whether a key is certainly absent on a kernel, or inside a child network namespace, for
 * rules that need the answer as a fact (the Ansible module's reload, a container's start) rather
 * than as a finding of its own (unknown-key reports the key itself).
 */
import type { KernelVersion } from '../kernel/version.js';
import { existsOn } from './defaults.js';
import { KNOWN_KEYS, UNVERIFIABLE_INSIDE, VERIFIABLE_PREFIXES } from './known-keys.js';
import { findParam } from './lookup.js';

const KNOWN = new Set(KNOWN_KEYS);
const PER_INTERFACE = /^net\.ipv[46]\.(?:conf|neigh)\.[^.]+\./;

/** True when the target kernel has no such key: a catalogue key outside its version range, or a core-networking name the reference kernel lacks. */
export function certainlyMissing(key: string, kernel: KernelVersion): boolean {
  const spec = findParam(key);
  if (spec) return !existsOn(spec, kernel);
  if (KNOWN.has(key)) return false;
  if (PER_INTERFACE.test(key)) {
    const parts = key.split('.');
    if (KNOWN.has([...parts.slice(0, 3), '*', ...parts.slice(4)].join('.'))) return false;
    return false; // the interface may exist on the host; unknown-key says more
  }
  if (UNVERIFIABLE_INSIDE.some((entry) => key.startsWith(entry.prefix))) return false;
  return VERIFIABLE_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** A host-wide key that a child network namespace (a pod, a container) does not have at all (REFERENCE §5.2). */
export function absentInChildNamespace(key: string): boolean {
  return findParam(key)?.scope === 'global';
}
