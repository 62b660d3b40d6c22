/**
 * A directory of bundles, one per host (`BUNDLES/<inventory_hostname>/`, as the shipped Ansible
 * playbook unpacks them): which hosts it holds and what the playbook recorded about each.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeOpenError, readBoundedFile } from '../util/bounded-read.js';
import { fsReason, InputError } from '../util/errors.js';
import { COLLECTION_FILE } from './bundle-layout.js';

export interface CollectionRecord {
  /** ISO 8601 time the collector ran on the host. */
  readonly collectedAt: string | null;
  /** The host's Ansible groups (group_names), for drift within a group. */
  readonly groups: readonly string[];
  /** `uname -r` on the host at collection. */
  readonly kernelRelease: string | null;
}

/** The host names (subdirectory names) under `dir`, sorted; hidden entries (the playbook's .archives) are not hosts. */
export function listBundles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory())
      throw new InputError('is not a directory; give the folder that holds one bundle per host', { file: dir });
    names = readdirSync(dir);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read the bundles folder: ${fsReason(code) ?? String(code ?? error)}`, { file: dir });
  }
  return names.filter((name) => !name.startsWith('.') && isDirectory(join(dir, name))).sort();
}

const NONE: CollectionRecord = { collectedAt: null, groups: [], kernelRelease: null };

/** The playbook's record of the collection; empty fields for a bundle made by `collect --out` (it writes none). */
export function readCollectionRecord(bundle: string): CollectionRecord {
  const path = join(bundle, COLLECTION_FILE);
  let text: string;
  try {
    text = readBoundedFile(path, { maxBytes: 64 * 1024, what: 'collection record' }).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NONE;
    throw describeOpenError(error, 'collection record', path);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError('not JSON (the playbook writes {"collectedAt", "groups", "kernelRelease"})', { file: path });
  }
  const record = (parsed ?? {}) as Record<string, unknown>;
  const text_ = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  const groups = Array.isArray(record.groups) ? record.groups.filter((g): g is string => typeof g === 'string') : [];
  return { collectedAt: text_(record.collectedAt), groups, kernelRelease: text_(record.kernelRelease) };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
