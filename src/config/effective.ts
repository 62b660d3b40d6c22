/**
 * The effective sysctl configuration under a root: for every key some line reaches, the value
 * procps `sysctl --system` ends with and the value systemd-sysctl ends with, where each comes
 * from (file:line), what it shadows, and whether the two tools disagree.
 */
import { runTool, type LoadedFile, type ToolRun } from './simulate.js';
import { compareBytewise, KeyIndex } from './glob.js';
import { anyKeyToProcPath, dottedKey, normalizeProcPath, procpsRawPath } from './keypath.js';
import {
  detectBootTool,
  ETC_SYSCTL_CONF,
  FileCache,
  PROCPS_DIRECTORIES,
  procpsSources,
  systemdDirectories,
  systemdSources,
} from './sources.js';
import type {
  Agreement,
  BootTool,
  ConfigSource,
  EffectiveConfig,
  GlobUse,
  KeyOutcome,
  LineRef,
  ShadowedValue,
  Tool,
  ToolOutcome,
} from './types.js';

export interface EffectiveOptions {
  /**
   * The keys that exist (e.g. every file under ROOT/proc/sys, or the catalogue's keys), in any
   * spelling. Globs are expanded against them; without them globs stay unexpanded and
   * `KeyOutcome.exists` is undefined.
   */
  readonly knownKeys?: Iterable<string> | KeyIndex;
  /** systemd built with split-usr also reads /lib/sysctl.d (Debian 12's systemd 252 does not). */
  readonly systemdSplitUsr?: boolean;
  /** Who applies sysctl.d at boot, when the caller knows better than the root can tell. */
  readonly bootTool?: BootTool;
}

function toLoaded(sources: readonly ConfigSource[]): LoadedFile[] {
  const loaded: LoadedFile[] = [];
  for (const source of sources) {
    if (source.content.kind !== 'file') continue;
    loaded.push({ path: source.path, realPath: source.realPath ?? source.path, file: source.content.file });
  }
  return loaded;
}

/** Reads the sysctl.d directories and /etc/sysctl.conf under `root` and resolves every key. */
export function effectiveConfig(root: string, options: EffectiveOptions = {}): EffectiveConfig {
  const cache = new FileCache(root);
  const procps = procpsSources(cache);
  const systemd = systemdSources(cache, options.systemdSplitUsr ?? false);
  const known =
    options.knownKeys === undefined
      ? undefined
      : options.knownKeys instanceof KeyIndex
        ? options.knownKeys
        : new KeyIndex(options.knownKeys);
  const procpsRun = runTool('procps', toLoaded(procps.sources), known);
  const systemdRun = runTool('systemd', toLoaded(systemd.sources), known);
  const bootTool = options.bootTool ?? detectBootTool(root);
  return {
    root,
    bootTool,
    directories: { procps: PROCPS_DIRECTORIES, systemd: systemdDirectories(options.systemdSplitUsr ?? false) },
    sources: { procps: procps.sources, systemd: systemd.sources },
    ignored: [...procps.ignored, ...systemd.ignored],
    files: cache.files,
    keys: resolveKeys(procpsRun, systemdRun, procps.sources, systemd.sources, known, bootTool),
    globs: globUses(procps.sources, systemd.sources, known),
    knownKeys: known,
  };
}

interface KeyEvents {
  writes: ToolRun['writes'][number][];
  skipped: ShadowedValue[];
  exclusion?: LineRef;
}

function collect(run: ToolRun): Map<string, KeyEvents> {
  const byPath = new Map<string, KeyEvents>();
  const events = (path: string): KeyEvents => {
    let entry = byPath.get(path);
    if (!entry) byPath.set(path, (entry = { writes: [], skipped: [] }));
    return entry;
  };
  for (const write of run.writes) if (write.procPath !== null) events(write.procPath).writes.push(write);
  for (const [path, skipped] of run.skipped) events(path).skipped.push(...skipped);
  for (const [path, exclusion] of run.excluded) events(path).exclusion = exclusion;
  return byPath;
}

function outcome(events: KeyEvents | undefined): ToolOutcome {
  if (!events) return { status: 'not-set', reason: 'not-configured', shadowed: [] };
  const writes = events.writes;
  if (writes.length === 0) {
    return events.exclusion
      ? { status: 'not-set', reason: 'excluded', exclusion: events.exclusion, shadowed: events.skipped }
      : { status: 'not-set', reason: 'not-configured', shadowed: events.skipped };
  }
  const winner = writes[writes.length - 1]!.applied;
  const overwritten: ShadowedValue[] = writes.slice(0, -1).map((write, i) => {
    const next = writes[i + 1]!.applied;
    return {
      ...write.applied,
      reason: 'overwritten',
      by: { file: next.file, realFile: next.realFile, line: next.line, column: next.column },
    };
  });
  return { status: 'set', winner, shadowed: [...overwritten, ...events.skipped] };
}

const valueOf = (o: ToolOutcome): string | null => (o.status === 'set' ? o.winner.value : null);

function agreement(
  procps: ToolOutcome,
  systemd: ToolOutcome,
  procpsSourceList: readonly ConfigSource[],
  systemdSourceList: readonly ConfigSource[],
  atBoot: BootTool,
): Agreement {
  const p = valueOf(procps);
  const s = valueOf(systemd);
  if (p === s) return { status: 'same' };
  return {
    status: 'differ',
    procps: p,
    systemd: s,
    cause: disagreementCause(procps, systemd, procpsSourceList, systemdSourceList),
    atBoot,
  };
}

function disagreementCause(
  procps: ToolOutcome,
  systemd: ToolOutcome,
  procpsSourceList: readonly ConfigSource[],
  systemdSourceList: readonly ConfigSource[],
): Extract<Agreement, { status: 'differ' }>['cause'] {
  if (procps.status === 'set' && procps.winner.file === ETC_SYSCTL_CONF) return 'etc-sysctl-conf';
  const excluded = (o: ToolOutcome) =>
    (o.status === 'not-set' && o.reason === 'excluded') || o.shadowed.some((s) => s.reason === 'removed-by-exclusion');
  if (excluded(systemd) || excluded(procps)) return 'exclusion';
  const systemdFiles = new Set(systemdSourceList.map((s) => s.path));
  const procpsFiles = new Set(procpsSourceList.map((s) => s.path));
  if (
    (procps.status === 'set' && !systemdFiles.has(procps.winner.file)) ||
    (systemd.status === 'set' && !procpsFiles.has(systemd.winner.file))
  ) {
    return 'file-selection';
  }
  return 'line-handling';
}

function resolveKeys(
  procpsRun: ToolRun,
  systemdRun: ToolRun,
  procpsSourceList: readonly ConfigSource[],
  systemdSourceList: readonly ConfigSource[],
  known: KeyIndex | undefined,
  bootTool: BootTool,
): Map<string, KeyOutcome> {
  const procpsEvents = collect(procpsRun);
  const systemdEvents = collect(systemdRun);
  const paths = [...new Set([...procpsEvents.keys(), ...systemdEvents.keys()])];
  const keyed = paths.map((path) => ({ path, key: dottedKey(path) })).sort((a, b) => compareBytewise(a.key, b.key));
  const keys = new Map<string, KeyOutcome>();
  for (const { path, key } of keyed) {
    const procps = outcome(procpsEvents.get(path));
    const systemd = outcome(systemdEvents.get(path));
    keys.set(key, {
      key,
      procPath: path,
      exists: known ? known.has(path) : undefined,
      procps,
      systemd,
      agreement: agreement(procps, systemd, procpsSourceList, systemdSourceList, bootTool),
    });
  }
  return keys;
}

function globUses(procps: readonly ConfigSource[], systemd: readonly ConfigSource[], known: KeyIndex | undefined): GlobUse[] {
  const uses: GlobUse[] = [];
  const seen = new Set<string>();
  for (const source of [...procps, ...systemd]) {
    if (source.content.kind !== 'file') continue;
    const realFile = source.realPath ?? source.path;
    for (const line of source.content.file.assignments) {
      if (!line.isGlob) continue;
      const id = `${source.path}\0${line.line}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const pattern = normalizeProcPath(procpsRawPath(line.key));
      uses.push({
        file: source.path,
        realFile,
        line: line.line,
        column: line.keyColumn,
        pattern: line.key,
        value: line.value,
        matches: known && pattern !== null ? known.expandToKeys(pattern) : known ? [] : undefined,
      });
    }
  }
  return uses;
}

/** The outcome for a key in any spelling (dotted, slashed, /proc/sys/...); undefined when no line reaches it. */
export function lookupKey(effective: EffectiveConfig, key: string): KeyOutcome | undefined {
  const path = anyKeyToProcPath(key);
  return path === null ? undefined : effective.keys.get(dottedKey(path));
}

/** The sources of one tool (handy when the tool is a variable). */
export function sourcesOf(effective: EffectiveConfig, tool: Tool): readonly ConfigSource[] {
  return effective.sources[tool];
}
