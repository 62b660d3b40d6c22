/**
 * "Will this change stick?" For a value written to `targetFile` (an existing file or one that
 * advise is about to create), the lines in files each tool applies afterwards that replace it.
 *
 * A later explicit line for the key wins in both tools. A later glob never does: both tools skip
 * keys with an explicit line, and the target has one. A later "-key" line makes systemd drop the
 * key altogether (systemd probe excl_after, docs/config-files.md); procps 4.0.2 ignores it for explicit lines.
 * procps applies /etc/sysctl.conf after everything, so anything there wins under procps.
 */
import { posix } from 'node:path';
import { compareBytewise } from './glob.js';
import { anyKeyToProcPath, normalizeProcPath, systemdKey } from './keypath.js';
import { ETC_SYSCTL_CONF } from './sources.js';
import type { AssignmentLine, ConfigSource, EffectiveConfig, ExclusionLine, LineRef, Tool } from './types.js';

/** A later line that undoes a value written to the target. */
export interface OverridingLine extends LineRef {
  /** `assignment`: sets another (or the same) value; `exclusion`: systemd leaves the key unset. */
  readonly kind: 'assignment' | 'exclusion';
  readonly keyAsWritten: string;
  /** The value it sets (assignments only). */
  readonly value?: string;
}

export type NotReadReason =
  /** The target is not in a directory the tool reads. */
  | 'outside-config-directories'
  /** The name does not end in ".conf" (procps also needs at least 5 characters). */
  | 'not-conf'
  /** systemd skips names starting with ".". */
  | 'hidden'
  /** /etc/sysctl.conf, which systemd reads only through a sysctl.d link, and there is none. */
  | 'sysctl-conf-not-linked';

export type TargetFate =
  | {
      readonly status: 'applied';
      /** Later lines for the key, in application order (empty: the value sticks). */
      readonly overriddenBy: readonly OverridingLine[];
      /** Same-name files in lower-priority directories that the target hides from this tool. */
      readonly masks: readonly string[];
    }
  /** A same-name file in a higher-priority directory is read instead of the target. */
  | { readonly status: 'masked'; readonly by: string }
  | { readonly status: 'not-read'; readonly reason: NotReadReason };

export interface LaterOverrides {
  readonly key: string;
  readonly targetFile: string;
  readonly procps: TargetFate;
  readonly systemd: TargetFate;
}

/** Where the target sits in a tool's list: the sources applied after it, or why it is not read. */
type Position = { readonly after: readonly ConfigSource[]; readonly masks: readonly string[] } | Exclude<TargetFate, { status: 'applied' }>;

function positionInSysctlD(sources: readonly ConfigSource[], directories: readonly string[], target: string, tool: Tool): Position {
  const directory = posix.dirname(target);
  const name = posix.basename(target);
  const rank = directories.indexOf(directory);
  if (rank === -1) return { status: 'not-read', reason: 'outside-config-directories' };
  if (!name.endsWith('.conf') || name.length < 5) return { status: 'not-read', reason: 'not-conf' };
  if (tool === 'systemd' && name.startsWith('.')) return { status: 'not-read', reason: 'hidden' };
  const sameName = sources.find((s) => s.path !== ETC_SYSCTL_CONF && s.name === name);
  if (sameName && sameName.path !== target && directories.indexOf(sameName.directory) < rank) {
    return { status: 'masked', by: sameName.path };
  }
  const masks = sameName ? (sameName.path === target ? sameName.masks : [sameName.path, ...sameName.masks]) : [];
  // A later read of the target's own file (99-sysctl.conf -> ../sysctl.conf, read again as
  // /etc/sysctl.conf by procps) is the target itself, not an override.
  const targetReal = sameName?.path === target ? sameName.realPath : target;
  // procps' final /etc/sysctl.conf comes after every drop-in, whatever its name.
  const after = sources.filter(
    (s) => s !== sameName && s.realPath !== targetReal && (s.path === ETC_SYSCTL_CONF || compareBytewise(s.name, name) > 0),
  );
  return { after, masks };
}

function position(effective: EffectiveConfig, tool: Tool, target: string): Position {
  const sources = effective.sources[tool];
  if (target === ETC_SYSCTL_CONF) {
    if (tool === 'procps') return { after: [], masks: [] }; // applied last, always
    // systemd reads it only through a link such as /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf.
    let last = -1;
    sources.forEach((s, i) => {
      if (s.realPath === ETC_SYSCTL_CONF) last = i;
    });
    return last === -1 ? { status: 'not-read', reason: 'sysctl-conf-not-linked' } : { after: sources.slice(last + 1), masks: [] };
  }
  return positionInSysctlD(sources, effective.directories[tool], target, tool);
}

/** The kernel file a line writes under each tool ("- key" and "--key" differ between them). */
function targetOfLine(tool: Tool, line: AssignmentLine | ExclusionLine): string | null {
  return tool === 'procps' ? line.procPath : normalizeProcPath(systemdKey(line.key));
}

function overridingLines(tool: Tool, after: readonly ConfigSource[], procPath: string): OverridingLine[] {
  const found = new Map<string, OverridingLine>();
  for (const source of after) {
    if (source.content.kind !== 'file') continue;
    const realFile = source.realPath ?? source.path;
    for (const line of source.content.file.lines) {
      if (line.kind !== 'assignment' && line.kind !== 'exclusion') continue;
      if (line.isGlob) continue;
      if (line.kind === 'exclusion' && tool === 'procps') continue;
      if (targetOfLine(tool, line) !== procPath) continue;
      const ref: OverridingLine = {
        file: source.path,
        realFile,
        line: line.line,
        column: line.keyColumn,
        kind: line.kind,
        keyAsWritten: line.key,
        ...(line.kind === 'assignment' ? { value: line.value } : {}),
      };
      // A file read twice (99-sysctl.conf and /etc/sysctl.conf) is reported once, at its last read.
      const id = `${realFile}\0${line.line}`;
      found.delete(id);
      found.set(id, ref);
    }
  }
  return [...found.values()];
}

function fate(effective: EffectiveConfig, tool: Tool, target: string, procPath: string): TargetFate {
  const where = position(effective, tool, target);
  if ('status' in where) return where;
  return { status: 'applied', overriddenBy: overridingLines(tool, where.after, procPath), masks: where.masks };
}

/**
 * The lines applied after `targetFile` (absolute inside the root, e.g.
 * "/etc/sysctl.d/90-sysctl-advisor.conf") that would replace a value for `key` written there.
 */
export function laterOverrides(effective: EffectiveConfig, key: string, targetFile: string): LaterOverrides {
  const target = posix.normalize(targetFile.startsWith('/') ? targetFile : `/${targetFile}`);
  const procPath = anyKeyToProcPath(key);
  const none: TargetFate = { status: 'applied', overriddenBy: [], masks: [] };
  if (procPath === null) return { key, targetFile: target, procps: none, systemd: none };
  return {
    key,
    targetFile: target,
    procps: fate(effective, 'procps', target, procPath),
    systemd: fate(effective, 'systemd', target, procPath),
  };
}
