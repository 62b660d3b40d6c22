/**
 * The one way to resolve a path inside a root directory (the live host "/", a bundle, a repository
 * laid out like /): the way the host that root came from would resolve it. Symlinks are followed
 * component by component, an absolute target is re-rooted under ROOT, and ".." stops at ROOT (as it
 * does at "/"), so nothing ever resolves outside the root. A link to /dev/null is recognised by its
 * target, because a bundle has no ROOT/dev/null.
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';

/** Linux gives up after 40 links (ELOOP); so do we. */
const MAX_SYMLINKS = 40;

export type ResolvedPath =
  | { readonly kind: 'path'; readonly path: string; readonly hostPath: string }
  | { readonly kind: 'dev-null' }
  | { readonly kind: 'missing'; readonly path: string }
  | { readonly kind: 'loop'; readonly path: string };

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

/**
 * Whether a directory resolves to itself (no link on the way), by host path, as first seen. A run
 * reads many files from few directories, and realpath(3) reads every component each time. A
 * directory that is not plain (a link, or missing) only sends its files to the walk, which is
 * always right.
 */
const plainDirectories = new Map<string, boolean>();

function isPlainDirectory(dir: string): boolean {
  let plain = plainDirectories.get(dir);
  if (plain === undefined) {
    try {
      plain = realpathSync.native(dir) === dir;
    } catch {
      plain = false;
    }
    plainDirectories.set(dir, plain);
  }
  return plain;
}

/**
 * The answer without walking when the file's directory has no link on the way and the file is no
 * link (the common case: a bundle's and a host's sysctl files are plain files); undefined when the
 * walk must decide.
 */
function withoutLinks(hostRoot: string, absolutePath: string): ResolvedPath | undefined {
  const parts = components(absolutePath);
  // ".." after a link means the link's parent: only the walk knows.
  if (parts.includes('..') || parts.length === 0) return undefined;
  const path = `/${parts.join('/')}`;
  if (path === '/dev/null') return undefined;
  const hostPath = join(hostRoot, path);
  if (!isPlainDirectory(posix.dirname(hostPath))) return undefined;
  try {
    return lstatSync(hostPath).isSymbolicLink() ? undefined : { kind: 'path', path, hostPath };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'missing', path } : undefined;
  }
}

/** Resolves an absolute in-root path (e.g. "/etc/sysctl.d/99-sysctl.conf") inside `root`. */
export function resolveInRoot(root: string, absolutePath: string): ResolvedPath {
  const hostRoot = resolve(root);
  const plain = withoutLinks(hostRoot, absolutePath);
  if (plain) return plain;
  let pending = components(absolutePath);
  const current: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    // A link to /dev/null masks a file; a bundle has no ROOT/dev/null to walk into.
    if (posix.normalize(`/${[...current, ...pending].join('/')}`) === '/dev/null') return { kind: 'dev-null' };
    const component = pending.shift()!;
    if (component === '..') {
      current.pop();
      continue;
    }
    current.push(component);
    const inRoot = `/${current.join('/')}`;
    const hostPath = join(hostRoot, ...current);
    let isLink: boolean;
    try {
      isLink = lstatSync(hostPath).isSymbolicLink();
    } catch {
      return { kind: 'missing', path: posix.join(inRoot, ...pending) };
    }
    if (!isLink) continue;
    if (++links > MAX_SYMLINKS) return { kind: 'loop', path: absolutePath };
    let target: string;
    try {
      target = readlinkSync(hostPath);
    } catch {
      return { kind: 'missing', path: inRoot };
    }
    current.pop();
    if (target.startsWith('/')) current.length = 0;
    pending = [...components(target), ...pending];
  }
  const path = `/${current.join('/')}`;
  return { kind: 'path', path, hostPath: join(hostRoot, ...current) };
}
