/**
 * The keys that exist under ROOT/proc/sys, for expanding globs in config files the way the real
 * tools do (they glob the live /proc/sys). A bundle holds only what "collect" copied.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const MAX_DEPTH = 8; // /proc/sys/net/ipv4/conf/IFACE/KEY is 5 deep; more would be a loop or a mistake

export function procSysKeys(root: string): string[] {
  const keys: string[] = [];
  const walk = (dir: string, prefix: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), path, depth + 1);
      else if (entry.isFile()) keys.push(path);
    }
  };
  walk(join(root, 'proc', 'sys'), '', 0);
  return keys;
}
