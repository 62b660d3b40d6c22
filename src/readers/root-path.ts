/**
 * Paths under a root. The live host is "/"; a bundle is any folder with the same layout.
 * A bundle must not reach out of itself: every path is resolved (symlinks included) and must
 * stay under the root's real path, or reading stops with an InputError. A symlink to
 * /dev/null is a masked sysctl.d file and is reported as such, never followed.
 */
import { accessSync, constants, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { InputError } from '../util/errors.js';

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
  const onThisHost =
    absolute === sep && process.platform !== 'linux'
      ? ` (this is ${process.platform}: collect a bundle on the Linux host and read it with --root DIR)`
      : '';
  throw new InputError(
    `cannot use ${absolute} as a root: ${entry.display} is ${entry.kind === 'missing' ? 'missing' : entry.kind === 'masked' ? 'a link to /dev/null' : 'not a directory'}${onThisHost}; ` +
      `a host root (/, or a bundle from "collect") has it; for config files alone use: sysctl-advisor review --root ${absolute}`,
  );
}

function isUnder(real: string, rootReal: string): boolean {
  return rootReal === sep || real === rootReal || real.startsWith(rootReal + sep);
}

function missingCode(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Resolves `relative` (e.g. "proc/net/tcp") under `root`, refusing anything that leaves it. */
export function resolveUnderRoot(root: string, relative: string): RootEntry {
  const display = displayPath(root, relative);
  const rootReal = realRoot(root);
  const full = join(rootReal, relative);
  let isLink: boolean;
  try {
    isLink = lstatSync(full).isSymbolicLink();
  } catch (error) {
    if (missingCode(error)) return { kind: 'missing', display };
    throw error;
  }
  if (isLink && readlinkSync(full) === '/dev/null') return { kind: 'masked', display };
  let real: string;
  try {
    real = realpathSync.native(full);
  } catch (error) {
    if (missingCode(error)) return { kind: 'missing', display }; // a dangling link
    throw error;
  }
  if (!isUnder(real, rootReal)) {
    throw new InputError(`${display} resolves to ${real}, outside the root ${rootReal}; a bundle must not point out of itself`);
  }
  // A FIFO would block the read forever and a device (/dev/zero) never ends: kernel files are
  // regular files (or directories, which callers test for).
  const stat = statSync(real);
  if (!stat.isFile() && !stat.isDirectory())
    throw new InputError('not a regular file; a bundle holds copies of /proc files', { file: display });
  return { kind: 'file', path: real, display };
}

/**
 * The target text of a symlink under the root, not followed ("net:[4026531833]" for
 * proc/self/ns/net); null when missing or unreadable. Its directory must resolve under the root.
 */
export function readLinkUnderRoot(root: string, relative: string): string | null {
  const rootReal = realRoot(root);
  const full = join(rootReal, relative);
  let directory: string;
  try {
    directory = realpathSync(dirname(full));
  } catch {
    return null;
  }
  if (!isUnder(directory, rootReal)) {
    throw new InputError(`${displayPath(root, dirname(relative))} resolves to ${directory}, outside the root ${rootReal}`);
  }
  try {
    return readlinkSync(join(directory, relative.split('/').pop()!));
  } catch {
    return null;
  }
}
