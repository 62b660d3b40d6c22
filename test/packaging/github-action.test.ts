/**
 * The GitHub Action (action.yml) run as the runner runs it, as far as that can be done without
 * GitHub: its `run:` step is read from action.yml (not copied), its `env:` expressions are
 * evaluated from the inputs (action.yml's defaults, or the values a workflow would pass), and the
 * script runs with GitHub's bash command line (`bash --noprofile --norc -eo pipefail FILE`) in a
 * workspace, with GITHUB_ACTION_PATH = this repository (so the committed bundle/ runs, as from the
 * action's checkout) and GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and RUNNER_TEMP as temporary files.
 * The `uses:` step (setup-node) is GitHub's and is not run: the Node that runs the tests is on PATH.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/cli.js';

interface Step {
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
  readonly run?: string;
  readonly shell?: string;
  readonly env?: Record<string, string>;
  readonly 'working-directory'?: string;
}
interface Action {
  readonly inputs: Record<string, { readonly default?: string }>;
  readonly outputs: Record<string, { readonly value: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly Step[] };
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
/** GitHub's per-step limit for each of error, warning and notice annotations. */
const LIMIT = 10;

/**
 * 11 errors (unknown keys), 11 warnings (inline comments after string values, which the kernel would
 * store or reject) and 3 notes: 25 findings. (Comments after numbers are harmless: one note per file.)
 */
const WORKSPACE_FILES: Record<string, string> = {
  'etc/sysctl.d/50-typos.conf': Array.from({ length: 11 }, (_, i) => `net.ipv4.tcp_made_up_${i + 1} = 1\n`).join(''),
  'etc/sysctl.d/60-comments.conf': [
    'kernel.core_pattern = core # c',
    'kernel.domainname = example # c',
    'kernel.hostname = web-01 # c',
    'kernel.modprobe = /sbin/modprobe # c',
    'kernel.poweroff_cmd = /sbin/poweroff # c',
    'net.core.default_qdisc = fq # c',
    'net.ipv4.tcp_congestion_control = bbr # c',
    'net.ipv4.tcp_allowed_congestion_control = reno cubic # c',
    'net.ipv6.conf.all.stable_secret = ::1 # c',
    'net.mptcp.scheduler = default # c',
    'net.mptcp.path_manager = kernel # c',
    'net.ipv4.tcp_keepalive_time = 600 # ten minutes',
    '',
  ].join('\n'),
  'etc/sysctl.d/70-notes.conf':
    'net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_keepalive_time = 600\nnet.ipv4.tcp_keepalive_intvl = 30\nnet.ipv4.tcp_keepalive_probes = 5\nnet.ipv4.tcp_timestamps = 1\n',
  '-dash.conf': 'net.ipv4.tcp_tw_recycle = 1\n',
};

interface Finding {
  readonly severity: 'error' | 'warning' | 'info';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
}

let scratch = '';
let workspace = '';
let expected: { errors: number; warnings: number; notes: number; findings: readonly Finding[] };

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sa-action-'));
  workspace = join(scratch, 'workspace');
  for (const [file, text] of Object.entries(WORKSPACE_FILES)) {
    mkdirSync(dirname(join(workspace, file)), { recursive: true });
    writeFileSync(join(workspace, file), text);
  }
  // What the committed bundle finds there, to compare the action's report with.
  const review = spawnSync(process.execPath, [join(REPO_ROOT, 'bundle', 'cli.cjs'), 'review', 'etc/sysctl.d', '--format', 'json'], {
    cwd: workspace,
    encoding: 'utf8',
  });
  const report = JSON.parse(review.stdout) as { summary: { errors: number; warnings: number; notes: number }; findings: Finding[] };
  expected = { ...report.summary, findings: report.findings };
});

after(() => rmSync(scratch, { recursive: true, force: true }));

/** The value of an action.yml expression: only `${{ inputs.NAME }}`, so that anything else fails here rather than passing untested. */
function evaluate(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (!input || !(input[1]! in action.inputs)) throw new Error(`action.yml uses \${{ ${expression} }}, which this test cannot evaluate`);
    return inputs[input[1]!]!;
  });
}

interface StepRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly outputs: Record<string, string>;
}

/** Parses GITHUB_OUTPUT as the runner does: NAME=VALUE lines and NAME<<DELIMITER blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const block = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      outputs[block[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      outputs[lines[i]!.slice(0, lines[i]!.indexOf('='))] = lines[i]!.slice(lines[i]!.indexOf('=') + 1);
    }
  }
  return outputs;
}

/** Runs every `run:` step of the action with the given inputs (the rest from action.yml's defaults). */
function runAction(given: Record<string, string>): StepRun {
  const inputs = { ...Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, spec.default ?? ''])), ...given };
  const dir = mkdtempSync(join(scratch, 'run-'));
  const files = { summary: join(dir, 'step-summary.md'), output: join(dir, 'github-output'), temp: join(dir, 'runner-temp') };
  mkdirSync(files.temp);
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');
  let last = { status: 0 as number | null, stdout: '', stderr: '' };
  for (const step of action.runs.steps.filter((candidate) => candidate.run !== undefined)) {
    assert.equal(step.shell, 'bash');
    assert.equal(step.if, undefined, 'a run step with `if:` needs that condition evaluated here');
    const script = join(dir, `${step.id ?? 'step'}.sh`);
    writeFileSync(script, step.run!);
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, evaluate(value, inputs)]));
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: step['working-directory'] ? evaluate(step['working-directory'], inputs) : workspace,
      encoding: 'utf8',
      env: {
        PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: dir,
        LANG: 'C.UTF-8',
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_ACTION_PATH: REPO_ROOT,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_OUTPUT: files.output,
        RUNNER_TEMP: files.temp,
        ...stepEnv,
      },
      timeout: 120_000,
    });
    last = { status: result.status, stdout: result.stdout, stderr: result.stderr };
    if (result.status !== 0) break;
  }
  return { ...last, summary: readFileSync(files.summary, 'utf8'), outputs: parseOutputs(readFileSync(files.output, 'utf8')) };
}

const annotations = (log: string, kind: string) => log.split('\n').filter((line) => line.startsWith(`::${kind} `));

test('the workspace has more than 10 errors and 10 warnings, so the limits are exercised', () => {
  assert.ok(expected.errors > LIMIT && expected.warnings > LIMIT, JSON.stringify(expected));
  assert.equal(expected.errors + expected.warnings + expected.notes, 25);
});

test('the action builds and installs nothing at run time: one setup-node step, skipped with node-version "", then the committed bundle', () => {
  assert.equal(action.runs.using, 'composite');
  const uses = action.runs.steps.filter((step) => step.uses);
  assert.deepEqual(
    uses.map((step) => [step.uses!.replace(/@.*/, ''), step.if]),
    [['actions/setup-node', "inputs.node-version != ''"]],
  );
  assert.equal(action.inputs['node-version']!.default, '24');
  for (const step of action.runs.steps.filter((candidate) => candidate.run)) {
    assert.doesNotMatch(step.run!, /\bnpm\b|\bnpx\b|esbuild|\btsc\b/);
    assert.match(step.run!, /\$GITHUB_ACTION_PATH\/bundle\/cli\.cjs/);
  }
});

test("default inputs: annotations up to GitHub's limits, the rest counted in the log, every finding in the job summary, and the outputs", () => {
  const result = runAction({ paths: 'etc/sysctl.d' });
  assert.equal(result.status, 1, result.stderr); // errors at or above fail-on: error

  const shown = {
    error: annotations(result.stdout, 'error').length,
    warning: annotations(result.stdout, 'warning').length,
    notice: annotations(result.stdout, 'notice').length,
  };
  assert.deepEqual(shown, {
    error: Math.min(LIMIT, expected.errors),
    warning: Math.min(LIMIT, expected.warnings),
    notice: Math.min(LIMIT, expected.notes),
  });
  const hidden = {
    errors: expected.errors - shown.error,
    warnings: expected.warnings - shown.warning,
    notes: expected.notes - shown.notice,
  };
  const total = hidden.errors + hidden.warnings + hidden.notes;
  assert.match(
    result.stdout,
    new RegExp(
      `^sysctl-advisor: ${total} findings not shown as annotations \\(errors ${hidden.errors}, warnings ${hidden.warnings}, notes ${hidden.notes}\\)`,
      'm',
    ),
  );

  assert.match(result.summary, new RegExp(`\\| ${expected.errors} \\| ${expected.warnings} \\| ${expected.notes} \\|`));
  assert.match(result.summary, new RegExp(`${total} findings not shown as annotations`));
  for (const finding of expected.findings) {
    assert.ok(
      result.summary.includes(`${finding.file}:${finding.line}:${finding.column}`),
      `${finding.file}:${finding.line}:${finding.column} (${finding.rule}) is not in the job summary`,
    );
  }

  assert.equal(result.outputs.findings, String(expected.findings.length));
  assert.equal(result.outputs.errors, String(expected.errors));
  const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0]!.results.length, expected.findings.length);
});

test("action.yml's outputs are the ones the review step writes", () => {
  const review = action.runs.steps.find((step) => step.id === 'review');
  assert.ok(review);
  for (const [name, output] of Object.entries(action.outputs)) assert.equal(output.value, `\${{ steps.review.outputs.${name} }}`);
  assert.deepEqual(Object.keys(action.outputs).sort(), ['errors', 'findings', 'sarif-file']);
});

test('format sarif with output: the report goes to that file, which is also the sarif-file output; fail-on none passes', () => {
  const result = runAction({ root: '.', format: 'sarif', output: 'results.sarif', 'fail-on': 'none' });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.equal(result.outputs['sarif-file'], 'results.sarif');
  const sarif = JSON.parse(readFileSync(join(workspace, 'results.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
  assert.ok(sarif.runs[0]!.results.length >= expected.findings.length);
  assert.match(result.summary, /^## sysctl-advisor review$/m);
});

test('format text goes to the log without annotations; the summary and outputs are still written', () => {
  const result = runAction({ paths: 'etc/sysctl.d', format: 'text', 'fail-on': 'warning' });
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(annotations(result.stdout, 'error'), []);
  assert.match(result.stdout, /etc\/sysctl\.d\/50-typos\.conf:1:1\s+error/);
  assert.doesNotMatch(result.stdout, /not shown as annotations/);
  assert.equal(result.outputs.findings, String(expected.findings.length));
});

test('a path starting with "-" is a file, not an option; inputs never reach the shell as code', () => {
  const dash = runAction({ paths: '-dash.conf' });
  assert.equal(dash.status, 1, dash.stderr);
  assert.match(dash.stdout, /^::error file=-dash\.conf,line=1/m);

  const injected = runAction({ paths: 'etc/sysctl.d', profile: '$(touch pwned)', kernel: '`touch pwned2`' });
  assert.equal(injected.status, 2);
  assert.match(injected.stderr, /^sysctl-advisor: /m);
  assert.ok(!existsSync(join(workspace, 'pwned')) && !existsSync(join(workspace, 'pwned2')));
  assert.deepEqual(injected.outputs, {}, 'bad input stops the step before any output');
});
