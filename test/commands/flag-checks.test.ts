/**
 * Flag values through the built CLI: a bad --idle-timeout, --kernel or --top is one line on
 * stderr, exit 2, no stack, on every command that takes it, before anything is read; good ones
 * (a pasted `uname -r`, the smallest accepted idle timeout) work. The wizard's question, answers
 * files and the flag share one check.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SHORTEST_IDLE_TIMEOUT } from '../../src/params/middleboxes.js';
import { idleTimeoutProblem } from '../../src/safety/keepalive.js';
import { wizardQuestions } from '../../src/wizard/questions.js';
import { FIXTURE_ROOTS, inPool, runCliAsync, STACK_LINE, withScratch, type CliRun } from '../hardening/helpers.js';

const HEALTHY = join(FIXTURE_ROOTS, 'healthy/root');

/** The command lines that take the context flags, each complete but for the flag under test. */
const CONTEXT_COMMANDS: readonly (readonly string[])[] = [
  ['advise', '--root', HEALTHY],
  ['generate', '--profile', 'long-lived'],
  ['review', join(HEALTHY, 'etc/sysctl.conf')],
  ['wizard', '--root', HEALTHY],
];

function oneLineError(run: CliRun, message: RegExp, what: string): void {
  assert.equal(run.status, 2, `${what}: exit ${run.status}\n${run.stderr}`);
  assert.equal(run.stdout, '', `${what}: nothing on stdout`);
  assert.ok(!STACK_LINE.test(run.stderr), `${what}: no stack trace\n${run.stderr}`);
  assert.equal(run.stderr.split('\n').length, 2, `${what}: one line\n${run.stderr}`);
  assert.match(run.stderr, new RegExp(`^sysctl-advisor: ${message.source}\\n$`), what);
}

test(
  '--idle-timeout: anything but whole seconds > 0 is one line and exit 2 on advise, generate, review and wizard',
  { timeout: 120_000 },
  async () => {
    const bad = ['abc', '300s', '1.5', '0', '-1', '1e3', '0x12', ''];
    const runs = await inPool(
      CONTEXT_COMMANDS.flatMap((command) =>
        bad.map((value) => async () => ({
          what: `${command[0]} --idle-timeout "${value}"`,
          value,
          run: await runCliAsync([...command, '--idle-timeout', value]),
        })),
      ),
    );
    for (const { what, value, run } of runs) {
      const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      oneLineError(run, new RegExp(`--idle-timeout takes whole seconds > 0, e\\.g\\. 300 \\(not "${escaped}"\\)`), what);
    }
  },
);

test('--idle-timeout below 10 s is refused with the reason and what to do instead; 10 s is accepted', { timeout: 60_000 }, async () => {
  for (const command of CONTEXT_COMMANDS) {
    const run = await runCliAsync([...command, '--idle-timeout', '9']);
    oneLineError(
      run,
      /--idle-timeout of 9 s is too short for TCP keepalive \(the smallest accepted is 10 s\): every SO_KEEPALIVE socket in the network namespace would probe after 4 s idle, .*; raise the middlebox's idle timeout, or have the application send heartbeats/,
      `${command[0]} --idle-timeout 9`,
    );
  }
  const generated = await runCliAsync(['generate', '--profile', 'conservative', '--idle-timeout', String(SHORTEST_IDLE_TIMEOUT)]);
  assert.equal(generated.status, 0, generated.stderr);
  assert.match(generated.stdout, /^net\.ipv4\.tcp_keepalive_time = 5$/m);
  const advised = await runCliAsync(['advise', '--root', HEALTHY, '--idle-timeout', '300', '--format', 'conf']);
  assert.equal(advised.status, 0, advised.stderr);
  assert.match(advised.stdout, /^net\.ipv4\.tcp_keepalive_time = 150$/m);
});

test("the wizard's idle-timeout question and answers files ask the same check as the flag", async () => {
  const question = wizardQuestions(['conservative']).find((q) => q.id === 'idleTimeoutSeconds');
  assert.ok(question && question.kind === 'number');
  assert.equal(question.validate(9), `The idle timeout ${idleTimeoutProblem(9)}`);
  assert.equal(question.validate(1.5), 'The idle timeout takes whole seconds > 0, e.g. 300');
  assert.equal(question.validate(undefined), 'The idle timeout takes whole seconds > 0, e.g. 300');
  assert.equal(question.validate(10), true);
  await withScratch('answers-idle', async (dir) => {
    const answers = join(dir, 'answers.yaml');
    writeFileSync(
      answers,
      'version: 1\nprofile: conservative\ntarget: /etc/sysctl.d/90-sysctl-advisor.conf\ncontext:\n  clientsBehindNat: true\n  natGateway: false\n  idleTimeout: 5\nchanges:\n  accepted: []\n',
    );
    oneLineError(
      await runCliAsync(['advise', '--root', HEALTHY, '--answers', answers]),
      new RegExp(`${answers}: context\\.idleTimeout of 5 s is too short for TCP keepalive .*, or null for none`),
      'answers idleTimeout 5',
    );
  });
});

test(
  '--kernel: a pasted uname -r is taken as its X.Y.Z; versions the catalogue cannot speak for are refused; newer ones get a note',
  { timeout: 60_000 },
  async () => {
    const aws = await runCliAsync(['explain', 'tcp_syn_retries', '--kernel', '6.8.0-1014-aws']);
    assert.equal(aws.status, 0, aws.stderr);
    assert.match(aws.stdout, /^ {2}Default: {2}6 on 6\.8$/m);
    assert.equal(aws.stderr, '');
    const rhel = await runCliAsync(['advise', '--root', HEALTHY, '--kernel', '3.10.0-1160.el7.x86_64']);
    assert.equal(rhel.status, 0, rhel.stderr);
    assert.match(rhel.stdout, /^sysctl-advisor: .*\nKernel 3\.10 \(--kernel\)/);

    for (const command of [...CONTEXT_COMMANDS, ['explain', 'tcp_fin_timeout']]) {
      oneLineError(
        await runCliAsync([...command, '--kernel', '2.4']),
        /--kernel 2\.4 is older than any kernel the parameter catalogue has facts for \(2\.6 and later: .*\)/,
        `${command[0]} --kernel 2.4`,
      );
      oneLineError(
        await runCliAsync([...command, '--kernel', '6.8abc']),
        /--kernel takes X\.Y, X\.Y\.Z or a "uname -r" release \(e\.g\. 6\.8 or 6\.8\.0-1014-aws\), not "6\.8abc"/,
        `${command[0]} --kernel 6.8abc`,
      );
    }
    oneLineError(
      await runCliAsync(['explain', 'tcp_fin_timeout', '--kernel', '6.8', '--kernel', '6.1']),
      /--kernel is given 2 times; give it once/,
      'a repeated --kernel',
    );
    oneLineError(await runCliAsync(['explain', 'tcp_fin_timeout', '--kernel']), /--kernel needs a value/, '--kernel without a value');

    const newer = await runCliAsync(['generate', '--profile', 'web-server', '--kernel', '7.2']);
    assert.equal(newer.status, 0, newer.stderr);
    assert.equal(
      newer.stderr.split('\n')[0],
      'sysctl-advisor: note: kernel 7.2 is newer than the newest the parameter catalogue knows (6.18): keys, defaults and ranges are assumed as on 6.18, and keys added since are not known',
    );
    const json = await runCliAsync(['advise', '--root', HEALTHY, '--kernel', '7.2', '--format', 'json']);
    assert.doesNotThrow(() => JSON.parse(json.stdout), 'the note stays off stdout');
    assert.match(json.stderr, /^sysctl-advisor: note: kernel 7\.2 is newer/);
  },
);

test('states --top and --warn/--crit: whole numbers only', { timeout: 60_000 }, async () => {
  const dump = join(FIXTURE_ROOTS, '../dumps/ss-tan.txt');
  for (const value of ['0', 'abc', '2.5', '10001', '-3']) {
    oneLineError(
      await runCliAsync(['states', '--from', dump, '--top', value]),
      new RegExp(`--top takes a whole number from 1 to 10000, e\\.g\\. 20 \\(not "${value.replace('.', '\\.')}"\\)`),
      `--top ${value}`,
    );
  }
  const top = await runCliAsync(['states', '--from', dump, '--top', '1', '--format', 'json']);
  assert.equal(top.status, 0, top.stderr);
  // Monitoring mode keeps the plugin convention: input it cannot use is UNKNOWN (exit 3) on one line.
  const warn = await runCliAsync(['states', '--from', dump, '--warn', 'TIME_WAIT=1.5']);
  assert.equal(warn.status, 3);
  assert.match(
    warn.stdout,
    /^TCP STATES UNKNOWN - --warn TIME_WAIT=1\.5: expected STATE=N with N a whole number, e\.g\. --warn TIME_WAIT=600\n$/,
  );
});
