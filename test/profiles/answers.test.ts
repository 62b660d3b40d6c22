/** The answers file: round trip, clear errors, and how applyAnswers merges it with flags. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError, UsageError } from '../../src/util/errors.js';
import { applyAnswers, readAnswersFile, renderAnswersFile, type ReplayableArgs, type WizardAnswers } from '../../src/profiles/answers.js';

const dir = mkdtempSync(join(tmpdir(), 'sa-answers-'));
const ANSWERS: WizardAnswers = {
  version: 1,
  profile: 'outbound-client',
  context: { clientsBehindNat: true, natGateway: false, idleTimeout: null },
  kernel: '6.8',
  target: '/etc/sysctl.d/90-sysctl-advisor.conf',
  changes: { accepted: ['net.ipv4.tcp_tw_reuse'], rejected: ['net.ipv4.tcp_syn_retries'] },
};

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('an answers file reads back as written, "no idle timeout" included', () => {
  const path = file('a.yaml', renderAnswersFile(ANSWERS));
  assert.deepEqual(readAnswersFile(path), ANSWERS);
});

test('a broken answers file names the file and the field', () => {
  const table: [string, RegExp][] = [
    ['version: 2\n', /version must be 1/],
    ['- a\n', /expected a YAML mapping/],
    [renderAnswersFile(ANSWERS).replace('idleTimeout: null', 'idleTimeout: soon'), /context\.idleTimeout/],
    [renderAnswersFile(ANSWERS).replace('target: /etc', 'target: etc'), /target must be an absolute path/],
    [renderAnswersFile(ANSWERS).replace('natGateway: false', 'natGateway: no way'), /context\.natGateway/],
  ];
  for (const [text, message] of table) {
    const path = file('bad.yaml', text);
    assert.throws(
      () => readAnswersFile(path),
      (error: unknown) => error instanceof InputError && message.test(error.message) && error.location?.file === path,
    );
  }
  assert.throws(() => readAnswersFile(join(dir, 'missing.yaml')), /no such file/);
});

test('applyAnswers: the file gives profile, context, kernel, accepted keys and target; context flags win', () => {
  const path = file('b.yaml', renderAnswersFile(ANSWERS));
  assert.deepEqual(applyAnswers({ root: '/tmp/r' }), { root: '/tmp/r' }, 'no --answers: unchanged');
  const replayed = applyAnswers<ReplayableArgs>({ answers: path, root: '/tmp/r', profile: 'conservative' });
  assert.equal(replayed.profile, 'outbound-client');
  assert.deepEqual(replayed.replayedContext, ANSWERS.context);
  assert.deepEqual(replayed.acceptedKeys, ['net.ipv4.tcp_tw_reuse']);
  assert.equal(replayed.kernel, '6.8');
  assert.equal(replayed.target, '/tmp/r/etc/sysctl.d/90-sysctl-advisor.conf');
  const withFlags = applyAnswers<ReplayableArgs>({
    answers: path,
    root: '/tmp/r',
    idleTimeout: 300,
    natGateway: true,
    target: '/tmp/r/x.conf',
  });
  assert.deepEqual(withFlags.replayedContext, { clientsBehindNat: true, natGateway: true, idleTimeout: 300 });
  assert.equal(withFlags.target, '/tmp/r/x.conf');
  // generate has no root: no target is invented.
  assert.equal(applyAnswers<ReplayableArgs>({ answers: path }).target, undefined);
  assert.throws(
    () => applyAnswers({ answers: path, profile: 'edge' }),
    (error: unknown) => error instanceof UsageError && /contradicts/.test(error.message),
  );
});
