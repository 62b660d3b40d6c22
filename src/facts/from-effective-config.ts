/**
 * The config half of Facts: which line sets each key at boot (under the tool that applies
 * sysctl.d on this root), what it shadows, and every assignment and invalid line, anchored to
 * the real file inside the root so a finding points at the line a person edits.
 */
import { describeInvalid, type AssignmentLine, type ConfigLine, type EffectiveConfig, type Tool } from '../config/index.js';
import type { ShadowReason } from '../config/types.js';
import type { ConfigAssignment, InvalidConfigLine, KeyState, ToolDisagreement } from './types.js';

/** Why a glob line did not write one key it matches: it still wrote the others, so it is not shadowed. */
export const GLOB_SKIPS: ReadonlySet<ShadowReason> = new Set(['glob-skipped-explicit', 'glob-skipped-excluded']);

export interface ConfigFacts {
  readonly tool: Tool;
  readonly keys: ReadonlyMap<string, Omit<KeyState, 'live' | 'liveSource'>>;
  readonly assignments: readonly ConfigAssignment[];
  readonly invalidLines: readonly InvalidConfigLine[];
}

const CAUSES: Record<string, string> = {
  'etc-sysctl-conf': '/etc/sysctl.conf is applied last by procps "sysctl --system" but not read by systemd-sysctl',
  exclusion: 'a "-key" line makes systemd-sysctl drop the assignment; procps keeps it',
  'file-selection': 'the two tools read different files (hidden files, /lib/sysctl.d, unreadable files)',
  'line-handling': 'the tools handle a duplicate, glob or key spelling differently',
};

/** "#" or ";" and one blank after it; a module constant, as this runs for every assignment line. */
const COMMENT_MARKER = /^[#;]\s?/;

/** Most assignments have no comment above: they share one empty list (a review keeps 30,000 of them). */
const NO_COMMENTS: readonly string[] = Object.freeze([]);

/** The comment lines directly above line `index` (0-based), without the marker. */
function commentsAbove(lines: readonly ConfigLine[], index: number): readonly string[] {
  if (index === 0 || lines[index - 1]!.kind !== 'comment') return NO_COMMENTS;
  const comments: string[] = [];
  for (let i = index - 1; i >= 0 && lines[i]!.kind === 'comment'; i--) comments.unshift(lines[i]!.text.trim().replace(COMMENT_MARKER, ''));
  return comments;
}

/** One assignment line as the engine sees it, anchored to `file` (the path findings show). */
export function toConfigAssignment(file: string, lines: readonly ConfigLine[], line: AssignmentLine): ConfigAssignment {
  return {
    file,
    line: line.line,
    keyColumn: line.keyColumn,
    valueColumn: line.valueColumn,
    key: line.canonicalKey,
    keyAsWritten: line.key,
    value: line.value,
    commentAbove: commentsAbove(lines, line.line - 1),
  };
}

/** procps unless the root shows systemd applies sysctl.d at boot. */
export function bootToolOf(effective: EffectiveConfig): Tool {
  return effective.bootTool === 'systemd' ? 'systemd' : 'procps';
}

export function factsFromConfig(effective: EffectiveConfig): ConfigFacts {
  const tool = bootToolOf(effective);
  const assignments: ConfigAssignment[] = [];
  const invalidLines: InvalidConfigLine[] = [];
  const byLocation = new Map<string, ConfigAssignment>();
  const seenFiles = new Set<string>();
  for (const source of effective.sources[tool]) {
    if (source.content.kind !== 'file' || !source.realPath) continue;
    // Debian's /etc/sysctl.d/99-sysctl.conf links to /etc/sysctl.conf, which procps also reads last: one file, listed once.
    if (seenFiles.has(source.realPath)) continue;
    seenFiles.add(source.realPath);
    const file = source.content.file;
    for (const line of file.lines) {
      if (line.kind === 'assignment') {
        const assignment = toConfigAssignment(source.realPath, file.lines, line);
        assignments.push(assignment);
        byLocation.set(`${source.realPath}:${line.line}`, assignment);
      } else if (line.kind === 'invalid') {
        invalidLines.push({ file: source.realPath, line: line.line, text: line.text, reason: describeInvalid(line) });
      }
    }
  }
  const keys = new Map<string, Omit<KeyState, 'live' | 'liveSource'>>();
  for (const [key, outcome] of effective.keys) {
    const result = outcome[tool];
    const at = (ref: { realFile: string; line: number }) => byLocation.get(`${ref.realFile}:${ref.line}`);
    const configured = result.status === 'set' ? at(result.winner) : undefined;
    // A glob skipped for this key (explicit line, "-key") still sets the other keys it matches: not dead text.
    const shadowed = result.shadowed
      .filter((s) => !GLOB_SKIPS.has(s.reason))
      .map((s) => at(s))
      .filter((a): a is ConfigAssignment => a !== undefined && a !== configured);
    const disagreement: ToolDisagreement | undefined =
      outcome.agreement.status === 'differ'
        ? {
            procps: outcome.agreement.procps,
            systemd: outcome.agreement.systemd,
            atBoot: outcome.agreement.atBoot,
            cause: CAUSES[outcome.agreement.cause] ?? outcome.agreement.cause,
          }
        : undefined;
    keys.set(key, {
      key,
      shadowed: [...new Set(shadowed)],
      ...(configured ? { configured } : {}),
      ...(disagreement ? { disagreement } : {}),
    });
  }
  return { tool, keys, assignments, invalidLines };
}
