/**
 * review --format sarif against the official SARIF 2.1.0 JSON Schema, the copy Microsoft ships in
 * the @microsoft/sarif-multitool npm package (a devDependency; the schema sits in the
 * platform package, e.g. node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json). That
 * schema is draft 2020-12, so it is compiled with Ajv2020 plus ajv-formats (format "uri" etc.).
 * The multitool's own `validate` command is run too when its binary runs here: it adds SARIF's
 * authoring rules (SARIF1xxx/2xxx) on top of the schema; its errors must be empty.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { RULES_WITH_PENDING_CITATIONS } from '../helpers/citations.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { FILES, mixedDirectory, type MixedDir } from './helpers/mixed.js';

const MICROSOFT = join(REPO_ROOT, 'node_modules', '@microsoft');

/** The multitool's platform package directory (sarif-multitool-linux, -darwin or -win32). */
function multitoolDirectory(): string {
  const found = readdirSync(MICROSOFT).find(
    (name) => /^sarif-multitool-(linux|darwin|win32)$/.test(name) && existsSync(join(MICROSOFT, name, 'sarif-2.1.0.json')),
  );
  if (!found) throw new Error(`no @microsoft/sarif-multitool-<platform> with sarif-2.1.0.json under ${MICROSOFT}: run npm ci`);
  return join(MICROSOFT, found);
}

function officialValidator() {
  const schema = JSON.parse(readFileSync(join(multitoolDirectory(), 'sarif-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  // strict: false — the official schema uses keywords ajv's strict mode flags (e.g. "deprecated" notes in descriptions' siblings).
  const ajv = new Ajv2020Module.default({ allErrors: true, strict: false });
  addFormatsModule.default(ajv);
  return ajv.compile(schema);
}

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: {
          id: string;
          helpUri?: string;
          help: { text: string; markdown: string };
          shortDescription: { text: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
      fixes?: { artifactChanges: { replacements: { deletedRegion: Record<string, number>; insertedContent: { text: string } }[] }[] }[];
      suppressions?: { kind: string; justification: string }[];
    }[];
    properties: { kernel: string; kernelAssumed: boolean };
    invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
  }[];
}

let mixed: MixedDir;
let sarifText: string;
before(() => {
  mixed = mixedDirectory();
  const run = runCli(['review', mixed.dir, '--format', 'sarif'], { cwd: mixed.cwd });
  assert.equal(run.status, 1, run.stderr);
  sarifText = run.stdout;
});
after(() => mixed.remove());

test('SARIF output validates against the official SARIF 2.1.0 schema', () => {
  const validate = officialValidator();
  const log = JSON.parse(sarifText) as unknown;
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  // The validator does catch mistakes: a bad level is rejected.
  const broken = JSON.parse(sarifText) as SarifLog;
  broken.runs[0]!.results[0]!.level = 'fatal';
  assert.equal(validate(broken), false);
});

test('rules come from the registry, plus profile-policy, waiver and not-sysctl; results point at them', () => {
  const log = JSON.parse(sarifText) as SarifLog;
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules;
  const ids = rules.map((rule) => rule.id);
  for (const id of ['tw-recycle', 'unknown-key', 'invalid-syntax', 'shadowed-assignment', 'profile-policy', 'waiver', 'not-sysctl'])
    assert.ok(ids.includes(id), id);
  assert.ok(!ids.includes('listen-overflow'), 'rules that never run in a review are not declared');
  const recycle = rules.find((rule) => rule.id === 'tw-recycle')!;
  assert.equal(recycle.helpUri, undefined, 'no helpUri: the help carries the sources themselves');
  assert.equal(recycle.defaultConfiguration.level, 'error');
  assert.match(recycle.help.markdown, /^Rule page: `docs\/rules\/tw-recycle\.md` in the sysctl-advisor package\.$/m);
  assert.match(recycle.help.markdown, /^- `docs\/kernel\/time-wait\.md#tcp_tw_recycle` \(in the sysctl-advisor package\)$/m);
  assert.match(
    recycle.help.markdown,
    /^- \[tcp: remove tcp_tw_recycle\]\(https:\/\/git\.kernel\.org\/pub\/scm\/linux\/kernel\/git\/torvalds\/linux\.git\/commit\/\?id=4396e46187ca\)$/m,
  );
  assert.match(recycle.help.text, /^- https:\/\/git\.kernel\.org\/.*\?id=4396e46187ca/m);
  for (const rule of rules.filter((r) => !RULES_WITH_PENDING_CITATIONS.includes(r.id))) {
    const page = /^Rule page: `([^`#]+)(?:#[^`]*)?`/m.exec(rule.help.markdown);
    assert.ok(page && existsSync(join(REPO_ROOT, page[1]!)), `rule page of ${rule.id}: ${page?.[1]}`);
    // Every source listed is a link to a URL or a page of the package.
    const items = rule.help.markdown.split('\n').filter((line) => line.startsWith('- '));
    for (const item of items)
      assert.match(item, /^- (\[[^\]]+\]\(https:\/\/[^)\s]+\)|`docs\/[^`]+` \(in the sysctl-advisor package\))$/, `${rule.id}: ${item}`);
  }
  for (const result of run.results) assert.equal(rules[result.ruleIndex]!.id, result.ruleId);
  assert.equal(run.properties.kernel, '6.18');
  assert.equal(run.properties.kernelAssumed, true);
  assert.match(run.invocations[0]!.toolExecutionNotifications[0]!.message.text, /\(kernel 6\.18 assumed\)$/);
});

test('each result carries its message id and arguments, the headline as text and the detail as Markdown; the rule has the message string', () => {
  const run = (JSON.parse(sarifText) as { runs: unknown[] }).runs[0] as {
    tool: { driver: { rules: { id: string; messageStrings: Record<string, { text: string }> }[] } };
    results: { ruleId: string; ruleIndex: number; message: { text: string; markdown?: string; id: string; arguments: string[] } }[];
  };
  const rules = run.tool.driver.rules;
  for (const result of run.results) {
    const rule = rules[result.ruleIndex]!;
    const string = rule.messageStrings[result.message.id];
    assert.ok(string, `${result.ruleId}: messageStrings has ${result.message.id}`);
    // The message string with its arguments is the headline (SARIF's {0}, {1}; doubled braces are literal).
    const rebuilt = string.text.replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index?: string) =>
      index === undefined ? match[0]! : result.message.arguments[Number(index)]!,
    );
    assert.equal(rebuilt, result.message.text, result.ruleId);
    assert.doesNotMatch(result.message.text, /\n/);
  }
  const recycle = run.results.find((result) => result.ruleId === 'tw-recycle')!;
  assert.equal(recycle.message.id, 'removedKey');
  assert.deepEqual(recycle.message.arguments, ['6.18']);
  assert.match(
    recycle.message.markdown ?? '',
    /^tcp\\_tw\\_recycle does not exist on 6\.18: .*\n\ntcp\\_tw\\_recycle was removed in 4\.12/,
  );
});

test('locations are relative to the working directory; fixes are replacements; waived results are suppressed in source', () => {
  const run = (JSON.parse(sarifText) as SarifLog).runs[0]!;
  const recycle = run.results.find((result) => result.ruleId === 'tw-recycle')!;
  assert.deepEqual(recycle.locations[0]!.physicalLocation, {
    artifactLocation: { uri: `${mixed.dir}/${FILES.bad}`, uriBaseId: '%SRCROOT%' },
    region: { startLine: 2, startColumn: 1 },
  });
  assert.deepEqual(recycle.fixes![0]!.artifactChanges[0]!.replacements, [
    { deletedRegion: { startLine: 2, startColumn: 1, endLine: 3, endColumn: 1 }, insertedContent: { text: '' } },
  ]);
  const script = run.results.find((result) => result.ruleId === 'not-sysctl')!;
  assert.equal(script.locations[0]!.physicalLocation.artifactLocation.uri, `${mixed.dir}/70-tune%2Cv2%3Ash.conf`);
  const suppressed = run.results.filter((result) => result.suppressions);
  assert.deepEqual(
    suppressed.map((result) => [result.ruleId, result.suppressions]),
    [['syncookies-disabled', [{ kind: 'inSource', justification: 'SYN proxy absorbs floods (waiver on line 14)' }]]],
  );
});

test("the SARIF multitool's validate command reports no errors or warnings", (t) => {
  const binary = join(multitoolDirectory(), process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
  const work = mkdtempSync(join(tmpdir(), 'review-sarif-'));
  try {
    writeFileSync(join(work, 'review.sarif'), sarifText);
    const run = spawnSync(
      binary,
      ['validate', join(work, 'review.sarif'), '--output', join(work, 'validation.sarif'), '--log', 'ForceOverwrite'],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
      },
    );
    if (run.error || run.status === null) {
      // The .NET binary may lack its execute bit (its install script, a chmod, is allowed in
      // package.json's allowScripts) or its runtime libraries. CI installs both, so it must run there.
      const reason = `the multitool does not run here: ${run.error?.message ?? run.signal}`;
      if (process.env.CI === 'true') throw new Error(`CI must run the SARIF multitool, but ${reason}`);
      t.skip(`${reason}; the schema check above still holds`);
      return;
    }
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const validation = JSON.parse(readFileSync(join(work, 'validation.sarif'), 'utf8')) as SarifLog;
    // Errors break consumers; warnings are SARIF authoring advice, which this output follows too.
    const problems = validation.runs[0]!.results.filter((result) => result.level === 'error' || result.level === 'warning');
    assert.deepEqual(problems, []);
    t.diagnostic(`multitool validate: no errors or warnings (${validation.runs[0]!.results.length} notes)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
