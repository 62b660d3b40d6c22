/**
 * Reading application config files under a root (the live host "/", a bundle, or a repository
 * laid out like /), resolved as the host would resolve them (util/in-root.ts): symlinks stay
 * inside the root. Includes with globs expand one path component at a time, sorted, as glob(3)
 * does for nginx and Apache.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { isGlob, matchComponent, compareBytewise } from '../../config/glob.js';
import { readConfigTextInRoot } from '../../config/rootfs.js';
import { resolveInRoot } from '../../util/in-root.js';

export interface RootFiles {
  /** The text of an in-root absolute path, or null when it is not there. */
  read(path: string): string | null;
  /** In-root paths matching an absolute pattern (globs in any component), sorted; a plain path that exists gives itself. */
  expand(pattern: string): string[];
  /** The path a user can open ("/etc/nginx/nginx.conf" on the host, "/tmp/bundle/etc/nginx/nginx.conf" in a bundle). */
  display(path: string): string;
}

export function rootFiles(root: string): RootFiles {
  const isHost = posix.resolve(root) === '/';
  return {
    read: (path) => {
      try {
        return readConfigTextInRoot(root, path);
      } catch {
        return null;
      }
    },
    expand: (pattern) => expandUnderRoot(root, pattern),
    display: (path) => (isHost ? path : join(root, path)),
  };
}

function isDirectoryInRoot(root: string, path: string): boolean {
  const resolved = resolveInRoot(root, path);
  if (resolved.kind !== 'path') return false;
  try {
    return statSync(resolved.hostPath).isDirectory();
  } catch {
    return false;
  }
}

function expandUnderRoot(root: string, pattern: string): string[] {
  const parts = pattern.split('/').filter((p) => p !== '');
  let current = ['/'];
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    const next: string[] = [];
    for (const dir of current) {
      if (!isGlob(part)) {
        next.push(posix.join(dir, part));
        continue;
      }
      const resolved = resolveInRoot(root, dir);
      if (resolved.kind !== 'path') continue;
      let names: string[];
      try {
        names = readdirSync(resolved.hostPath).sort(compareBytewise);
      } catch {
        continue;
      }
      for (const name of names) if (matchComponent(part, name)) next.push(posix.join(dir, name));
    }
    current = last ? next : next.filter((dir) => isDirectoryInRoot(root, dir));
  }
  // A directory named by an include (Apache: "Include conf.d/") means the files in it.
  return current.flatMap((path) => (isDirectoryInRoot(root, path) ? expandUnderRoot(root, `${path}/*`) : [path]));
}
