/**
 * Which files each tool reads under a root, and in which order (docs/kernel/config-files-and-precedence.md#directory-order-and-masking, checked against
 * the real tools in a private mount namespace; see test/config/precedence.test.ts).
 *
 * procps-ng 4.0.2 `sysctl --system` (PreloadSystem): the five directories below in order; every
 * entry whose name ends in ".conf" (hidden names and directories included (probe sys1:
 * ".conf", ".hidden.conf" and "dir.conf" were applied, docs/config-files.md)); the first directory holding a name wins;
 * the chosen files are applied sorted bytewise by name; then /etc/sysctl.conf when it is a
 * regular file (after following symlinks), even if a sysctl.d link already read it.
 *
 * systemd-sysctl 252 (conf_files_list_strv with CONF_PATHS("sysctl.d")): the same directories
 * without /lib/sysctl.d (this build is not split-usr: the binary lists only the four), names
 * ending in ".conf" that are not hidden and not directories (probe sys1, docs/config-files.md), same-name masking,
 * bytewise order; /etc/sysctl.conf is not read unless a sysctl.d entry links to it.
 */
import { readdirSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { fsReason, InputError } from '../util/errors.js';
import { compareBytewise } from './glob.js';
import { parseConfigBytes, readConfigFileBytes } from './read.js';
import { resolveInRoot } from '../util/in-root.js';
import type { BootTool, ConfigSource, IgnoredFile, ParsedConfigFile, SourceContent, Tool } from './types.js';

export const PROCPS_DIRECTORIES = [
  '/etc/sysctl.d',
  '/run/sysctl.d',
  '/usr/local/lib/sysctl.d',
  '/usr/lib/sysctl.d',
  '/lib/sysctl.d',
] as const;
export const SYSTEMD_DIRECTORIES = ['/etc/sysctl.d', '/run/sysctl.d', '/usr/local/lib/sysctl.d', '/usr/lib/sysctl.d'] as const;
export const SYSTEMD_SPLIT_USR_DIRECTORIES = [...SYSTEMD_DIRECTORIES, '/lib/sysctl.d'] as const;
export const ETC_SYSCTL_CONF = '/etc/sysctl.conf';

export function systemdDirectories(splitUsr: boolean): readonly string[] {
  return splitUsr ? SYSTEMD_SPLIT_USR_DIRECTORIES : SYSTEMD_DIRECTORIES;
}

type EntryType = 'file' | 'directory' | 'symlink' | 'other';

interface DirectoryEntry {
  readonly name: string;
  readonly directory: string;
  readonly path: string;
  readonly type: EntryType;
}

/** Reads and parses each real file once, whichever name it is reached by. */
export class FileCache {
  readonly files = new Map<string, ParsedConfigFile>();
  private readonly contents = new Map<string, { realPath: string | null; content: SourceContent }>();

  constructor(private readonly root: string) {}

  /** What reading the in-root `path` gives. */
  load(path: string): { realPath: string | null; content: SourceContent } {
    const cached = this.contents.get(path);
    if (cached) return cached;
    const loaded = this.loadUncached(path);
    this.contents.set(path, loaded);
    return loaded;
  }

  private loadUncached(path: string): { realPath: string | null; content: SourceContent } {
    const resolved = resolveInRoot(this.root, path);
    if (resolved.kind === 'dev-null') return { realPath: null, content: { kind: 'dev-null' } };
    if (resolved.kind === 'missing')
      return { realPath: null, content: { kind: 'unreadable', problem: `${resolved.path} does not exist (broken symlink?)` } };
    if (resolved.kind === 'loop') return { realPath: null, content: { kind: 'unreadable', problem: 'too many levels of symbolic links' } };
    const realPath = resolved.path;
    const known = this.files.get(realPath);
    if (known) return { realPath, content: { kind: 'file', file: known } };
    try {
      if (statSync(resolved.hostPath).isDirectory()) return { realPath, content: { kind: 'directory' } };
      const file = parseConfigBytes(readConfigFileBytes(resolved.hostPath), realPath);
      this.files.set(realPath, file);
      return { realPath, content: { kind: 'file', file } };
    } catch (error) {
      // Past the size limit, or a FIFO/device: bad input to report, not a file to skip quietly.
      if (error instanceof InputError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      return { realPath, content: { kind: 'unreadable', problem: fsReason(code) ?? code } };
    }
  }

  /** True when `path` resolves to a regular file (procps' stat() + S_ISREG test for /etc/sysctl.conf). */
  isRegularFile(path: string): boolean {
    const resolved = resolveInRoot(this.root, path);
    if (resolved.kind !== 'path') return false;
    try {
      return statSync(resolved.hostPath).isFile();
    } catch {
      return false;
    }
  }

  /** The entries of an in-root directory (resolved inside the root); [] when it does not exist. */
  list(directory: string): DirectoryEntry[] {
    const resolved = resolveInRoot(this.root, directory);
    if (resolved.kind !== 'path') return [];
    try {
      return readdirSync(resolved.hostPath, { withFileTypes: true }).map((entry) => ({
        name: entry.name,
        directory,
        path: posix.join(directory, entry.name),
        type: entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symlink' : 'other',
      }));
    } catch {
      return [];
    }
  }
}

interface Selection {
  readonly sources: ConfigSource[];
  readonly ignored: IgnoredFile[];
}

type Admission = 'ok' | 'not-conf' | 'hidden' | 'directory';

function procpsAdmits(entry: DirectoryEntry): Admission {
  // PreloadSystem: strlen(name) >= 5 and the last five characters are ".conf"; nothing else.
  return entry.name.length >= 5 && entry.name.endsWith('.conf') ? 'ok' : 'not-conf';
}

function systemdAdmits(entry: DirectoryEntry): Admission {
  // dirent_is_file_with_suffix(): hidden names and directories are skipped, symlinks kept.
  if (!entry.name.endsWith('.conf')) return 'not-conf';
  if (entry.name.startsWith('.')) return 'hidden';
  if (entry.type === 'directory') return 'directory';
  return 'ok';
}

function select(tool: Tool, directories: readonly string[], cache: FileCache, admits: (e: DirectoryEntry) => Admission): Selection {
  const chosen = new Map<string, { entry: DirectoryEntry; masks: string[] }>();
  const ignored: IgnoredFile[] = [];
  for (const directory of directories) {
    const entries = cache.list(directory).sort((a, b) => compareBytewise(a.name, b.name));
    for (const entry of entries) {
      const admission = admits(entry);
      if (admission !== 'ok') {
        ignored.push({ tool, path: entry.path, reason: admission });
        continue;
      }
      const winner = chosen.get(entry.name);
      if (winner) {
        winner.masks.push(entry.path);
        ignored.push({ tool, path: entry.path, reason: 'masked', maskedBy: winner.entry.path });
        continue;
      }
      chosen.set(entry.name, { entry, masks: [] });
    }
  }
  const sources = [...chosen.values()]
    .sort((a, b) => compareBytewise(a.entry.name, b.entry.name))
    .map(({ entry, masks }) => toSource(entry.path, entry.name, entry.directory, masks, cache));
  return { sources, ignored };
}

function toSource(path: string, name: string, directory: string, masks: string[], cache: FileCache): ConfigSource {
  const { realPath, content } = cache.load(path);
  return { path, name, directory, realPath, content, masks };
}

/** The files `sysctl --system` applies, in order, and what it passed over. */
export function procpsSources(cache: FileCache): Selection {
  const selection = select('procps', PROCPS_DIRECTORIES, cache, procpsAdmits);
  if (cache.isRegularFile(ETC_SYSCTL_CONF)) {
    selection.sources.push(toSource(ETC_SYSCTL_CONF, 'sysctl.conf', '/etc', [], cache));
  }
  return selection;
}

/** The files systemd-sysctl applies at boot, in order, and what it passed over. */
export function systemdSources(cache: FileCache, splitUsr: boolean): Selection {
  return select('systemd', systemdDirectories(splitUsr), cache, systemdAdmits);
}

/** systemd-sysctl in the root means systemd applies sysctl.d at boot; procps' init script otherwise. */
export function detectBootTool(root: string): BootTool {
  for (const binary of ['/usr/lib/systemd/systemd-sysctl', '/lib/systemd/systemd-sysctl']) {
    if (resolveInRoot(root, binary).kind === 'path') return 'systemd';
  }
  if (resolveInRoot(root, '/etc/init.d/procps').kind === 'path') return 'procps';
  return 'unknown';
}
