/**
 * `collect --out DIR`: copies the plan's files from a root (the live host: "/") into DIR.
 * /proc files are read to the end (they report size 0); namespace links and sysctl.d entries
 * that are symlinks to /dev/null (masks) are recorded as symlinks; other symlinked config
 * files are copied as the file they point to. A config directory that is the same directory
 * as an earlier one (merged /usr: /lib -> usr/lib) becomes a relative symlink to that copy,
 * so files are not doubled.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { readBytes } from '../readers/line-scanner.js';
import { InputError } from '../util/errors.js';
import { CONFIG_DIRS, CONFIG_FILES, kernelFiles, NAMESPACE_LINKS } from './plan.js';

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
  const collected = CONFIG_FILES.includes(resolved) || CONFIG_DIRS.some((dir) => resolved.startsWith(`${dir}/`) && /\.conf$/.test(resolved));
  return collected && resolved !== rel ? posix.relative(posix.dirname(rel), resolved) : undefined;
}

export function collectInto(out: string, sourceRoot = '/'): CollectResult {
  prepareOutput(out);
  const copied: string[] = [];
  const linked: string[] = [];
  const missing: string[] = [];
  const unreadable: { path: string; reason: string }[] = [];

  const copyFile = (rel: string, from = join(sourceRoot, rel)) => {
    let content: Buffer;
    try {
      content = readBytes({ kind: 'file', path: from });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(rel);
      else unreadable.push({ path: rel, reason: code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String(code ?? error) });
      return;
    }
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    writeFileSync(join(out, rel), content);
    copied.push(rel);
  };
  const copyLink = (rel: string, target: string) => {
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    symlinkSync(target, join(out, rel));
    linked.push(rel);
  };
  const copyConfigEntry = (rel: string) => {
    const from = join(sourceRoot, rel);
    const stat = lstatOrUndefined(from);
    if (!stat) missing.push(rel);
    else if (stat.isSymbolicLink() && readlinkSync(from) === '/dev/null') copyLink(rel, '/dev/null');
    else if (stat.isSymbolicLink() && collectedLinkTarget(rel, readlinkSync(from))) copyLink(rel, collectedLinkTarget(rel, readlinkSync(from))!);
    else if (isRegularFile(from)) copyFile(rel);
  };

  for (const rel of kernelFiles()) copyFile(rel);
  for (const rel of NAMESPACE_LINKS) {
    try {
      copyLink(rel, readlinkSync(join(sourceRoot, rel)));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') missing.push(rel);
      else unreadable.push({ path: rel, reason: code === 'EACCES' ? 'permission denied' : String(code ?? error) });
    }
  }
  for (const rel of CONFIG_FILES) copyConfigEntry(rel);
  const seen = new Map<string, string>(); // real directory → first relative path collected for it
  for (const rel of CONFIG_DIRS) {
    const from = join(sourceRoot, rel);
    if (!existsSync(from) || !statSync(from).isDirectory()) continue;
    const real = realpathSync(from);
    const earlier = seen.get(real);
    if (earlier !== undefined) {
      copyLink(rel, relative(dirname(join(out, rel)), join(out, earlier)));
      continue;
    }
    seen.set(real, rel);
    mkdirSync(join(out, rel), { recursive: true });
    for (const name of readdirSync(from).sort()) copyConfigEntry(`${rel}/${name}`);
  }
  return { out, copied, linked, missing, unreadable };
}

function prepareOutput(out: string): void {
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new InputError('exists and is not a directory', { file: out });
    if (readdirSync(out).length > 0) throw new InputError('is not empty; collect into a new or empty directory', { file: out });
  }
  mkdirSync(out, { recursive: true });
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
