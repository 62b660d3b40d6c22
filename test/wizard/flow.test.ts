/**
 * Full wizard sessions in-process: the real inquirer prompts on injected streams, keystrokes
 * scripted against what the terminal shows, on temp copies of the scenario roots so the files
 * are really written. Replays of the saved answers must give the same file.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { WizardArgs } from '../../src/wizard/flow.js';
import { runWizardSession } from '../../src/wizard/run.js';
import { runCli } from '../helpers/cli.js';
import { assignmentsOf, copyRoot, fingerprint } from './helpers/roots.js';
import { KEYS, ScriptedTerminal } from './helpers/scripted-terminal.js';

const TARGET = 'etc/sysctl.d/90-sysctl-advisor.conf';

async function session(args: WizardArgs, script: (terminal: ScriptedTerminal) => Promise<void>) {
  const terminal = new ScriptedTerminal();
  const running = runWizardSession(args, { terminal, env: { NO_COLOR: '1' }, runtime: { platform: 'linux', uid: 0 } });
  await script(terminal);
  const output = await running;
  return { output, text: terminal.text };
}

test('detect, ask, review (accept some, reject one), write with a backup, save answers; replays give the same file', async () => {
  const root = copyRoot('port-exhaustion');
  const previous = '# an earlier run left this file\n';
  writeFileSync(join(root, TARGET), previous);
  const answers = join(dirname(root), 'answers.yaml');
  const { output, text } = await session({ root, saveAnswers: answers }, async (t) => {
    await t.answer('Which workload does this host run?', KEYS.enter); // default: outbound-client, from the TIME_WAIT seen
    await t.answer('Do clients reach this host through NAT', KEYS.enter);
    await t.answer('Does this host translate addresses for others', KEYS.enter);
    await t.answer('Idle timeout of the load balancer', KEYS.down, KEYS.enter); // F5 virtual server, 300 s
    await t.answer('Which changes do you accept?', '3', KEYS.enter); // reject tcp_syn_retries (third)
    await t.answer('Write the drop-in to:', KEYS.enter);
    await t.answer(/Write .*90-sysctl-advisor\.conf \(the current file is kept as .*\.bak\)\?/, KEYS.enter);
  });
  assert.equal(output.exitCode, 0, output.stderr);
  // Detection came first, with provenance and the socket summary.
  assert.match(text, /Kernel 6\.18\.44/);
  assert.match(text, /net\.ipv4\.ip_local_port_range\s+60000 60999\s+\/etc\/sysctl\.d\/60-ports\.conf:1/);
  assert.match(text, /850 TIME_WAIT towards remote services; busiest destination 10\.2\.0\.5:443 holds 910 of 1000 usable ports/);
  assert.match(text, /Suggested: outbound-client \(850 TIME_WAIT sockets towards remote services\)/);
  assert.match(text, /Not offering to apply now: --root .*: values are applied to the running host only/);

  const written = readFileSync(join(root, TARGET), 'utf8');
  assert.deepEqual(
    [...assignmentsOf(written).keys()],
    ['net.ipv4.ip_local_port_range', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_tw_reuse'],
  );
  for (const key of assignmentsOf(written).keys())
    assert.match(
      written,
      new RegExp(`# ${key.replaceAll('.', '\\.')}: was .*\\n(# .*\\n)*# Why: .*\\n(# .*\\n)*${key.replaceAll('.', '\\.')} = `),
    );
  assert.equal(readFileSync(join(root, `${TARGET}.bak`), 'utf8'), previous);
  assert.deepEqual(
    readdirSync(join(root, 'etc/sysctl.d')).filter((name) => name.includes('tmp')),
    [],
    'no temp file left',
  );

  const saved = readFileSync(answers, 'utf8');
  assert.match(saved, /profile: outbound-client/);
  assert.match(saved, /idleTimeout: 300/);
  assert.match(
    saved,
    /accepted:\n {4}- net\.ipv4\.ip_local_port_range\n {4}- net\.ipv4\.tcp_keepalive_time\n {4}- net\.ipv4\.tcp_tw_reuse\n {2}rejected:\n {4}- net\.ipv4\.tcp_syn_retries/,
  );
  // Replays: on the written root, and on a fresh copy of the original (as provisioning would).
  const fresh = copyRoot('port-exhaustion');
  writeFileSync(join(fresh, TARGET), previous);
  for (const replayRoot of [root, fresh]) {
    const replay = runCli(['advise', '--root', replayRoot, '--answers', answers, '--format', 'conf']);
    assert.equal(replay.status, 0, replay.stderr);
    assert.equal(replay.stdout, written, `advise --answers on ${replayRoot}`);
  }
  const generated = runCli(['generate', '--answers', answers]);
  assert.equal(generated.status, 0, generated.stderr);
  assert.equal(
    generated.stdout,
    runCli(['generate', '--profile', 'outbound-client', '--clients-behind-nat', '--no-nat-gateway', '--idle-timeout', '300']).stdout,
  );
});

test('flags given on the command line are not asked again', async () => {
  const root = copyRoot('healthy');
  const target = join(root, 'etc/sysctl.d/80-web.conf');
  const { output, text } = await session(
    { root, profile: 'web-server', clientsBehindNat: false, natGateway: true, idleTimeout: 240, target },
    async (t) => {
      await t.answer('Which changes do you accept?', KEYS.enter);
      await t.answer(/Write .*80-web\.conf\?/, 'y', KEYS.enter);
    },
  );
  assert.equal(output.exitCode, 0, output.stderr);
  for (const asked of ['Which workload', 'through NAT', 'translate addresses', 'Idle timeout of', 'Write the drop-in to'])
    assert.ok(!text.includes(asked), `not asked: ${asked}`);
  assert.match(text, /Context: clients behind NAT: no; NAT gateway: yes; middlebox idle timeout: 240 s/);
  assert.deepEqual(
    assignmentsOf(readFileSync(target, 'utf8')),
    new Map([
      ['net.ipv4.tcp_keepalive_intvl', '60'],
      ['net.ipv4.tcp_keepalive_time', '120'],
    ]),
  );
  assert.ok(!existsSync(`${target}.bak`), 'no backup without a previous file');
});

test('Ctrl-C at a prompt exits 130 and writes nothing (first prompt and last prompt)', async () => {
  for (const stopAt of ['Which workload does this host run?', /Write .*90-sysctl-advisor\.conf\?/]) {
    const root = copyRoot('syn-flood');
    const before = fingerprint(dirname(root));
    const { output } = await session({ root, saveAnswers: join(dirname(root), 'answers.yaml') }, async (t) => {
      if (typeof stopAt !== 'string') {
        await t.answer('Which workload does this host run?', KEYS.enter);
        await t.answer('Do clients reach this host through NAT', KEYS.enter);
        await t.answer('Does this host translate addresses for others', KEYS.enter);
        await t.answer('Idle timeout of the load balancer', KEYS.enter);
        await t.answer('Which changes do you accept?', KEYS.enter);
        await t.answer('Write the drop-in to:', KEYS.enter);
      }
      await t.answer(stopAt, KEYS.ctrlC);
    });
    assert.equal(output.exitCode, 130);
    assert.match(output.stderr ?? '', /interrupted; nothing was written/);
    assert.deepEqual(fingerprint(dirname(root)), before, `nothing written, no temp file (stopped at ${String(stopAt)})`);
  }
});

test('rejecting every change writes nothing but still saves the answers', async () => {
  const root = copyRoot('tw-bucket-overflow');
  const before = fingerprint(root);
  const answers = join(dirname(root), 'answers.yaml');
  const { output, text } = await session(
    { root, profile: 'conservative', idleTimeout: 300, clientsBehindNat: true, natGateway: false, saveAnswers: answers },
    async (t) => {
      await t.answer('Which changes do you accept?', 'a', KEYS.enter); // "a" with all checked unchecks all
    },
  );
  assert.equal(output.exitCode, 0, output.stderr);
  assert.match(text, /No change accepted: nothing to write\./);
  assert.deepEqual(fingerprint(root), before);
  assert.match(readFileSync(answers, 'utf8'), /accepted: \[\]/);
  // Replaying "nothing accepted" proposes nothing.
  assert.equal(runCli(['advise', '--root', root, '--answers', answers, '--format', 'diff']).stdout, '');
});

test('a removal in another file is written with its backup; a change a later file overrides cannot be chosen', async () => {
  const root = copyRoot('nat-old-kernel');
  // A later file sets keepalive back: the keepalive change would not stick.
  mkdirSync(join(root, 'etc/sysctl.d'), { recursive: true });
  writeFileSync(join(root, 'etc/sysctl.d/99-zz-keepalive.conf'), 'net.ipv4.tcp_keepalive_time = 7200\n');
  const sysctlConf = readFileSync(join(root, 'etc/sysctl.conf'), 'utf8');
  const { output, text } = await session(
    { root, profile: 'web-server', idleTimeout: 240, clientsBehindNat: true, natGateway: false },
    async (t) => {
      await t.answer('Which changes do you accept?', KEYS.enter);
      await t.answer('Write the drop-in to:', KEYS.enter);
      await t.answer(/Write .*\?/, KEYS.enter);
    },
  );
  assert.equal(output.exitCode, 0, output.stderr);
  assert.match(
    text,
    /net\.ipv4\.tcp_keepalive_time: 7200 → 120 .*\(not written: \/etc\/sysctl\.d\/99-zz-keepalive\.conf:1 sets 7200 later; change that line\)/,
  );
  assert.ok(!assignmentsOf(readFileSync(join(root, TARGET), 'utf8')).has('net.ipv4.tcp_keepalive_time'));
  assert.ok(assignmentsOf(readFileSync(join(root, TARGET), 'utf8')).has('net.core.somaxconn'));
  assert.equal(readFileSync(join(root, 'etc/sysctl.conf.bak'), 'utf8'), sysctlConf);
  assert.ok(!/tcp_tw_recycle/.test(readFileSync(join(root, 'etc/sysctl.conf'), 'utf8')), 'tcp_tw_recycle removed from /etc/sysctl.conf');
});

test('a profile file: the path is validated, and its context becomes the defaults of the later questions', async () => {
  const root = copyRoot('healthy');
  const profile = join(dirname(root), 'behind-nlb.yaml');
  writeFileSync(
    profile,
    'name: behind-nlb\nsummary: Web servers behind an AWS NLB.\nextends: web-server\ncontext:\n  clientsBehindNat: false\n  idleTimeout: 350\n',
  );
  const answers = join(dirname(root), 'answers.yaml');
  const { output, text } = await session({ root, saveAnswers: answers }, async (t) => {
    await t.answer('Which workload does this host run?', '7', KEYS.enter); // the 7th entry: a profile file
    await t.answer('Profile file:', join(dirname(root), 'missing.yaml'), KEYS.enter);
    await t.expect('No such file');
    // Clear the wrong path (ctrl-U kills the line) and type the right one.
    t.send('\u0015', profile, KEYS.enter);
    await t.answer(/Do clients reach this host through NAT.*\(y\/N\)/, KEYS.enter); // default from the profile: no
    await t.answer('Does this host translate addresses for others', KEYS.enter);
    await t.answer(/Idle timeout of the load balancer.*\n.*\n.*\n❯ AWS Network Load Balancer: 350 s/, KEYS.enter); // default from the profile's idleTimeout
    await t.answer('Which changes do you accept?', KEYS.enter);
    await t.answer('Write the drop-in to:', KEYS.enter);
    await t.answer(/Write .*\?/, 'n', KEYS.enter);
  });
  assert.equal(output.exitCode, 0, output.stderr);
  assert.match(text, /profile behind-nlb\nContext: clients behind NAT: no; NAT gateway: no; middlebox idle timeout: 350 s/);
  assert.ok(!existsSync(join(root, TARGET)), 'declined: nothing written');
  assert.match(readFileSync(answers, 'utf8'), new RegExp(`profile: ${profile}`));
});
