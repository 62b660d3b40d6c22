/**
 * `collect --out DIR`: copies the plan's files from a root (the live host: "/") into DIR.
 * /proc files are read to the end (they report size 0); namespace links and sysctl.d entries
 * that are symlinks to /dev/null (masks) are recorded as symlinks; other symlinked config
 * files are copied as the file they point to, resolved inside the root, so nothing outside a
 * --root is ever read (the bundle's readers would not read it either). A config directory that
 * is the same directory as an earlier one (merged /usr: /lib -> usr/lib) becomes a relative
 * symlink to that copy, so files are not doubled.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { resolveInRoot } from '../util/in-root.js';
import { readBytes } from '../readers/line-scanner.js';
import { requireHostRoot, resolveUnderRoot, type RootEntry } from '../readers/root-path.js';
import { runSsCapture, SS_CAPTURE_FILE } from '../readers/ss-capture.js';
import { atomicWriteFile, createDirectories } from '../util/atomic-write.js';
import { fsReason, InputError } from '../util/errors.js';
import {
  APP_CONFIG_DIRS,
  APP_CONFIG_FILES,
  CONFIG_DIRS,
  CONFIG_FILES,
  EARLIER_DIR,
  EARLIER_FILES,
  EARLIER_SECONDS_FILE,
  kernelFiles,
  NAMESPACE_LINKS,
} from '../readers/bundle-layout.js';
import { performance } from 'node:perf_hooks';

/** Set explicitly: with umask 000 the defaults (0666, 0777) would make the bundle world-writable. */
const FILE_MODE = 0o644;
const DIRECTORY_MODE = 0o755;

export interface CollectResult {
  readonly out: string;
  /** Relative paths written as files. */
  readonly copied: readonly string[];
  /** Relative paths written as symlinks (namespace links, masks, directory aliases). */
  readonly linked: readonly string[];
  /** Planned files the root does not have (normal: tcp_tw_recycle on new kernels, IPv6 off, ...). */
  readonly missing: readonly string[];
  /** Files that exist but could not be read, with the reason. */
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * A config symlink to another file the bundle holds (Debian's etc/sysctl.d/99-sysctl.conf ->
 * ../sysctl.conf) stays a link, as a relative path inside the bundle: copied as a second file,
 * the tools would read the same lines twice as two files. Undefined: copy the content instead.
 */
function collectedLinkTarget(rel: string, target: string): string | undefined {
  const resolved = posix.normalize(target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(rel), target));
  const collected =
    CONFIG_FILES.includes(resolved) || CONFIG_DIRS.some((dir) => resolved.startsWith(`${dir}/`) && /\.conf$/.test(resolved));
  return collected && resolved !== rel ? posix.relative(posix.dirname(rel), resolved) : undefined;
}

export interface CollectOptions {
  /** Seconds between a first reading of the counters and the rest (collect --interval). */
  readonly interval?: number;
  /** Waits that long (tests pass a fake); default: a blocking sleep. */
  readonly sleep?: (seconds: number) => void;
}

export function collectInto(out: string, sourceRoot = '/', options: CollectOptions = {}): CollectResult {
  // A root that is not a host's (no proc/sys) makes a bundle advise and states refuse: say so now, not after copying.
  requireHostRoot(sourceRoot);
  prepareOutput(out);
  const copied: string[] = [];
  const linked: string[] = [];
  const missing: string[] = [];
  const unreadable: { path: string; reason: string }[] = [];

  const copyFrom = (rel: string, hostPath: string) => {
    let content: Buffer;
    try {
      content = readBytes({ kind: 'file', path: hostPath });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(rel);
      else unreadable.push({ path: rel, reason: fsReason(code) ?? String(code ?? error) });
      return;
    }
    mkdirSync(dirname(join(out, rel)), { recursive: true, mode: DIRECTORY_MODE });
    atomicWriteFile(join(out, rel), content, { backup: false, mode: FILE_MODE });
    copied.push(rel);
  };
  const copyLink = (rel: string, target: string) => {
    mkdirSync(dirname(join(out, rel)), { recursive: true, mode: DIRECTORY_MODE });
    symlinkSync(target, join(out, rel));
    linked.push(rel);
  };
  // Kernel files resolve as the readers resolve them (readers/root-path.ts): a symlink resolves
  // inside the root as in a chroot, never outside it; a FIFO or device is refused, never read.
  const copyKernelFile = (rel: string) => {
    let entry: RootEntry;
    try {
      entry = resolveUnderRoot(sourceRoot, rel);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unreadable.push({ path: rel, reason: error.oneLine() });
      return;
    }
    if (entry.kind === 'missing') missing.push(rel);
    else if (entry.kind === 'masked') copyLink(rel, '/dev/null');
    else copyFrom(rel, entry.path);
  };
  // Config entries resolve as the tools on that host would (config/rootfs.ts): absolute link
  // targets re-rooted under the root, ".." stopping at it; nothing outside is ever read.
  const copyConfigEntry = (rel: string) => {
    const parent = resolveInRoot(sourceRoot, `/${posix.dirname(rel)}`);
    const stat = parent.kind === 'path' ? lstatOrUndefined(join(parent.hostPath, posix.basename(rel))) : undefined;
    if (parent.kind !== 'path' || !stat) {
      missing.push(rel);
      return;
    }
    if (stat.isSymbolicLink()) {
      const target = readlinkSync(join(parent.hostPath, posix.basename(rel)));
      if (target === '/dev/null') return copyLink(rel, '/dev/null');
      const inBundle = collectedLinkTarget(rel, target);
      if (inBundle !== undefined) return copyLink(rel, inBundle);
    }
    const resolved = resolveInRoot(sourceRoot, `/${rel}`);
    if (resolved.kind === 'dev-null') copyLink(rel, '/dev/null');
    else if (resolved.kind === 'loop') unreadable.push({ path: rel, reason: 'too many levels of symbolic links' });
    else if (resolved.kind === 'path' && isRegularFile(resolved.hostPath)) copyFrom(rel, resolved.hostPath);
    // A dangling link, a directory, a FIFO: nothing the tools would read.
  };

  // The first reading of the counters, then the wait; the seconds are measured between the two
  // reads of proc/net/netstat, so a rate from the bundle has the right denominator.
  let earlierAt: number | undefined;
  if (options.interval !== undefined) {
    earlierAt = performance.now();
    for (const rel of EARLIER_FILES) {
      const entry = resolveUnderRoot(sourceRoot, rel);
      if (entry.kind === 'file') copyFrom(`${EARLIER_DIR}/${rel}`, entry.path);
    }
    (options.sleep ?? sleepSeconds)(options.interval);
  }
  for (const rel of kernelFiles()) {
    if (rel === 'proc/net/netstat' && earlierAt !== undefined) {
      const seconds = Math.round((performance.now() - earlierAt) / 100) / 10;
      atomicWriteFile(join(out, EARLIER_SECONDS_FILE), `${seconds}\n`, { backup: false, mode: FILE_MODE });
      copied.push(EARLIER_SECONDS_FILE);
    }
    copyKernelFile(rel);
  }
  // Listeners' backlogs and processes: ss on this host (netlink), or the copy a bundle already holds.
  if (resolve(sourceRoot) === '/') {
    const capture = runSsCapture();
    if ('text' in capture) {
      mkdirSync(dirname(join(out, SS_CAPTURE_FILE)), { recursive: true, mode: DIRECTORY_MODE });
      atomicWriteFile(join(out, SS_CAPTURE_FILE), capture.text, { backup: false, mode: FILE_MODE });
      copied.push(SS_CAPTURE_FILE);
    } else unreadable.push({ path: SS_CAPTURE_FILE, reason: capture.reason });
  } else copyKernelFile(SS_CAPTURE_FILE);
  for (const rel of NAMESPACE_LINKS) {
    try {
      copyLink(rel, readlinkSync(join(sourceRoot, rel)));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') missing.push(rel);
      else unreadable.push({ path: rel, reason: fsReason(code) ?? String(code ?? error) });
    }
  }
  for (const rel of CONFIG_FILES) copyConfigEntry(rel);
  const seen = new Map<string, string>(); // in-root directory it resolves to → first relative path collected for it
  for (const rel of CONFIG_DIRS) {
    const resolved = resolveInRoot(sourceRoot, `/${rel}`);
    if (resolved.kind !== 'path' || !isDirectory(resolved.hostPath)) continue;
    const earlier = seen.get(resolved.path);
    if (earlier !== undefined) {
      copyLink(rel, relative(dirname(join(out, rel)), join(out, earlier)));
      continue;
    }
    seen.set(resolved.path, rel);
    mkdirSync(join(out, rel), { recursive: true, mode: DIRECTORY_MODE });
    for (const name of readdirSync(resolved.hostPath).sort()) copyConfigEntry(`${rel}/${name}`);
  }
  // Application configs (nginx, Apache httpd, HAProxy, Envoy): only those the host has; their absence is normal.
  for (const rel of APP_CONFIG_FILES) if (resolveInRoot(sourceRoot, `/${rel}`).kind === 'path') copyConfigEntry(rel);
  for (const rel of APP_CONFIG_DIRS) {
    const resolved = resolveInRoot(sourceRoot, `/${rel}`);
    if (resolved.kind !== 'path' || !isDirectory(resolved.hostPath)) continue;
    for (const name of readdirSync(resolved.hostPath).sort()) copyConfigEntry(`${rel}/${name}`);
  }
  return { out, copied, linked, missing, unreadable };
}

/** A blocking sleep: collect is a one-shot command with nothing else to do meanwhile. */
function sleepSeconds(seconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

function prepareOutput(out: string): void {
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new InputError('exists and is not a directory', { file: out });
    if (readdirSync(out).length > 0) throw new InputError('is not empty; collect into a new or empty directory', { file: out });
  }
  createDirectories(out, DIRECTORY_MODE);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // a dangling symlink
  }
}
