/**
 * Which files a review reads, in which order, and what each one is.
 *
 * - Named files and directories (`review A B DIR`): applied in the order given, a directory's
 *   *.conf files in file-name order, as `sysctl -p A B ...` (procps) applies them.
 * - `--root DIR`: every file the tool that applies sysctl.d at boot reads under the root, with
 *   the precedence of docs/kernel/config-files-and-precedence.md#directory-order-and-masking (effectiveConfig). Files only the other tool reads
 *   (procps' /etc/sysctl.conf on a systemd root, hidden names) still get their lines checked.
 *
 * Each file is read once. A file that is not a sysctl file (detectNotSysctl) is kept out of the
 * sysctl facts: its lines are data for some other program. A file named on its own is also asked
 * which embedded format it is (detectFormat: Ansible, Kubernetes, TuneD, shell, ...), and
 * review/embedded-review.ts reads it as that format; a file in a sysctl.d directory is applied
 * by procps and systemd-sysctl as a sysctl file whatever it holds, so it is not.
 */
import { appOfFile, APP_NAMES } from '../readers/apps/index.js';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { procSysKeys } from '../readers/proc-sys-keys.js';
import { bootToolOf } from '../facts/from-effective-config.js';
import {
  decodeConfigBytes,
  detectNotSysctl,
  effectiveConfig,
  KeyIndex,
  listConfEntries,
  parseConfigText,
  readConfigFileBytes,
  type ConfigSource,
  type LineEnding,
  type LoadedFile,
  type NotSysctl,
  type ParsedConfigFile,
  type Tool,
} from '../config/index.js';
import { allKeyNames } from '../params/key-database.js';
import { detectFormat, type DetectedFormat } from '../readers/embedded/detect.js';
import { otherFormatFiles } from './root-formats.js';
import { InputError, UsageError } from '../util/errors.js';

export interface SourceFile {
  /** How the facts and the rules' messages name the file: the display path, or the path inside the root. */
  readonly id: string;
  /** Relative to the working directory, "/" separators: what findings show. */
  readonly display: string;
  /** Absolute on this machine, symlinks resolved (to match paths git reports). */
  readonly absolute: string;
  readonly parsed: ParsedConfigFile;
  /** Why this is not a sysctl file, or null when it is one. */
  readonly notSysctl: NotSysctl | null;
  /** The embedded format to read it as (Ansible, Kubernetes, TuneD, shell, a sysctl template, ...), when detection found one. */
  readonly embedded?: DetectedFormat;
  /** The text, kept for the embedded readers. */
  readonly text?: string;
  /**
   * In a sysctl.d directory (under --root, or a member of a directory named on the command line,
   * which review reads as sysctl.d): procps and systemd-sysctl apply it line by line whatever it
   * holds, so it is read as a sysctl file only. A file named on its own may be in any format.
   */
  readonly inSysctlDirectory?: boolean;
  /** Found under --root at a place where another format lives (a TuneD profile, rc.local): reported only when it sets sysctls. */
  readonly optional?: boolean;
}

export interface ReviewSources {
  /** Every reviewed file once, in application order. */
  readonly files: readonly SourceFile[];
  /** The sysctl files as the tool applies them (a file may appear twice, as Debian's 99-sysctl.conf link and as /etc/sysctl.conf). */
  readonly applied: readonly LoadedFile[];
  /** Sysctl files the boot tool does not read but the other tool does: line rules only. */
  readonly lineOnly: readonly LoadedFile[];
  readonly tool: Tool;
  /** Names globs are expanded against. */
  readonly knownKeys: KeyIndex;
}

const ENDINGS: Record<LineEnding, string> = { lf: '\n', crlf: '\r\n', none: '' };

/** The file's text as read (minus a BOM), rebuilt from its lossless lines. */
function textOf(parsed: ParsedConfigFile): string {
  let text = '';
  for (const line of parsed.lines) text += line.text + ENDINGS[line.ending];
  return text;
}

export function displayPath(cwd: string, absolute: string): string {
  const path = relative(cwd, absolute) || '.';
  return sep === '/' ? path : path.split(sep).join('/');
}

function realOrResolved(path: string): string {
  try {
    // realpath(3) in one call: the JavaScript realpathSync lstat()s every component of every
    // file's path (bench/review.ts).
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** Runs an fs call on an absolute path, but lets its error name the path the way the user sees it (describeError prints it). */
function naming<T>(shown: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof Error && typeof (error as NodeJS.ErrnoException).path === 'string') (error as NodeJS.ErrnoException).path = shown;
    throw error;
  }
}

/**
 * A named path's files with their real paths. A directory is resolved once and its entries
 * joined to it, rather than each entry's path walked again (bench/review.ts). Only a symlinked
 * entry leads elsewhere and is resolved on its own.
 */
function membersOf(path: string, isDirectory: boolean, cwd: string): { member: string; absolute: string; inSysctlDirectory: boolean }[] {
  const full = resolve(cwd, path);
  if (!isDirectory) return [{ member: full, absolute: realOrResolved(full), inSysctlDirectory: false }];
  const realDir = realOrResolved(full);
  // A directory is read as a sysctl.d directory: procps and systemd-sysctl would apply every *.conf in it.
  return naming(path, () => listConfEntries(full)).map((entry) => ({
    member: entry.path,
    absolute: entry.symlink ? realOrResolved(entry.path) : join(realDir, entry.name),
    inSysctlDirectory: true,
  }));
}

/** The files named on the command line, as `sysctl -p` would apply them. */
export function namedFiles(paths: readonly string[], cwd: string): ReviewSources {
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    const stats = naming(path, () => statSync(resolve(cwd, path)));
    if (!stats.isDirectory() && !stats.isFile()) throw new UsageError(`${path}: not a file or a directory`);
    for (const { member, absolute, inSysctlDirectory } of membersOf(path, stats.isDirectory(), cwd)) {
      // `review a.conf a.conf`, or a file and its directory: review it once, where it first comes.
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      const display = displayPath(cwd, member);
      // Bounded and non-blocking: a huge file or a FIFO is one clear error, not a hang.
      const { text, notes } = decodeConfigBytes(naming(display, () => readConfigFileBytes(member, display)));
      const parsed = parseConfigText(text, display, notes);
      if (inSysctlDirectory) {
        files.push({ id: display, display, absolute, parsed, notSysctl: detectNotSysctl(text), inSysctlDirectory });
        continue;
      }
      // An application config (nginx, Apache httpd, HAProxy, Envoy) named with sysctl files: the chain rules read it.
      const app = appOfFile(absolute, text);
      if (app) {
        const reason = `an ${APP_NAMES[app]} config: its keep-alive settings are checked against the idle-timeout chain`;
        files.push({ id: display, display, absolute, parsed, notSysctl: { format: 'app-config', line: 1, reason } });
        continue;
      }
      // A named file may be in any format review reads (a sysctl file, an Ansible role, a manifest, ...).
      const { notSysctl, format } = detectFormat(display, text);
      files.push({ id: display, display, absolute, parsed, notSysctl, ...(format ? { embedded: format, text } : {}) });
    }
  }
  const sysctlFiles = files.filter((f) => f.notSysctl === null && f.embedded === undefined);
  return {
    files,
    applied: sysctlFiles.map((f) => ({ path: f.id, file: f.parsed })),
    lineOnly: [],
    tool: 'procps',
    knownKeys: new KeyIndex(allKeyNames()),
  };
}

/** Everything the tools read under a root, with the precedence of docs/kernel/config-files-and-precedence.md#directory-order-and-masking. */
export function rootFiles(root: string, cwd: string): ReviewSources {
  const absoluteRoot = resolve(cwd, root);
  // Worded as for the host roots of advise and states (readers/root-path.ts).
  if (!existsSync(absoluteRoot)) throw new UsageError(`cannot use ${root} as a root: no such directory`);
  if (!statSync(absoluteRoot).isDirectory()) throw new UsageError(`cannot use ${root} as a root: not a directory`);
  const liveKeys = procSysKeys(absoluteRoot);
  const knownKeys = new KeyIndex(liveKeys.length > 0 ? liveKeys : allKeyNames());
  const effective = effectiveConfig(absoluteRoot, { knownKeys });
  const tool = bootToolOf(effective);
  const other: Tool = tool === 'procps' ? 'systemd' : 'procps';

  const byRealPath = new Map<string, SourceFile>();
  const sourceFile = (source: ConfigSource): SourceFile | undefined => {
    if (source.content.kind === 'unreadable') {
      throw new InputError(`cannot read: ${source.content.problem}`, { file: displayPath(cwd, join(absoluteRoot, source.path)) });
    }
    if (source.content.kind !== 'file' || source.realPath === null) return undefined; // /dev/null masks, *.conf directories
    const known = byRealPath.get(source.realPath);
    if (known) return known;
    const parsed = source.content.file;
    const onDisk = join(absoluteRoot, source.realPath);
    const file: SourceFile = {
      id: source.realPath,
      display: displayPath(cwd, onDisk),
      absolute: realOrResolved(onDisk),
      parsed,
      notSysctl: detectNotSysctl(textOf(parsed)),
      inSysctlDirectory: true,
    };
    byRealPath.set(source.realPath, file);
    return file;
  };
  const loadedFrom = (sources: readonly ConfigSource[]): LoadedFile[] => {
    const loaded: LoadedFile[] = [];
    for (const source of sources) {
      const file = sourceFile(source);
      if (file && file.notSysctl === null) loaded.push({ path: source.path, realPath: file.id, file: file.parsed });
    }
    return loaded;
  };
  const applied = loadedFrom(effective.sources[tool]);
  const appliedIds = new Set(applied.map((l) => l.realPath));
  const lineOnly = loadedFrom(effective.sources[other]).filter((l) => !appliedIds.has(l.realPath));
  // After the sysctl files: TuneD profiles, cloud-init, static pods, rc.local, NixOS (review/root-formats.ts).
  const others = otherFormatFiles(absoluteRoot, cwd, new Set(byRealPath.keys()));
  return { files: [...byRealPath.values(), ...others], applied, lineOnly, tool, knownKeys };
}
