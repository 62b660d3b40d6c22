/**
 * The wizard in a real pseudo-terminal: tmux runs the built CLI, the test reads the screen with
 * capture-pane and types with send-keys, through detection, questions, the review (accepting
 * some changes, rejecting one) and the write; then checks the file on disk. A private tmux
 * server (-L) keeps other tmux users on this machine out of it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { NOT_A_TERMINAL } from '../../src/wizard/run.js';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';
import { assignmentsOf, copyRoot, fingerprint } from './helpers/roots.js';

const SERVER = `sa-wizard-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SERVER, ...args], { encoding: 'utf8' });

function tmuxAvailable(t: TestContext): boolean {
  if (spawnSync('tmux', ['-V']).status === 0) return true;
  if (process.env.CI === 'true') throw new Error('CI must run the PTY test, but tmux is missing');
  t.skip('needs tmux');
  return false;
}

after(() => spawnSync('tmux', ['-L', SERVER, 'kill-server']));

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Starts the CLI in a 200x50 pane; its exit status lands in `exitFile`. */
function start(session: string, args: readonly string[], exitFile: string): void {
  const command = `cd ${quote(REPO_ROOT)} && NO_COLOR=1 ${quote(process.execPath)} ${quote(CLI)} ${args.map(quote).join(' ')}; echo $? > ${quote(exitFile)}; sleep 60`;
  tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', command);
}

/** Waits until the screen (wrapped lines joined, with scrollback) shows `pattern`. */
async function screenShows(session: string, pattern: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-J', '-S', '-500', '-t', session);
    if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function keys(session: string, waitFor: string | RegExp, ...typed: string[]): Promise<void> {
  await screenShows(session, waitFor);
  await new Promise((resolve) => setTimeout(resolve, 150)); // the prompt attaches its key handler after drawing
  for (const key of typed) tmux('send-keys', '-t', session, key);
}

async function exitStatus(file: string, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file) || readFileSync(file, 'utf8') === '') {
    if (Date.now() > deadline) throw new Error('the wizard did not exit');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Number(readFileSync(file, 'utf8').trim());
}

test('in a real terminal: detection, questions, review (accept some, reject one), write with a backup', { timeout: 90_000 }, async (t) => {
  if (!tmuxAvailable(t)) return;
  const root = copyRoot('port-exhaustion');
  const target = join(root, 'etc/sysctl.d/90-sysctl-advisor.conf');
  const previous = '# written by an earlier run, to be replaced\n';
  writeFileSync(target, previous);
  const answers = join(dirname(root), 'answers.yaml');
  const exitFile = join(dirname(root), 'exit');
  start('full', ['wizard', '--root', root, '--save-answers', answers], exitFile);

  const detected = await screenShows('full', 'Which workload does this host run?');
  assert.match(detected, /Detected under .*\n {2}Kernel 6\.18\.44/);
  assert.match(detected, /net\.ipv4\.ip_local_port_range\s+60000 60999\s+\/etc\/sysctl\.d\/60-ports\.conf:1/);
  assert.match(detected, /❯ Outbound client/, 'the suggested workload is preselected');
  await keys('full', 'Which workload does this host run?', 'Enter');
  await keys('full', 'Do clients reach this host through NAT', 'Enter');
  await keys('full', 'Does this host translate addresses', 'n', 'Enter');
  await keys('full', 'Idle timeout of the load balancer', 'Down', 'Down', 'Enter'); // AWS NLB, 350 s
  const review = await screenShows('full', 'Which changes do you accept?');
  assert.match(review, /◉ net\.ipv4\.tcp_syn_retries: 6 → 3 now and at boot {2}\[profile:outbound-client\]/);
  await keys('full', 'Which changes do you accept?', 'Down', 'Down', 'Space', 'Enter'); // reject the third: tcp_syn_retries
  await keys('full', 'Write the drop-in to:', 'Enter');
  const diff = await screenShows('full', /Write .*90-sysctl-advisor\.conf \(the current file is kept as .*\.bak\)\?/);
  assert.match(diff, /The resulting diff \(accepted changes only\)/);
  assert.ok(!/^\+net\.ipv4\.tcp_syn_retries/m.test(diff), 'the rejected change is not in the diff');
  await keys('full', /kept as .*\.bak\)\?/, 'Enter');
  assert.equal(await exitStatus(exitFile), 0, tmux('capture-pane', '-p', '-J', '-S', '-100', '-t', 'full'));

  const written = readFileSync(target, 'utf8');
  assert.deepEqual(
    assignmentsOf(written),
    new Map([
      ['net.ipv4.ip_local_port_range', '10240 65535'],
      ['net.ipv4.tcp_keepalive_time', '175'],
      ['net.ipv4.tcp_tw_reuse', '1'],
    ]),
  );
  for (const key of assignmentsOf(written).keys()) {
    const escaped = key.replaceAll('.', '\\.');
    assert.match(written, new RegExp(`# ${escaped}: was .*\\n(# .*\\n)*# Why: .*\\n(# .*\\n)*${escaped} = `), `${key} is explained`);
  }
  assert.equal(readFileSync(`${target}.bak`, 'utf8'), previous);
  const replay = runCli(['advise', '--root', root, '--answers', answers, '--format', 'conf']);
  assert.equal(replay.stdout, written, 'advise --answers replays the wizard run');
});

test('in a real terminal: Ctrl-C at a prompt exits 130 and writes nothing', { timeout: 60_000 }, async (t) => {
  if (!tmuxAvailable(t)) return;
  const root = copyRoot('healthy');
  const exitFile = join(dirname(root), 'exit');
  const before = fingerprint(root);
  start('interrupt', ['wizard', '--root', root, '--save-answers', join(dirname(root), 'answers.yaml')], exitFile);
  await keys('interrupt', 'Which workload does this host run?', 'Enter');
  await keys('interrupt', 'Do clients reach this host through NAT', 'C-c');
  assert.equal(await exitStatus(exitFile), 130);
  assert.match(await screenShows('interrupt', 'interrupted'), /sysctl-advisor: wizard interrupted; nothing was written/);
  assert.deepEqual(fingerprint(root), before);
  assert.ok(!existsSync(join(dirname(root), 'answers.yaml')));
});

test('without a terminal the wizard refuses in one line, naming the non-interactive equivalent (exit 2)', () => {
  const result = runCli(['wizard', '--root', copyRoot('healthy')]);
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, `sysctl-advisor: ${NOT_A_TERMINAL}\n`);
  assert.match(NOT_A_TERMINAL, /advise --profile NAME -o FILE.*advise --answers FILE -o FILE/);
  assert.doesNotMatch(NOT_A_TERMINAL, />/, 'no redirect onto a file');
});
