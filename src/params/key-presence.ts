/**
 * Whether a key is certainly absent on a kernel, or inside a child network namespace, for
 * rules that need the answer as a fact (the Ansible module's reload, a container's start) rather
 * than as a finding of its own (unknown-key reports the key itself).
 */
import type { KernelVersion } from '../kernel/version.js';
import { existsOn } from './defaults.js';
import { labVouchesFor, lookupKey, presenceOn } from './key-database.js';
import { findParam } from './lookup.js';

/**
 * True when the target kernel has no such key: a catalogue key outside its version range, a
 * measured name the lab kernels around the target lack, or a name no lab kernel has in a subtree
 * the lab sees whole.
 */
export function certainlyMissing(key: string, kernel: KernelVersion): boolean {
  const spec = findParam(key);
  if (spec) return !existsOn(spec, kernel);
  const record = lookupKey(key);
  if (record) return presenceOn(record, kernel).kind === 'absent';
  return labVouchesFor(key);
}

/** A host-wide key that a child network namespace (a pod, a container) does not have at all (docs/kernel/namespaces.md#kubernetes). */
export function absentInChildNamespace(key: string): boolean {
  return findParam(key)?.scope === 'global';
}
