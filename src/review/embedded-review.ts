/**
 * The review of embedded files, wired into review/run.ts: read them (the readers are imported only
 * when a file needs one), build the context they share with the rest of the review, run the
 * engine once per application unit, and describe each file in the report.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReviewArgs } from './args.js';
import { decodeConfigBytes, readConfigFileBytes } from '../config/index.js';
import { parseConfigText } from '../config/parse.js';
import type { ConfigAssignment, Facts } from '../facts/types.js';
import { runEngine } from '../engine/run.js';
import type { Severity } from '../engine/types.js';
import { NEWEST_KNOWN_KUBERNETES } from '../params/kubernetes-sysctls.js';
import type { Context } from '../profiles/context.js';
import type { Profile } from '../profiles/types.js';
import type { VariableFile, VariableFiles } from '../readers/embedded/ansible.js';
import type { AppliedVia, Extraction } from '../readers/embedded/types.js';
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

const YAML_NAMES = ['main.yml', 'main.yaml'];

/**
 * The files that may define a variable an Ansible task file loops over, highest precedence
 * first (https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_variables.html#understanding-variable-precedence):
 * for `roles/R/tasks/x.yml`, the role's `vars/main.yml`, then `group_vars/all` beside the
 * playbook that holds `roles/` (every host is in the group all), then the role's
 * `defaults/main.yml`; for a playbook, its own `group_vars/all`. Host- and group-specific
 * files are left out: their values differ from host to host. Each text is kept in `texts`,
 * where the settings taken from it find their file.
 */
function variableFilesOf(file: SourceFile, texts: Map<string, string>): VariableFiles {
  return () => {
    const dir = dirname(file.absolute);
    const inRole = /(?:^|[\\/])(?:tasks|handlers)$/.test(dir) && /(?:^|[\\/])roles$/.test(dirname(dirname(dir)));
    const role = dirname(dir);
    const playbookDir = inRole ? dirname(dirname(role)) : dir;
    const candidates = [
      ...(inRole ? YAML_NAMES.map((name) => join(role, 'vars', name)) : []),
      ...groupVarsAll(join(playbookDir, 'group_vars')),
      ...(inRole ? YAML_NAMES.map((name) => join(role, 'defaults', name)) : []),
    ];
    const found: VariableFile[] = [];
    for (const path of candidates) {
      if (!existsSync(path) || !statSync(path).isFile()) continue;
      let text = texts.get(path);
      if (text === undefined) {
        try {
          text = decodeConfigBytes(readConfigFileBytes(path)).text;
        } catch {
          continue; // unreadable: a loop over its variables stays "not checked", naming the variable
        }
        texts.set(path, text);
      }
      found.push({ path, text });
    }
    return found;
  };
}

/** `group_vars/all.yml`, or the files of `group_vars/all/` in name order (Ansible merges them; a later file wins). */
function groupVarsAll(groupVars: string): string[] {
  const files = ['all.yml', 'all.yaml', 'all'].map((name) => join(groupVars, name));
  const directory = join(groupVars, 'all');
  if (!existsSync(directory) || !statSync(directory).isDirectory()) return files;
  const members = readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .reverse()
    .map((name) => join(directory, name));
  return [...files.slice(0, 2), ...members];
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
    const extraction = await readEmbedded(file.embedded!, file.text!, {
      path: file.display,
      variableFiles: variableFilesOf(file, texts),
      ...tuned,
    });
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
      // Named by its display path, as a reviewed file is: the rules' messages show the id.
      const display = displayPath(cwd, origin);
      other = {
        id: display,
        display,
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

/** The Ansible task that applies a setting: `roles/r/tasks/main.yml:30 (Kernel parameters)`. */
function taskOf(file: SourceFile, via: Extract<AppliedVia, { tool: 'ansible' }>): string {
  return `${file.display}:${via.taskLine}${via.taskName ? ` (${via.taskName})` : ''}`;
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
        ...(a.via.tool === 'ansible' ? { task: taskOf(file, a.via) } : {}),
        appliedBy: a.via.tool,
        unit: labels.get(a.unit) ?? a.unit,
      })),
    };
  }
  return file.notSysctl
    ? { path: file.display, kind: 'not-sysctl', format: file.notSysctl.format }
    : { path: file.display, kind: 'sysctl' };
}
