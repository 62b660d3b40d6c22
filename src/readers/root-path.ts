/**
 * Paths under a root. The live host is "/"; a bundle is any folder with the same layout.
 * Every path is resolved by util/in-root.ts, the way the host the root came from resolves it
 * (an absolute link is re-rooted, ".." stops at the root), so a bundle never reaches out of
 * itself. A symlink to /dev/null is a masked sysctl.d file and is reported as such.
 */
import { accessSync, constants, readlinkSync, realpathSync, statSync } from 'node:fs';
import { join, posix, resolve, sep } from 'node:path';
import { InputError } from '../util/errors.js';
import { resolveInRoot } from '../util/in-root.js';

export type RootEntry =
  | { readonly kind: 'file'; readonly path: string; readonly display: string }
  | { readonly kind: 'missing'; readonly display: string }
  | { readonly kind: 'masked'; readonly display: string };

/** The path a user can find: "/proc/net/tcp" on the live host, "/tmp/bundle/proc/net/tcp" in a bundle. */
export function displayPath(root: string, relative: string): string {
  return join(resolve(root), relative);
}

const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  const absolute = resolve(root);
  let real = realRoots.get(absolute);
  if (real === undefined) {
    try {
      real = realpathSync(absolute);
      // A file given as --root would otherwise read as a root where everything is missing.
      if (!statSync(real).isDirectory()) throw new InputError(`cannot use ${absolute} as a root: not a directory`);
      accessSync(real, constants.R_OK | constants.X_OK);
    } catch (error) {
      if (error instanceof InputError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String(error);
      throw new InputError(`cannot use ${absolute} as a root: ${why}`);
    }
    realRoots.set(absolute, real);
  }
  return real;
}

/**
 * Refuses a root that is not a host. The live host "/" and a bundle from `collect` both have the
 * kernel's files: proc/sys, which advise, the wizard and collect read first, and proc/net, all
 * that states needs. Without them every reading would be "missing" and the report would look
 * clean ("No findings"), so the run stops here naming what is missing. Config files alone (a
 * repository laid out like /) are what `review --root` reads.
 */
export function requireHostRoot(root: string, needs: 'proc/sys' | 'proc/net' = 'proc/sys'): void {
  const entry = resolveUnderRoot(root, needs);
  if (entry.kind === 'file' && statSync(entry.path).isDirectory()) return;
  const absolute = resolve(root);
  // Only Linux has proc/sys at /; elsewhere the way is a bundle from the Linux host.
  const onThisHost = absolute === sep ? ' (not a Linux host? collect a bundle on the Linux host and read it with --root DIR)' : '';
  throw new InputError(
    `cannot use ${absolute} as a root: ${entry.display} is ${entry.kind === 'missing' ? 'missing' : entry.kind === 'masked' ? 'a link to /dev/null' : 'not a directory'}${onThisHost}; ` +
      `a host root (/, or a bundle from "collect") has it; for config files alone use: sysctl-advisor review --root ${absolute}`,
  );
}

/**
 * On the live host in-root and host resolution agree, so one realpath call answers (a link to
 * /dev/null is left to the walk, which calls it a mask). undefined: resolve inside the root.
 */
function onLiveHost(rootReal: string, relative: string): string | undefined {
  if (rootReal !== sep) return undefined;
  try {
    const real = realpathSync.native(join(sep, relative));
    return real === '/dev/null' ? undefined : real;
  } catch {
    return undefined;
  }
}

/** util/in-root.ts: links re-rooted, /dev/null a mask. */
function inRoot(rootReal: string, relative: string, display: string): string | RootEntry {
  const resolved = resolveInRoot(rootReal, `/${relative}`);
  if (resolved.kind === 'dev-null') return { kind: 'masked', display };
  if (resolved.kind === 'missing') return { kind: 'missing', display };
  if (resolved.kind === 'loop') throw new InputError(`${display}: too many levels of symbolic links`);
  return resolved.hostPath;
}

/** Resolves `relative` (e.g. "proc/net/tcp") under `root`; nothing resolves outside it. */
export function resolveUnderRoot(root: string, relative: string): RootEntry {
  const display = displayPath(root, relative);
  const rootReal = realRoot(root);
  const hostPath = onLiveHost(rootReal, relative) ?? inRoot(rootReal, relative, display);
  if (typeof hostPath !== 'string') return hostPath;
  let stat;
  try {
    stat = statSync(hostPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing', display };
    throw error;
  }
  // A FIFO would block the read forever and a device (/dev/zero) never ends: kernel files are
  // regular files (or directories, which callers test for).
  if (!stat.isFile() && !stat.isDirectory())
    throw new InputError('not a regular file; a bundle holds copies of /proc files', { file: display });
  return { kind: 'file', path: hostPath, display };
}

/**
 * The target text of a symlink under the root, not followed ("net:[4026531833]" for
 * proc/self/ns/net); null when missing or unreadable. Its directory is resolved inside the root.
 */
export function readLinkUnderRoot(root: string, relative: string): string | null {
  const directory = resolveInRoot(realRoot(root), `/${posix.dirname(relative)}`);
  if (directory.kind !== 'path') return null;
  try {
    return readlinkSync(join(directory.hostPath, posix.basename(relative)));
  } catch {
    return null;
  }
}
