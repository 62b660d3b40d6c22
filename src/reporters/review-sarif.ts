/**
 * review --format sarif: SARIF 2.1.0 (OASIS), as GitHub code scanning and other viewers read it.
 * Rule metadata comes from the rule registry (src/review/rules.ts); each result has a physical
 * location relative to the working directory (uriBaseId %SRCROOT%: the checkout) and, where
 * there is one, a fix as an artifact change (deleted region + inserted text). Columns are
 * UTF-16 code units, SARIF's default column kind.
 */
import type { Severity } from '../engine/types.js';
import { referenceMarkdown } from '../params/references.js';
import { REPOSITORY_URL } from '../util/package-info.js';
import { summaryLine } from '../reports/review-summary.js';
import type { ReviewFinding, ReviewReport, RuleDescriptor } from '../reports/review.js';
import type { Pieces } from '../util/pieces.js';
import { jsonPieces } from './json-pieces.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** The log (0), runs (1), the run (2) and its results (3) are opened: each result is written whole. */
const OPEN_DEPTH = 4;
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative path as a URI reference: each segment percent-encoded ("#", "?", " " would change its meaning). */
function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** "tw-recycle" → "TwRecycle": SARIF's rule name is an identifier-like display name. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, ch: string) => ch.toUpperCase());
}

function result(finding: ReviewFinding, ruleIndex: ReadonlyMap<string, number>) {
  const artifactLocation = { uri: uriOf(finding.file), uriBaseId: SRCROOT };
  const index = ruleIndex.get(finding.rule);
  return {
    ruleId: finding.rule,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation, region: { startLine: finding.line, startColumn: finding.column } } }],
    ...(finding.fix
      ? {
          fixes: [
            {
              description: { text: finding.fix.description },
              artifactChanges: [
                {
                  artifactLocation,
                  replacements: [{ deletedRegion: { ...finding.fix.region }, insertedContent: { text: finding.fix.insert } }],
                },
              ],
            },
          ],
        }
      : {}),
    ...(finding.key ? { properties: { key: finding.key, scope: finding.scope } } : { properties: { scope: finding.scope } }),
  };
}

/** The rule's description, its page in the package and its sources (package pages and URLs). */
function ruleHelp(rule: RuleDescriptor): { text: string; markdown: string } {
  const page = `${rule.page} in the sysctl-advisor package`;
  const sources = rule.references;
  return {
    text: [rule.fullDescription, `Rule page: ${page}.`, ...(sources.length ? ['Sources:', ...sources.map((s) => `- ${s}`)] : [])].join(
      '\n',
    ),
    markdown: [
      rule.fullDescription,
      '',
      `Rule page: \`${rule.page}\` in the sysctl-advisor package.`,
      ...(sources.length ? ['', '**Sources**', '', ...sources.map((s) => `- ${referenceMarkdown(s)}`)] : []),
    ].join('\n'),
  };
}

export function reviewSarif(report: ReviewReport): Pieces {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: REPOSITORY_URL,
            rules: report.rules.map((rule) => ({
              id: rule.id,
              // SARIF1001: a name that equals the id (ignoring case, e.g. "waiver") must be left out.
              ...(ruleName(rule.id).toLowerCase() !== rule.id ? { name: ruleName(rule.id) } : {}),
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.fullDescription },
              // No helpUri: the sources themselves are in the help, as links a viewer can follow.
              help: ruleHelp(rule),
              defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [{ level: 'note', message: { text: summaryLine(report) } }],
          },
        ],
        columnKind: 'utf16CodeUnits',
        // Made one at a time as they are written: a big review's results are never all in memory.
        results: results(report, ruleIndex),
        properties: {
          kernel: report.kernel.version,
          kernelAssumed: report.kernel.assumed,
          kernelSource: report.kernel.source,
          policy: report.policy,
          diffBase: report.diffBase,
        },
      },
    ],
  };
  return jsonPieces(log, OPEN_DEPTH);
}

function* results(report: ReviewReport, ruleIndex: ReadonlyMap<string, number>) {
  for (const finding of report.findings) yield result(finding, ruleIndex);
  // Waived findings stay visible to SARIF viewers as suppressed in source, with the waiver's reason.
  for (const finding of report.suppressed) {
    yield {
      ...result(finding, ruleIndex),
      suppressions: [{ kind: 'inSource', justification: `${finding.reason} (waiver on line ${finding.waiverLine})` }],
    };
  }
}
