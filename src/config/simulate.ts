/**
 * What each tool writes, in order, for an ordered list of files: a faithful model of procps
 * 4.0.2's write_setting_list and systemd 252's parse_file + apply_all. Nothing is written; the
 * result is the sequence of (key, value, line) writes plus the lines that were skipped and why.
 *
 * Observed differences that the two models encode (probes in docs/config-files.md):
 * - procps keeps every line in one list and writes them in order (duplicates: last write wins).
 *   systemd keeps one entry per key: a new value replaces the old entry and moves to the end;
 *   the same value again keeps the earlier entry in place [systemd sysctl.c parse_file].
 * - A glob skips keys that have their own line anywhere in the list (any file, before or after).
 *   procps compares its raw path strings ("net..x" does not protect "net.x"; (probe
 *   excl_slash, docs/config-files.md)); systemd compares normalized keys.
 * - systemd never writes a key with a ".." segment (EINVAL); procps lets the kernel resolve it.
 * - "-key" (no "="): procps 4.0.2 excludes that exact path only — a glob there excludes nothing
 *   (probes excl_pat1, excl_procps, docs/config-files.md); an earlier "key = v" is still written. systemd stores it
 *   as the key's entry, so it replaces an earlier "key = v" and the key is not written at all
 *   (systemd probe excl_after, docs/config-files.md), and it too only protects that exact key (excl_pattern2, docs/config-files.md).
 */
import { isGlob, type KeyIndex } from './glob.js';
import { dottedKey, normalizeProcPath, procpsSpelling, systemdKey } from './keypath.js';
import type {
  AppliedValue,
  AssignmentLine,
  ConfigLine,
  ExclusionLine,
  InvalidLine,
  LineRef,
  ParsedConfigFile,
  ShadowedValue,
  Tool,
} from './types.js';

/** A parsed file in application order, with the name the tool knows it by. */
export interface LoadedFile {
  /** The file as the tool lists it (e.g. /etc/sysctl.d/99-sysctl.conf). */
  readonly path: string;
  /** The file actually read (e.g. /etc/sysctl.conf); defaults to `path`. */
  readonly realPath?: string;
  readonly file: ParsedConfigFile;
}

/** One write the tool performs (or attempts: the key may not exist). */
export interface ToolWrite {
  /** The kernel file written, normalized; null when the key names nothing under /proc/sys. */
  readonly procPath: string | null;
  /** The path as the tool spells it: procps' raw path ("cannot stat /proc/sys/<rawPath>"), systemd's key. */
  readonly rawPath: string;
  /** Dotted key (of procPath when there is one). */
  readonly key: string;
  readonly applied: AppliedValue;
}

/** The outcome of running one tool over a list of files. */
export interface ToolRun {
  readonly tool: Tool;
  readonly writes: readonly ToolWrite[];
  /** Lines that reach a key but are not written, by procPath. */
  readonly skipped: ReadonlyMap<string, readonly ShadowedValue[]>;
  /** Keys kept unset by a "-key" line, by procPath. */
  readonly excluded: ReadonlyMap<string, LineRef>;
  /** Glob lines that could not be expanded because no known keys were given. */
  readonly unexpandedGlobs: readonly AppliedValue[];
}

type SettingLine = AssignmentLine | ExclusionLine;

interface Node {
  readonly loaded: LoadedFile;
  readonly line: SettingLine;
}

function lineRef(node: Node): LineRef {
  return {
    file: node.loaded.path,
    realFile: node.loaded.realPath ?? node.loaded.path,
    line: node.line.line,
    column: node.line.keyColumn,
  };
}

/** Spelled out rather than spread from lineRef(): this runs for every line of a review, and a spread copies a throwaway object. */
function applied(node: Node, value: string, viaGlob: boolean): AppliedValue {
  const line = node.line;
  return {
    file: node.loaded.path,
    realFile: node.loaded.realPath ?? node.loaded.path,
    line: line.line,
    column: line.keyColumn,
    value,
    keyAsWritten: line.key,
    viaGlob,
    ignoreFailure: line.kind === 'assignment' && line.ignoreFailure,
  };
}

function settingLines(files: readonly LoadedFile[], tool: Tool): Node[] {
  const nodes: Node[] = [];
  for (const loaded of files) {
    for (const line of loaded.file.lines) {
      if (line.kind === 'assignment' || line.kind === 'exclusion') nodes.push({ loaded, line });
      else if (tool === 'systemd' && isLoneEquals(line)) nodes.push({ loaded, line: asEmptyAssignment(line) });
    }
  }
  return nodes;
}

/** A lone "=" on the last line: procps skips it (too short), systemd reads an empty key = empty value. */
function isLoneEquals(line: ConfigLine): line is InvalidLine {
  return line.kind === 'invalid' && line.reason === 'single-character' && line.text[line.column - 1] === '=';
}

function asEmptyAssignment(line: InvalidLine): AssignmentLine {
  return {
    kind: 'assignment',
    line: line.line,
    text: line.text,
    ending: line.ending,
    key: '',
    canonicalKey: '',
    procPath: null,
    value: '',
    ignoreFailure: false,
    isGlob: false,
    keyColumn: line.column,
    equalsColumn: line.column,
    valueColumn: line.column + 1,
    notes: line.notes,
  };
}

class Recorder {
  readonly writes: ToolWrite[] = [];
  readonly skipped = new Map<string, ShadowedValue[]>();
  readonly excluded = new Map<string, LineRef>();
  readonly unexpandedGlobs: AppliedValue[] = [];

  skip(procPath: string | null, value: ShadowedValue): void {
    if (procPath === null) return;
    let list = this.skipped.get(procPath);
    if (!list) this.skipped.set(procPath, (list = []));
    list.push(value);
  }

  write(procPath: string | null, rawPath: string, value: AppliedValue, key = procPath === null ? rawPath : dottedKey(procPath)): void {
    this.writes.push({ procPath, rawPath, key, applied: value });
  }

  result(tool: Tool): ToolRun {
    return { tool, writes: this.writes, skipped: this.skipped, excluded: this.excluded, unexpandedGlobs: this.unexpandedGlobs };
  }
}

/** procps 4.0.2: `sysctl -p FILE...` or `sysctl --system` over these files, in this order. */
export function runProcps(files: readonly LoadedFile[], known: KeyIndex | undefined): ToolRun {
  const nodes = settingLines(files, 'procps');
  const record = new Recorder();
  // settinglist_findpath(): the first node whose raw path equals the match, any kind.
  const explicit = new Map<string, Node>();
  for (const node of nodes) {
    if (node.line.isGlob) continue;
    const raw = procpsSpelling(node.line.key).raw;
    const seen = explicit.get(raw);
    if (!seen || (seen.line.kind === 'exclusion' && node.line.kind === 'assignment')) explicit.set(raw, node);
    if (node.line.kind === 'exclusion' && node.line.procPath !== null && !record.excluded.has(node.line.procPath)) {
      record.excluded.set(node.line.procPath, lineRef(node));
    }
  }
  for (const node of nodes) {
    const line = node.line;
    if (line.kind === 'exclusion') continue;
    const { raw, procPath, dotted } = procpsSpelling(line.key);
    if (!line.isGlob) {
      record.write(procPath, raw, applied(node, line.value, false), dotted ?? raw);
      continue;
    }
    if (!known) {
      record.unexpandedGlobs.push(applied(node, line.value, true));
      continue;
    }
    const pattern = normalizeProcPath(raw);
    for (const match of pattern === null ? [] : known.expand(pattern)) {
      const protector = explicit.get(match);
      if (protector) {
        const reason = protector.line.kind === 'assignment' ? 'glob-skipped-explicit' : 'glob-skipped-excluded';
        record.skip(match, { ...applied(node, line.value, true), reason, by: lineRef(protector) });
        continue;
      }
      record.write(match, match, applied(node, line.value, true));
    }
  }
  return record.result('procps');
}

interface SystemdOption {
  readonly node: Node;
  readonly key: string;
  /** null for "-key" (a "negative match" option). */
  readonly value: string | null;
  /** OR-ed over repeats of the same value, as parse_file does. */
  ignoreFailure: boolean;
}

/** systemd-sysctl 252 over these files, in this order (no /etc/sysctl.conf of its own). */
export function runSystemd(files: readonly LoadedFile[], known: KeyIndex | undefined): ToolRun {
  const record = new Recorder();
  // An ordered hashmap: delete + set moves a replaced key to the end, as systemd's does.
  const options = new Map<string, SystemdOption>();
  const pathOf = (key: string): string | null => (isGlob(key) ? null : normalizeProcPath(key));
  const dropped = (option: SystemdOption, reason: ShadowedValue['reason'], by: Node): void => {
    const value = option.value;
    if (value === null) return;
    const shadow = (procPath: string | null) =>
      record.skip(procPath, { ...applied(option.node, value, isGlob(option.key)), reason, by: lineRef(by) });
    if (!isGlob(option.key)) shadow(pathOf(option.key));
    else if (known) for (const match of known.expand(option.key)) shadow(match);
  };

  for (const node of settingLines(files, 'systemd')) {
    const key = systemdKey(node.line.key);
    const value = node.line.kind === 'assignment' ? node.line.value : null;
    const existing = options.get(key);
    if (existing) {
      if (existing.value === value) {
        // Same value again: the earlier entry stays where it is (and may now ignore failure).
        existing.ignoreFailure ||= node.line.kind === 'assignment' && node.line.ignoreFailure;
        if (value !== null) {
          const procPath = pathOf(key);
          record.skip(procPath, { ...applied(node, value, false), reason: 'repeat-ignored', by: lineRef(existing.node) });
        }
        continue;
      }
      dropped(existing, value === null ? 'removed-by-exclusion' : 'overwritten', node);
      options.delete(key);
    }
    options.set(key, { node, key, value, ignoreFailure: node.line.kind === 'assignment' && node.line.ignoreFailure });
  }

  for (const option of options.values()) {
    if (option.value === null) {
      const procPath = pathOf(option.key);
      if (procPath !== null) record.excluded.set(procPath, lineRef(option.node));
      continue;
    }
    const value: AppliedValue = { ...applied(option.node, option.value, isGlob(option.key)), ignoreFailure: option.ignoreFailure };
    if (!isGlob(option.key)) {
      // sysctl_write() refuses a path that is not normalized after path_simplify() — one with a
      // ".." segment — with EINVAL, before writing ("Couldn't write '41' to
      // 'net/ipv4/../ipv4/tcp_fin_timeout': Invalid argument", no "Setting" line, docs/config-files.md).
      if (!option.key.split('/').includes('..')) record.write(normalizeProcPath(option.key), option.key, value);
      continue;
    }
    if (!known) {
      record.unexpandedGlobs.push(value);
      continue;
    }
    for (const match of known.expand(option.key)) {
      const protector = options.get(match);
      if (protector) {
        const reason = protector.value === null ? 'glob-skipped-excluded' : 'glob-skipped-explicit';
        record.skip(match, { ...applied(option.node, option.value, true), reason, by: lineRef(protector.node) });
        continue;
      }
      record.write(match, match, value);
    }
  }
  return record.result('systemd');
}

/** Runs either tool. */
export function runTool(tool: Tool, files: readonly LoadedFile[], known: KeyIndex | undefined): ToolRun {
  return tool === 'procps' ? runProcps(files, known) : runSystemd(files, known);
}
