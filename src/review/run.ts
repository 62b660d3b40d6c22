/**
 * review: read config files (named, or everything under --root), run the config-only rules once
 * over all of them, add the profile policy, apply waivers, keep what --diff-base says changed,
 * and hand the report to a reporter. Reading each file once and running the engine once keeps a
 * directory of 1,000 files well under a second.
 */
import { resolve } from 'node:path';
import { assembleFacts } from '../facts/assemble.js';
import type { ReviewArgs } from '../commands/review.js';
import type { CommandEnvironment, CommandOutput } from '../util/command-io.js';
import { runEngine } from '../engine/run.js';
import type { Severity } from '../engine/types.js';
import { formatKernel } from '../kernel/version.js';
import { resolveContext } from '../profiles/context.js';
import type { Profile } from '../profiles/types.js';
import { paintFor } from '../reporters/colour.js';
import { reviewGithub } from '../reporters/review-github.js';
import { reviewJson } from '../reporters/review-json.js';
import { reviewMarkdown } from '../reporters/review-markdown.js';
import { reviewSarif } from '../reporters/review-sarif.js';
import { reviewText } from '../reporters/review-text.js';
import { ETC_SYSCTL_CONF, PROCPS_DIRECTORIES } from '../config/index.js';
import { InputError, UsageError } from '../util/errors.js';
import { packageVersion } from '../util/package-info.js';
import { anchorEngineFindings } from './anchor.js';
import { configFacts } from '../facts/from-files.js';
import { notSysctlFindings } from './not-sysctl.js';
import { embeddedContext, readEmbeddedSources, reviewEmbedded, reviewedFileOf } from './embedded-review.js';
import { policyFindings } from './policy.js';
import { hostOnlyRules, REVIEW_RULES, ruleDescriptors, waivableRuleIds } from './rules.js';
import { filesUnder, onChangedLine } from './scope.js';
import { namedFiles, rootFiles, type ReviewSources, type SourceFile } from './sources.js';
import type { EmbeddedSources } from './embedded-review.js';
import { isFailing } from './summary.js';
import { NOT_SYSCTL, PROFILE_POLICY, WAIVER, type ReviewFinding, type ReviewFormat, type ReviewReport } from './types.js';
import { applyWaivers, readWaivers } from './waivers.js';
import { compareText } from '../util/compare-text.js';
import type { Pieces } from '../util/pieces.js';

/**
 * Without --profile there is no policy: no targets, no context defaults, no severity overrides.
 * (Loading a profile also loads yaml and the schema validator, which is not worth paying for nothing.)
 */
const NO_POLICY: Profile = {
  name: 'none',
  summary: 'No policy: rules only.',
  file: '',
  chain: [],
  targets: new Map(),
  context: {},
  rules: {},
};

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The profile's severity for one of review's own rule ids; undefined when the profile turns it off. */
function severityFor(profile: Profile, rule: string): Severity | undefined {
  const override = profile.rules[rule];
  return override === 'off' ? undefined : (override ?? 'warning');
}

/** Every finding of the config-only rules, the policy, the waivers and the not-sysctl files, before any narrowing. */
function allFindings(args: ReviewArgs, profile: Profile, sources: ReviewSources, embedded: EmbeddedSources) {
  const context = resolveContext(args, profile.context);
  const facts = assembleFacts({
    config: configFacts(sources.tool, sources.applied, sources.lineOnly, sources.knownKeys),
    ...(args.kernel !== undefined ? { kernelFlag: args.kernel } : {}),
  });
  const result = runEngine({ facts, profile, context, rules: REVIEW_RULES, order: 'position' });
  const files = new Map(sources.files.map((file): [string, SourceFile] => [file.id, file]));

  const findings: ReviewFinding[] = anchorEngineFindings(result, facts, files);
  const policySeverity = severityFor(profile, PROFILE_POLICY);
  if (args.profile !== undefined && policySeverity) {
    const lastApplied = sources.applied.at(-1);
    const lastFile = lastApplied ? files.get(lastApplied.realPath ?? lastApplied.path) : undefined;
    findings.push(...policyFindings(profile, facts, files, lastFile, policySeverity));
  }
  if (embedded.size > 0) {
    const shared = embeddedContext(args, facts, embedded);
    for (const source of embedded.values()) {
      if (source)
        findings.push(
          ...reviewEmbedded(source, shared, {
            profile,
            context,
            files,
            policySeverity: args.profile !== undefined ? policySeverity : undefined,
          }),
        );
    }
  }
  const waiverSeverity = severityFor(profile, WAIVER);
  const waivers = sources.files.filter((file) => file.notSysctl === null || embedded.get(file)).flatMap(readWaivers);
  const waived = applyWaivers(findings, waivers, waivableRuleIds(), waiverSeverity ?? 'warning');
  // A profile's override applies to both; without one, a file in a sysctl.d directory is a warning (it is applied there).
  const override = profile.rules[NOT_SYSCTL];
  const notSysctlSeverity = override === 'off' ? undefined : { named: override ?? 'info', inSysctlDirectory: override ?? 'warning' };
  const unread = sources.files.filter((file) => file.notSysctl !== null && !embedded.get(file));
  return {
    facts,
    skipped: [...result.skipped, ...hostOnlyRules()],
    findings: [
      ...waived.kept,
      ...(waiverSeverity ? waived.problems : []),
      ...(notSysctlSeverity ? notSysctlFindings(unread, notSysctlSeverity, embedded) : []),
    ],
    suppressed: waived.suppressed,
  };
}

function byLine(a: ReviewFinding, b: ReviewFinding): number {
  return a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || compareText(a.rule, b.rule);
}

/**
 * Findings file by file in the order the files are reviewed, each file's by line, column,
 * severity and rule. Grouped first and each file sorted on its own: one sort of 40,000 findings
 * looked both files up in a map at every comparison (bench/review.ts). Every finding is in a
 * reviewed file (buildReviewReport keeps only those).
 */
function inPositionOrder(findings: readonly ReviewFinding[], files: readonly SourceFile[]): ReviewFinding[] {
  const byFile = new Map<string, ReviewFinding[]>(files.map((file) => [file.display, []]));
  for (const finding of findings) byFile.get(finding.file)!.push(finding);
  const ordered: ReviewFinding[] = [];
  for (const ofFile of byFile.values()) for (const finding of ofFile.sort(byLine)) ordered.push(finding);
  return ordered;
}

/** The files reviewed files take settings from that are not reviewed themselves, once each. */
function inheritedFiles(
  reviewed: readonly SourceFile[],
  embedded: EmbeddedSources,
  byDisplay: ReadonlyMap<string, SourceFile>,
): SourceFile[] {
  const found = new Map<string, SourceFile>();
  for (const file of reviewed)
    for (const other of embedded.get(file)?.origins.values() ?? []) if (!byDisplay.has(other.display)) found.set(other.display, other);
  return [...found.values()];
}

/** A parent profile reviewed with its child gives the same finding twice, once as itself and once inherited. */
function withoutRepeats(findings: readonly ReviewFinding[]): ReviewFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.rule}\0${finding.file}\0${finding.line}\0${finding.column}\0${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The profile loader (yaml, the schema validator) is imported only when --profile asks for a policy. */
async function loadPolicy(name: string): Promise<Profile> {
  return (await import('../profiles/load.js')).loadProfile(name);
}

/**
 * A review that reads no file must not pass: a mistyped path or root in CI would stay green for
 * ever. (A file that is not a sysctl file is read, and reported as such.)
 */
function nothingToReview(args: ReviewArgs): string {
  if (args.root !== undefined) {
    const looked = [ETC_SYSCTL_CONF, ...PROCPS_DIRECTORIES.map((dir) => `${dir}/*.conf`)].map((path) => path.slice(1)).join(', ');
    return `nothing to review: --root ${args.root} has no sysctl file (looked for ${looked})`;
  }
  const them = args.paths.length === 1 ? `${args.paths[0]} has` : `${args.paths.join(', ')} have`;
  return `nothing to review: ${them} no *.conf file (a directory is read as sysctl.d: its *.conf files in name order)`;
}

export async function buildReviewReport(args: ReviewArgs, cwd: string): Promise<ReviewReport> {
  if (args.root === undefined && args.paths.length === 0)
    throw new UsageError('review needs files or directories to read (review PATH...), or --root DIR');
  const profile = args.profile !== undefined ? await loadPolicy(args.profile) : NO_POLICY;
  const sources = args.root !== undefined ? rootFiles(args.root, cwd) : namedFiles(args.paths, cwd);
  const embedded = await readEmbeddedSources(sources.files, args.root, cwd);
  // --root DIR PATH...: the whole tree decided precedence; the PATHs decide what is reported.
  const reviewed = args.root !== undefined && args.paths.length > 0 ? filesUnder(sources.files, args.paths, args.root, cwd) : sources.files;
  if (sources.files.length === 0) throw new InputError(nothingToReview(args));
  if (reviewed.length === 0)
    throw new InputError(`nothing to review: no sysctl file read under --root ${args.root} is in ${args.paths.join(', ')}`);
  const all = allFindings(args, profile, sources, embedded);
  const byDisplay = new Map(reviewed.map((file) => [file.display, file]));
  // A setting a reviewed file takes from another (an included TuneD profile) is reported in that file.
  const inheriting = reviewed.some((file) => (embedded.get(file)?.origins.size ?? 0) > 0);
  const inherited = inheriting ? inheritedFiles(reviewed, embedded, byDisplay) : [];
  for (const file of inherited) byDisplay.set(file.display, file);
  let findings = all.findings.filter((finding) => byDisplay.has(finding.file));
  if (inheriting) findings = withoutRepeats(findings);
  const suppressed = all.suppressed.filter((finding) => byDisplay.has(finding.file));

  let unchangedLineFindings = 0;
  if (args.diffBase !== undefined) {
    // Imported here: running git loads node:child_process, which only --diff-base needs.
    const { diffBase } = await import('./git-diff.js');
    const base = diffBase(args.diffBase, args.paths.length > 0 ? args.paths : [args.root ?? '.'], cwd);
    const changed = findings.filter((finding) => onChangedLine(finding, byDisplay.get(finding.file), base));
    unchangedLineFindings = findings.length - changed.length;
    findings = changed;
  }

  findings = inPositionOrder(findings, inherited.length > 0 ? [...reviewed, ...inherited] : reviewed);
  return {
    tool: { name: 'sysctl-advisor', version: packageVersion() },
    kernel: { version: formatKernel(all.facts.kernel), assumed: args.kernel === undefined, source: all.facts.kernelSource },
    policy: args.profile !== undefined ? profile.name : null,
    root: args.root ?? null,
    diffBase: args.diffBase ?? null,
    files: reviewed.map((file) => reviewedFileOf(file, embedded.get(file))),
    findings,
    suppressed,
    unchangedLineFindings,
    skipped: all.skipped,
    rules: ruleDescriptors(),
  };
}

/** One pure reporter per format; only text needs to know about the terminal. */
const REPORTERS: Record<ReviewFormat, (report: ReviewReport, environment: CommandEnvironment) => Pieces> = {
  text: (report, environment) => reviewText(report, paintFor(environment.stdoutIsTTY, environment.env), environment.columns),
  json: reviewJson,
  sarif: reviewSarif,
  github: reviewGithub,
  markdown: reviewMarkdown,
};

export async function runReview(args: ReviewArgs, environment: CommandEnvironment): Promise<CommandOutput> {
  // The working directory: paths are shown relative to it, and git runs in it.
  const report = await buildReviewReport(args, resolve());
  return { stdout: REPORTERS[args.format](report, environment), exitCode: isFailing(report.findings, args.failOn) ? 1 : 0 };
}
