/**
 * Labelled expectations per corpus file (test-corpus/labels/<saved_name>.json), written by judging
 * each finding against kernel facts (each label's note cites the fact):
 *
 * - `expect`: a real problem at warning level or worse, at this line, with the rule and severity that
 *   should report it (`rule: null`: a real problem no rule checks yet — it counts against recall);
 * - `reject`: a finding that must not come back (a false positive seen before), at this line.
 *
 * Every warning or error review gives on a corpus file must match an `expect` label (line, rule,
 * severity); one that does not is a false positive. The test reports precision and recall per rule,
 * per severity and overall, and fails below 95% precision (warnings and errors) or 90% recall of the
 * labelled problems. `review --fail-on warning` must fail exactly on files whose findings are real
 * problems. Run with `npm run test:corpus`; skipped with a message when the corpus is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runCli } from '../test/helpers/cli.js';
import { severityBreach } from '../test/helpers/severity-contract.js';
import type { Severity } from '../src/engine/types.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = resolve(REPO_ROOT, '../shared/corpus');
const LABELS = join(REPO_ROOT, 'test-corpus', 'labels');
const MIN_PRECISION = 0.95;
const MIN_RECALL = 0.9;

interface Expected {
  readonly line: number;
  readonly rule: string | null;
  readonly severity: 'warning' | 'error';
  readonly note: string;
}
interface Rejected {
  readonly line: number;
  readonly rule: string;
  readonly severity?: Severity;
  readonly note: string;
}
interface Labels {
  readonly file: string;
  readonly expect: readonly Expected[];
  readonly reject: readonly Rejected[];
}
interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly line: number;
}

const available = existsSync(join(CORPUS, 'MANIFEST.tsv'));

function corpusNames(): string[] {
  return readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t')[0]!);
}

function labelsOf(name: string): Labels {
  return JSON.parse(readFileSync(join(LABELS, `${name}.json`), 'utf8')) as Labels;
}

let reviews: Map<string, { status: number | null; findings: Finding[] }> | undefined;
/** Every corpus file reviewed once with --fail-on warning, through the built CLI, in JSON. */
function reviewAll(): NonNullable<typeof reviews> {
  if (reviews) return reviews;
  reviews = new Map();
  for (const name of corpusNames()) {
    const run = runCli(['review', join(CORPUS, 'files', name), '--format', 'json', '--fail-on', 'warning']);
    assert.equal(run.stderr, '', name);
    reviews.set(name, { status: run.status, findings: (JSON.parse(run.stdout) as { findings: Finding[] }).findings });
  }
  return reviews;
}

const matches = (label: { line: number; rule: string | null; severity?: Severity }, f: Finding) =>
  label.line === f.line && label.rule === f.rule && (label.severity === undefined || label.severity === f.severity);

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}
const tally = (map: Map<string, Tally>, key: string): Tally => {
  let t = map.get(key);
  if (!t) map.set(key, (t = { tp: 0, fp: 0, fn: 0 }));
  return t;
};
const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

test('corpus labels: one label file per corpus file, each label with a note', (t) => {
  if (!available) {
    t.skip(`corpus not found at ${CORPUS} (it lives beside the repository as ../shared/corpus)`);
    return;
  }
  const names = corpusNames();
  assert.deepEqual(
    readdirSync(LABELS)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort(),
    [...names].sort(),
  );
  for (const name of names) {
    const labels = labelsOf(name);
    assert.equal(labels.file, name);
    for (const label of [...labels.expect, ...labels.reject])
      assert.ok(label.note.length > 30, `${name}:${label.line}: a note with the kernel fact`);
    for (const label of labels.expect) assert.ok(label.severity === 'warning' || label.severity === 'error', `${name}:${label.line}`);
  }
});

test('corpus labels: precision of warnings and errors, recall of labelled problems, per rule and overall', (t) => {
  if (!available) {
    t.skip(`corpus not found at ${CORPUS} (it lives beside the repository as ../shared/corpus)`);
    return;
  }
  const results = reviewAll();
  const byRule = new Map<string, Tally>();
  const bySeverity = new Map<string, Tally>();
  const falsePositives: string[] = [];
  const missed: string[] = [];
  for (const name of corpusNames()) {
    const labels = labelsOf(name);
    const findings = results.get(name)!.findings;
    for (const finding of findings) {
      // The severity contract holds on real files too (docs/review.md#severity).
      assert.equal(severityBreach(finding.rule, finding.severity), undefined, `${name}:${finding.line}`);
      const rejected = labels.reject.find((label) => matches(label, finding));
      assert.equal(
        rejected,
        undefined,
        `${name}:${finding.line} ${finding.rule} ${finding.severity} must not be reported: ${rejected?.note}`,
      );
    }
    for (const finding of findings.filter((f) => f.severity !== 'info')) {
      const real = labels.expect.some((label) => matches(label, finding));
      tally(byRule, finding.rule)[real ? 'tp' : 'fp']++;
      tally(bySeverity, finding.severity)[real ? 'tp' : 'fp']++;
      if (!real) falsePositives.push(`${name}:${finding.line} ${finding.severity} ${finding.rule}`);
    }
    for (const label of labels.expect) {
      if (findings.some((f) => matches(label, f))) continue;
      tally(byRule, label.rule ?? '(no rule yet)').fn++;
      tally(bySeverity, label.severity).fn++;
      missed.push(`${name}:${label.line} ${label.severity} ${label.rule ?? '(no rule yet)'}`);
    }
  }
  const total = [...byRule.values()].reduce((sum, x) => ({ tp: sum.tp + x.tp, fp: sum.fp + x.fp, fn: sum.fn + x.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
  for (const [rule, x] of [...byRule].sort(([a], [b]) => a.localeCompare(b)))
    t.diagnostic(
      `${rule}: precision ${pct(x.tp, x.tp + x.fp)} (${x.tp}/${x.tp + x.fp}), recall ${pct(x.tp, x.tp + x.fn)} (${x.tp}/${x.tp + x.fn})`,
    );
  for (const [severity, x] of bySeverity)
    t.diagnostic(
      `${severity}s: precision ${pct(x.tp, x.tp + x.fp)} (${x.tp}/${x.tp + x.fp}), recall ${pct(x.tp, x.tp + x.fn)} (${x.tp}/${x.tp + x.fn})`,
    );
  t.diagnostic(`overall: precision ${pct(total.tp, total.tp + total.fp)}, recall ${pct(total.tp, total.tp + total.fn)}`);
  if (falsePositives.length) t.diagnostic(`false positives: ${falsePositives.join('; ')}`);
  if (missed.length) t.diagnostic(`missed: ${missed.join('; ')}`);
  assert.ok(total.tp / (total.tp + total.fp) >= MIN_PRECISION, `precision below ${MIN_PRECISION}: ${falsePositives.join('; ')}`);
  assert.ok(total.tp / (total.tp + total.fn) >= MIN_RECALL, `recall below ${MIN_RECALL}: ${missed.join('; ')}`);
});

test('corpus labels: review --fail-on warning fails only on files with real problems', (t) => {
  if (!available) {
    t.skip(`corpus not found at ${CORPUS} (it lives beside the repository as ../shared/corpus)`);
    return;
  }
  const results = reviewAll();
  let failing = 0;
  for (const name of corpusNames()) {
    const { status, findings } = results.get(name)!;
    const labels = labelsOf(name);
    const flagged = findings.filter((f) => f.severity !== 'info');
    if (status === 1) {
      failing++;
      const unlabelled = flagged.filter((f) => !labels.expect.some((label) => matches(label, f)));
      assert.deepEqual(unlabelled, [], `${name} fails --fail-on warning on something that is not a labelled problem`);
    } else {
      assert.equal(status, 0, name);
      assert.deepEqual(flagged, [], name);
    }
    // A file whose labelled problems are all found by a rule fails; one with none passes.
    const found = labels.expect.filter((label) => findings.some((f) => matches(label, f)));
    assert.equal(status === 1, found.length > 0, `${name}: exit ${status}, ${found.length} labelled problems found`);
  }
  t.diagnostic(`${failing} of ${results.size} corpus files fail --fail-on warning, each on labelled problems only`);
});
