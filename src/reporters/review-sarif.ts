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

/**
 * A rule's message template as a SARIF message string (SARIF 2.1.0, section 3.11.5): named placeholders
 * become positional ones ("{value}" → "{0}", in order of first use), literal braces are doubled.
 * Only the headline (the first line): results carry the headline as text, the detail as markdown.
 */
function messageString(template: string): { text: string; names: readonly string[] } {
  const headline = template.split('\n', 1)[0]!;
  const parts = headline.split(/\{(\w+)\}/);
  const names: string[] = [];
  let text = '';
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      text += part.replace(/\{/g, '{{').replace(/\}/g, '}}');
      return;
    }
    let index = names.indexOf(part);
    if (index === -1) index = names.push(part) - 1;
    text += `{${index}}`;
  });
  return { text, names };
}

/** Placeholder names of every message of every rule, by rule id and message id. */
type PlaceholderIndex = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

/** The finding's message: headline as text, with its template id and arguments; the detail as Markdown. */
function messageOf(finding: ReviewFinding, placeholders: PlaceholderIndex) {
  const names = placeholders.get(finding.rule)?.get(finding.messageId);
  const data = finding.data ?? {};
  return {
    text: finding.message,
    ...(finding.detail !== undefined ? { markdown: `${escapeMarkdown(finding.message)}\n\n${escapeMarkdown(finding.detail)}` } : {}),
    ...(names ? { id: finding.messageId, arguments: names.map((name) => (name in data ? String(data[name]) : `{${name}}`)) } : {}),
  };
}

/** Plain text shown as Markdown: characters Markdown would read as markup are escaped. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\n/g, '  \n');
}

/** "tw-recycle" → "TwRecycle": SARIF's rule name is an identifier-like display name. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, ch: string) => ch.toUpperCase());
}

function result(finding: ReviewFinding, ruleIndex: ReadonlyMap<string, number>, placeholders: PlaceholderIndex) {
  const artifactLocation = { uri: uriOf(finding.file), uriBaseId: SRCROOT };
  const index = ruleIndex.get(finding.rule);
  return {
    ruleId: finding.rule,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[finding.severity],
    message: messageOf(finding, placeholders),
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
  const strings = new Map(
    report.rules.map((rule) => [rule.id, new Map(Object.entries(rule.messages).map(([id, template]) => [id, messageString(template)]))]),
  );
  const placeholders: PlaceholderIndex = new Map(
    [...strings].map(([rule, byId]) => [rule, new Map([...byId].map(([id, string]) => [id, string.names]))]),
  );
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
              messageStrings: Object.fromEntries([...strings.get(rule.id)!].map(([id, string]) => [id, { text: string.text }])),
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
        results: results(report, ruleIndex, placeholders),
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

function* results(report: ReviewReport, ruleIndex: ReadonlyMap<string, number>, placeholders: PlaceholderIndex) {
  for (const finding of report.findings) yield result(finding, ruleIndex, placeholders);
  // Waived findings stay visible to SARIF viewers as suppressed in source, with the waiver's reason.
  for (const finding of report.suppressed) {
    yield {
      ...result(finding, ruleIndex, placeholders),
      suppressions: [{ kind: 'inSource', justification: `${finding.reason} (waiver on line ${finding.waiverLine})` }],
    };
  }
}
