/**
 * The review of embedded files, wired into review/run.ts: read them (the readers are imported only
 * when a file needs one), build the context they share with the rest of the review, run the
 * engine once per application unit, and describe each file in the report.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ReviewArgs } from './args.js';
import { decodeConfigBytes, readConfigFileBytes } from '../config/index.js';
import { parseConfigText } from '../config/parse.js';
import type { ConfigAssignment, Facts } from '../facts/types.js';
import { runEngine } from '../engine/run.js';
import type { Severity } from '../engine/types.js';
import { NEWEST_KNOWN_KUBERNETES } from '../params/kubernetes-sysctls.js';
import type { Context } from '../profiles/context.js';
import type { Profile } from '../profiles/types.js';
import type { Extraction } from '../readers/embedded/types.js';
import { anchorEngineFindings } from './anchor.js';
import {
  canonicalKeyOf,
  hostPathOf,
  isReappliedOverTuned,
  notCheckedFindings,
  toConfigAssignment,
  unitFacts,
  type EmbeddedSource,
  type ReviewContext,
} from './embedded.js';
import { policyFindings } from './policy.js';
import { REVIEW_RULES } from './rules.js';
import { displayPath, type SourceFile } from './sources.js';
import { tunedIncludes } from './tuned-includes.js';
import type { ReviewedFile, ReviewFinding } from '../reports/review.js';

/** Every file detection gave an embedded format, with what its reader found (undefined: nothing). */
export type EmbeddedSources = ReadonlyMap<SourceFile, EmbeddedSource | undefined>;

const ROLE_VARIABLE_FILES = ['defaults/main.yml', 'defaults/main.yaml', 'vars/main.yml', 'vars/main.yaml'];

/**
 * Where an Ansible role defines a variable a task file loops over: `roles/r/tasks/x.yml` looks in
 * `roles/r/defaults/main.yml` and `roles/r/vars/main.yml` (a top-level key of that name).
 */
function roleVariableLocator(file: SourceFile): (name: string) => string | undefined {
  const tasksDir = dirname(file.absolute);
  if (!/(?:^|[\\/])(?:tasks|handlers)$/.test(tasksDir)) return () => undefined;
  const role = dirname(tasksDir);
  return (name) => {
    for (const candidate of ROLE_VARIABLE_FILES) {
      const path = join(role, candidate);
      if (!existsSync(path)) continue;
      let lines: string[];
      try {
        lines = decodeConfigBytes(readConfigFileBytes(path)).text.split('\n');
      } catch {
        continue; // unreadable: the loop stays "not checked", which says where to look
      }
      const at = lines.findIndex((line) => line.startsWith(`${name}:`));
      if (at !== -1) return `${relative(dirname(file.absolute), path).split('\\').join('/')} line ${at + 1}`;
    }
    return undefined;
  };
}

export async function readEmbeddedSources(files: readonly SourceFile[], root: string | undefined, cwd: string): Promise<EmbeddedSources> {
  const result = new Map<SourceFile, EmbeddedSource | undefined>();
  const wanted = files.filter((file) => file.embedded !== undefined && file.text !== undefined);
  if (wanted.length === 0) return result;
  const { readEmbedded } = await import('../readers/embedded/index.js');
  // Files read on behalf of a reviewed file (included profiles), each read and parsed once.
  const texts = new Map<string, string>();
  const others = new Map<string, SourceFile>();
  for (const file of wanted) {
    const tuned =
      file.embedded === 'tuned'
        ? { tunedIncludes: tunedIncludes(file.absolute, root === undefined ? undefined : resolve(cwd, root), cwd, texts) }
        : {};
    const extraction = await readEmbedded(file.embedded!, file.text!, { path: file.display, locate: roleVariableLocator(file), ...tuned });
    result.set(
      file,
      extraction && hasContent(extraction) ? { file, extraction, origins: originsOf(extraction, texts, others, cwd) } : undefined,
    );
  }
  return result;
}

/** The files the extraction's settings and notes come from, other than the file read, by path. */
function originsOf(
  extraction: Extraction,
  texts: ReadonlyMap<string, string>,
  others: Map<string, SourceFile>,
  cwd: string,
): ReadonlyMap<string, SourceFile> {
  const origins = new Map<string, SourceFile>();
  for (const { origin } of [...extraction.assignments, ...extraction.notChecked]) {
    if (origin === undefined || origins.has(origin)) continue;
    let other = others.get(origin);
    const text = texts.get(origin);
    if (!other && text !== undefined) {
      other = {
        id: origin,
        display: displayPath(cwd, origin),
        absolute: origin,
        parsed: parseConfigText(text, origin),
        notSysctl: null,
        text,
      };
      others.set(origin, other);
    }
    if (other) origins.set(origin, other);
  }
  return origins;
}

function hasContent(extraction: Extraction): boolean {
  return (
    extraction.assignments.length > 0 ||
    extraction.operations.length > 0 ||
    extraction.notChecked.length > 0 ||
    extraction.invalidLines.length > 0
  );
}

/**
 * What the units learn from the rest of the review: the Kubernetes release, what the reviewed
 * sysctl.d files set (TuneD re-applies it over its profile), and the lines known in each sysctl
 * file by its path on the host (an Ansible task rewrites one).
 */
export function embeddedContext(args: ReviewArgs, sysctlFacts: Facts, embedded: EmbeddedSources): ReviewContext {
  const hostPath = (id: string): string | undefined => (args.root !== undefined ? (id.startsWith('/') ? id : undefined) : hostPathOf(id));
  const reapplied = new Map<string, ConfigAssignment>();
  const contents = new Map<string, ConfigAssignment[]>();
  const remember = (path: string | undefined, assignment: ConfigAssignment) => {
    if (path === undefined) return;
    let list = contents.get(path);
    if (!list) contents.set(path, (list = []));
    list.push(assignment);
  };
  for (const assignment of sysctlFacts.assignments) remember(hostPath(assignment.file), assignment);
  for (const state of sysctlFacts.keys.values()) {
    const path = state.configured ? hostPath(state.configured.file) : undefined;
    if (path !== undefined && isReappliedOverTuned(path)) reapplied.set(state.key, state.configured!);
  }
  for (const source of embedded.values()) {
    if (!source) continue;
    const lines = (source.file.text ?? '').split('\n');
    for (const assignment of source.extraction.assignments) {
      if (assignment.via.tool !== 'sysctl-file' || assignment.via.path === null || assignment.value === undefined) continue;
      const config = toConfigAssignment(source.file, assignment, lines);
      remember(assignment.via.path, config);
      if (isReappliedOverTuned(assignment.via.path)) reapplied.set(canonicalKeyOf(assignment.key), config);
    }
  }
  return {
    ...(args.kernel !== undefined ? { kernelFlag: args.kernel } : {}),
    kubernetes:
      args.kubernetes !== undefined
        ? { version: args.kubernetes, source: '--kubernetes' }
        : { version: NEWEST_KNOWN_KUBERNETES, source: `newest known (${NEWEST_KNOWN_KUBERNETES})` },
    reappliedOverTuned: reapplied,
    fileContents: contents,
  };
}

export interface EmbeddedRun {
  readonly profile: Profile;
  readonly context: Context;
  readonly files: ReadonlyMap<string, SourceFile>;
  /** Set when --profile asks for the policy. */
  readonly policySeverity: Severity | undefined;
}

/** The findings of one embedded file: the rules on each of its units, the policy, and what could not be checked. */
export function reviewEmbedded(source: EmbeddedSource, shared: ReviewContext, run: EmbeddedRun): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  // Settings inherited from another file (an included TuneD profile) are anchored in it.
  const files =
    source.origins.size === 0
      ? run.files
      : new Map([...run.files, ...[...source.origins.values()].map((other): [string, SourceFile] => [other.id, other])]);
  for (const { facts } of unitFacts(source, shared)) {
    const result = runEngine({ facts, profile: run.profile, context: run.context, rules: REVIEW_RULES, order: 'position' });
    findings.push(...anchorEngineFindings(result, facts, files));
    // Deviations only: a unit (a pod, a service) is not expected to set every key of a host profile.
    if (run.policySeverity) findings.push(...policyFindings(run.profile, facts, files, undefined, run.policySeverity));
  }
  findings.push(...notCheckedFindings(source));
  return findings;
}

/** How the report lists a file. */
export function reviewedFileOf(file: SourceFile, source: EmbeddedSource | undefined): ReviewedFile {
  if (source) {
    const labels = new Map(source.extraction.units.map((unit) => [unit.id, unit.label]));
    return {
      path: file.display,
      kind: 'embedded',
      format: source.extraction.format,
      assignments: source.extraction.assignments.map((a) => ({
        key: canonicalKeyOf(a.key),
        value: a.value ?? null,
        line: a.valuePosition.line,
        column: a.valuePosition.column,
        keyLine: a.keyPosition.line,
        keyColumn: a.keyPosition.column,
        ...(a.origin !== undefined ? { file: source.origins.get(a.origin)?.display ?? a.origin } : {}),
        appliedBy: a.via.tool,
        unit: labels.get(a.unit) ?? a.unit,
      })),
    };
  }
  return file.notSysctl
    ? { path: file.display, kind: 'not-sysctl', format: file.notSysctl.format }
    : { path: file.display, kind: 'sysctl' };
}
