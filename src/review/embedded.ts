/**
 * Review of files in embedded formats (Ansible, Kubernetes, compose, TuneD, shell, ...): each
 * application unit of a file (a pod, a service, a play, a script) becomes its own Facts, with
 * its assignments anchored at the original line of the value, and the same engine and rules run
 * on it as on sysctl.conf files. Units never meet: two pods do not share a network namespace,
 * and a TuneD profile is not a line of /etc/sysctl.d. What they cannot know alone (a sysctl.d
 * file that overrides TuneD, the file an Ansible task rewrites) comes from the other files of the
 * same review.
 */
import { procpsSpelling } from '../config/keypath.js';
import { configFactsInOrder } from '../facts/from-assignments.js';
import { assembleFacts } from '../facts/assemble.js';
import type { ConfigAssignment, Facts, FileOperationFact, InvalidConfigLine } from '../facts/types.js';
import type { EmbeddedAssignment, Extraction } from '../readers/embedded/types.js';
import { builtinMessage } from '../engine/builtin-checks.js';
import type { SourceFile } from './sources.js';
import { NOT_CHECKED, type ReviewFinding } from '../reports/review.js';

export interface EmbeddedSource {
  readonly file: SourceFile;
  readonly extraction: Extraction;
  /** The other files its settings come from (an included TuneD profile), by the extraction's origin. */
  readonly origins: ReadonlyMap<string, SourceFile>;
}

/** The dotted key procps would write for a key as written (`net/ipv4/x`, `/proc/sys/...` handled). */
export function canonicalKeyOf(key: string): string {
  return procpsSpelling(key.replace(/^\/proc\/sys\//, '')).dotted ?? key;
}

const COMMENT = /^\s*[#;]\s?(.*)$/;
const NO_COMMENTS: readonly string[] = Object.freeze([]);

/** The `#` comment lines directly above `line` (the author's stated reason). */
function commentsAbove(lines: readonly string[], line: number): readonly string[] {
  const comments: string[] = [];
  for (let i = line - 2; i >= 0; i--) {
    const match = COMMENT.exec(lines[i]!);
    if (!match || lines[i]!.trim().startsWith('#!')) break;
    comments.unshift(match[1]!.trim());
  }
  return comments.length > 0 ? comments : NO_COMMENTS;
}

/** The engine's view of one extracted assignment: on the value's line, key column when the key is on it too. */
export function toConfigAssignment(file: SourceFile, assignment: EmbeddedAssignment, lines: readonly string[]): ConfigAssignment {
  const { keyPosition, valuePosition } = assignment;
  const sameLine = keyPosition.line === valuePosition.line;
  return {
    file: file.id,
    line: valuePosition.line,
    keyColumn: sameLine ? keyPosition.column : valuePosition.column,
    valueColumn: valuePosition.column,
    key: canonicalKeyOf(assignment.key),
    keyAsWritten: assignment.key,
    value: assignment.value ?? '',
    commentAbove: commentsAbove(lines, keyPosition.line),
    via: assignment.via,
    ...(sameLine ? {} : { keyAt: keyPosition }),
  };
}

/** Context one unit's Facts take from the rest of the review. */
export interface ReviewContext {
  readonly kernelFlag?: string;
  readonly kubernetes: { readonly version: string; readonly source: string };
  readonly reappliedOverTuned: ReadonlyMap<string, ConfigAssignment>;
  readonly fileContents: ReadonlyMap<string, readonly ConfigAssignment[]>;
}

export interface UnitFacts {
  readonly unit: string;
  readonly facts: Facts;
}

/** One Facts per unit of the file. */
export function unitFacts(source: EmbeddedSource, context: ReviewContext): UnitFacts[] {
  const { file, extraction } = source;
  const lines = (source.file.text ?? '').split('\n');
  const otherLines = new Map([...source.origins].map(([origin, other]) => [origin, (other.text ?? '').split('\n')]));
  const result: UnitFacts[] = [];
  for (const unit of extraction.units) {
    const assignments = extraction.assignments
      .filter((a) => a.unit === unit.id && a.value !== undefined && !a.absent)
      .map((a) => {
        const other = a.origin === undefined ? undefined : source.origins.get(a.origin);
        return other ? toConfigAssignment(other, a, otherLines.get(a.origin!)!) : toConfigAssignment(file, a, lines);
      });
    const invalidLines: InvalidConfigLine[] = extraction.invalidLines
      .filter((l) => l.unit === unit.id)
      .map((l) => ({ file: file.id, line: l.line, text: l.text, reason: l.reason }));
    const operations: FileOperationFact[] = extraction.operations
      .filter((o) => o.unit === unit.id)
      .map((o) => ({
        kind: o.kind,
        file: file.id,
        line: o.position.line,
        column: o.position.column,
        command: o.command,
        targets: o.targets,
      }));
    if (assignments.length === 0 && invalidLines.length === 0 && operations.length === 0) continue;
    const facts: Facts = {
      ...assembleFacts({
        config: configFactsInOrder('procps', assignments, invalidLines),
        ...(context.kernelFlag !== undefined ? { kernelFlag: context.kernelFlag } : {}),
      }),
      kubernetes: context.kubernetes,
      fileOperations: operations,
      reappliedOverTuned: context.reappliedOverTuned,
      fileContents: context.fileContents,
    };
    result.push({ unit: unit.id, facts });
  }
  return result;
}

/** Info findings: places the reader saw sysctl settings it cannot evaluate without running something. */
export function notCheckedFindings(source: EmbeddedSource): ReviewFinding[] {
  const { extraction } = source;
  const displayOf = (origin: string | undefined): string =>
    (origin === undefined ? undefined : source.origins.get(origin)?.display) ?? source.file.display;
  const findings: ReviewFinding[] = [];
  for (const assignment of extraction.assignments) {
    if (assignment.value !== undefined || !assignment.unknownValue) continue;
    if (assignment.absent) continue;
    findings.push({
      rule: NOT_CHECKED,
      ...builtinMessage('not-checked', 'unknownValue', { key: assignment.key, why: assignment.unknownValue.replace(/\.$/, '') }),
      severity: 'info',
      file: displayOf(assignment.origin),
      line: assignment.valuePosition.line,
      column: assignment.valuePosition.column,
      scope: 'line',
      key: canonicalKeyOf(assignment.key),
    });
  }
  for (const skipped of extraction.notChecked) {
    findings.push({
      rule: NOT_CHECKED,
      ...builtinMessage('not-checked', 'setting', { why: skipped.reason.replace(/\.$/, '') }),
      severity: 'info',
      file: displayOf(skipped.origin),
      line: skipped.position.line,
      column: skipped.position.column,
      scope: 'line',
    });
  }
  return findings;
}

/** Where a file lands on a host, when its path says so: `etc/sysctl.d/x.conf` → `/etc/sysctl.d/x.conf`. */
export function hostPathOf(path: string): string | undefined {
  const match =
    /(?:^|\/)((?:etc|run)\/sysctl\.d\/[^/]+\.conf|etc\/sysctl\.conf|usr\/lib\/sysctl\.d\/[^/]+\.conf|lib\/sysctl\.d\/[^/]+\.conf)$/.exec(
      path,
    );
  return match ? `/${match[1]}` : undefined;
}

/** TuneD re-applies these directories and file (tuned/plugins/plugin_sysctl.py SYSCTL_CONFIG_DIRS, then /etc/sysctl.conf); not /usr/lib/sysctl.d. */
export function isReappliedOverTuned(hostPath: string): boolean {
  return /^\/(?:etc|run)\/sysctl\.d\/[^/]+\.conf$|^\/etc\/sysctl\.conf$/.test(hostPath);
}
