/**
 * The wizard's question logic as data, without a terminal: which questions are asked given the
 * flags and the answers so far, and which defaults detection leads to.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { builtinProfileNames } from '../../src/profiles/builtin.js';
import { detectHost, type Detection } from '../../src/wizard/detect.js';
import { IDLE_TIMEOUT_CHOICES, idleTimeoutChoiceFor } from '../../src/wizard/idle-timeouts.js';
import {
  chosenContext,
  chosenProfile,
  PROFILE_FILE_CHOICE,
  questionsAsked,
  suggestWorkload,
  wizardQuestions,
  type QuestionContext,
  type WizardFlags,
} from '../../src/wizard/questions.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { copyRoot } from './helpers/roots.js';

const ROOTS = join(REPO_ROOT, 'test', 'fixtures', 'roots');
const detect = (scenario: string) => detectHost(join(ROOTS, scenario, 'root'));
const QUESTIONS = wizardQuestions(builtinProfileNames());
const question = (id: string) => QUESTIONS.find((q) => q.id === id)!;
const ctx = (detection: Detection, flags: WizardFlags = {}, profileDefaults = {}): QuestionContext => ({
  detection,
  flags,
  answers: {},
  profileDefaults,
});

test('with no flags, the wizard asks the workload, NAT, gateway and idle timeout (detection knows kernel and namespace)', () => {
  const detection = detect('healthy');
  assert.deepEqual(questionsAsked(QUESTIONS, { detection, flags: {}, profileDefaults: {} }), [
    'profile',
    'clientsBehindNat',
    'natGateway',
    'idleTimeout',
  ]);
});

test('a flag given on the command line is never asked again', () => {
  const detection = detect('healthy');
  const base = { detection, profileDefaults: {} };
  const table: [WizardFlags, string[]][] = [
    [{ profile: 'web-server' }, ['clientsBehindNat', 'natGateway', 'idleTimeout']],
    [{ clientsBehindNat: false }, ['profile', 'natGateway', 'idleTimeout']],
    [{ clientsBehindNat: true, natGateway: false }, ['profile', 'idleTimeout']],
    [{ idleTimeout: 300 }, ['profile', 'clientsBehindNat', 'natGateway']],
    [{ profile: 'edge', clientsBehindNat: true, natGateway: true, idleTimeout: 60 }, []],
  ];
  for (const [flags, expected] of table) assert.deepEqual(questionsAsked(QUESTIONS, { ...base, flags }), expected, JSON.stringify(flags));
});

test('follow-up questions appear only for the answers that need them', () => {
  const base = { detection: detect('healthy'), flags: {}, profileDefaults: {} };
  assert.ok(questionsAsked(QUESTIONS, base, { profile: PROFILE_FILE_CHOICE }).includes('profileFile'));
  assert.ok(!questionsAsked(QUESTIONS, base, { profile: 'web-server' }).includes('profileFile'));
  assert.ok(questionsAsked(QUESTIONS, base, { idleTimeout: 'custom' }).includes('idleTimeoutSeconds'));
  assert.ok(!questionsAsked(QUESTIONS, base, { idleTimeout: 'f5' }).includes('idleTimeoutSeconds'));
  // --idle-timeout given: neither the choice nor the custom value is asked.
  assert.deepEqual(
    questionsAsked(QUESTIONS, { ...base, flags: { idleTimeout: 90 } }, { idleTimeout: 'custom' }).filter((id) => id.startsWith('idle')),
    [],
  );
});

test('kernel and namespace are asked only when detection could not tell them (and no flag did)', () => {
  const known = detect('healthy');
  const unknown: Detection = { ...known, kernelKnown: false, namespace: 'unknown' };
  const base = { detection: unknown, profileDefaults: {} };
  assert.deepEqual(questionsAsked(QUESTIONS, { ...base, flags: {} }).slice(0, 3), ['profile', 'container', 'kernel']);
  assert.deepEqual(questionsAsked(QUESTIONS, { ...base, flags: { kernel: '5.4', container: false } }).slice(0, 2), [
    'profile',
    'clientsBehindNat',
  ]);
  const kernel = question('kernel');
  assert.ok(kernel.kind === 'input');
  assert.equal(kernel.validate('6.8'), true);
  assert.match(String(kernel.validate('six')), /X\.Y/);
});

test('the suggested workload follows the sockets seen', () => {
  const table: [string, string][] = [
    ['port-exhaustion', 'outbound-client'], // 850 TIME_WAIT towards 10.2.0.5:443, no listener
    ['healthy', 'web-server'], // a listener on :80, inbound connections only
    ['close-wait-leak', 'web-server'],
    ['syn-flood', 'edge'], // 1100 SYN_RECV and TCPReqQFullDrop on a listener
    ['accept-queue-overflow', 'web-server'],
  ];
  for (const [scenario, profile] of table) {
    const detection = detect(scenario);
    assert.equal(suggestWorkload(detection).profile, profile, `${scenario}: ${suggestWorkload(detection).reason}`);
    assert.equal(question('profile').default(ctx(detection)), profile);
  }
  const noSockets: Detection = { ...detect('healthy'), sockets: undefined } as unknown as Detection;
  assert.equal(suggestWorkload(noSockets).profile, 'conservative');
  // Listeners plus many outbound TIME_WAIT: a reverse proxy.
  const proxy = detect('port-exhaustion');
  assert.equal(suggestWorkload({ ...proxy, sockets: { ...proxy.sockets!, publicListeners: 1 } }).profile, 'reverse-proxy');
});

test('the NAT-gateway default comes from ip_forward; the NAT and idle-timeout defaults from the profile', () => {
  const detection = detect('healthy');
  assert.equal(detection.ipForward, '0');
  assert.equal(question('natGateway').default(ctx(detection)), false);
  assert.equal(question('natGateway').default(ctx({ ...detection, ipForward: '1' })), true);
  assert.match(question('natGateway').explain(ctx({ ...detection, ipForward: '1' })), /ip_forward is 1 here/);
  assert.equal(question('clientsBehindNat').default(ctx(detection)), true);
  assert.equal(question('clientsBehindNat').default(ctx(detection, {}, { clientsBehindNat: false })), false);
  assert.equal(question('idleTimeout').default(ctx(detection)), 'none');
  assert.equal(question('idleTimeout').default(ctx(detection, {}, { idleTimeout: 350 })), 'aws-nlb');
  assert.equal(question('idleTimeout').default(ctx(detection, {}, { idleTimeout: 42 })), 'custom');
  assert.equal(question('idleTimeoutSeconds').default(ctx(detection, {}, { idleTimeout: 42 })), 42);
});

test('idle-timeout choices: vendor defaults with a source each, plus none and custom', () => {
  for (const choice of IDLE_TIMEOUT_CHOICES)
    if (typeof choice.seconds === 'number') assert.ok(choice.source, `${choice.id} cites a source`);
  assert.deepEqual(
    IDLE_TIMEOUT_CHOICES.map((c) => [c.id, c.seconds]),
    [
      ['none', null],
      ['f5', 300],
      ['aws-nlb', 350],
      ['azure-lb', 240],
      ['custom', undefined],
    ],
  );
  assert.equal(idleTimeoutChoiceFor(300), 'f5');
  assert.equal(idleTimeoutChoiceFor(null), 'none');
});

test('the answers resolve to a profile and a context: flags first, then answers, then profile defaults', () => {
  assert.equal(chosenProfile({ profile: 'edge' }, { profile: 'web-server' }), 'edge');
  assert.equal(chosenProfile({}, { profile: PROFILE_FILE_CHOICE, profileFile: ' rel/p.yaml ' }), join(process.cwd(), 'rel/p.yaml'));
  assert.deepEqual(chosenContext({}, { clientsBehindNat: false, natGateway: true, idleTimeout: 'f5' }, {}), {
    clientsBehindNat: false,
    natGateway: true,
    idleTimeout: 300,
  });
  assert.deepEqual(chosenContext({}, { idleTimeout: 'custom', idleTimeoutSeconds: 75 }, {}), {
    clientsBehindNat: true,
    natGateway: false,
    idleTimeout: 75,
  });
  // "None" is an answer, not a gap: the profile's idle timeout does not come back.
  assert.equal(chosenContext({}, { idleTimeout: 'none' }, { idleTimeout: 350 }).idleTimeout, null);
  assert.deepEqual(chosenContext({ idleTimeout: 60, natGateway: false }, {}, { natGateway: true, clientsBehindNat: false }), {
    clientsBehindNat: false,
    natGateway: false,
    idleTimeout: 60,
  });
});

test('detection reports where each value comes from and which counters alarm', () => {
  const ports = detect('port-exhaustion');
  const range = ports.keys.find((k) => k.key === 'net.ipv4.ip_local_port_range')!;
  assert.equal(range.value, '60000 60999');
  assert.deepEqual(range.source, { kind: 'config', file: '/etc/sysctl.d/60-ports.conf', line: 1, value: '60000 60999' });
  assert.deepEqual(ports.keys.find((k) => k.key === 'net.ipv4.tcp_fin_timeout')!.source, { kind: 'kernel-default' });
  assert.deepEqual(ports.alarming, []);
  const overflow = detect('accept-queue-overflow');
  assert.deepEqual(
    overflow.alarming.map((c) => [c.name, c.value]),
    [['ListenOverflows', 5231]],
  );
  // somaxconn 128 is the default of that 4.19 kernel (4096 only since 5.4).
  assert.deepEqual(overflow.keys.find((k) => k.key === 'net.core.somaxconn')!.source, { kind: 'kernel-default' });
  // A live value no file sets and that is not the default was set at runtime.
  const tuned = copyRoot('healthy');
  writeFileSync(join(tuned, 'proc/sys/net/ipv4/tcp_fin_timeout'), '45\n');
  assert.deepEqual(
    detectHost(tuned).keys.find((k) => k.key === 'net.ipv4.tcp_fin_timeout'),
    { key: 'net.ipv4.tcp_fin_timeout', value: '45', source: { kind: 'runtime', defaultValue: '60' } },
  );
  assert.deepEqual(
    detect('tw-bucket-overflow').alarming.map((c) => c.name),
    ['TCPTimeWaitOverflow'],
  );
  assert.deepEqual(
    detect('syn-flood').alarming.map((c) => c.name),
    ['TCPReqQFullDrop'],
  );
});
