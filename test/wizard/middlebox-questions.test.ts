/**
 * The wizard's load-balancer and NAT questions: asked where the idle-timeout chain can be
 * checked (application configs under the root, or a profile naming a middlebox), with the
 * keep-alive detected here in the explanation, and answers that become the context's lb/nat.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { builtinProfileNames } from '../../src/profiles/builtin.js';
import { detectHost } from '../../src/wizard/detect.js';
import { chosenContext, questionsAsked, wizardQuestions, type QuestionContext } from '../../src/wizard/questions.js';
import { REPO_ROOT } from '../helpers/cli.js';

const QUESTIONS = wizardQuestions(builtinProfileNames());
const question = (id: string) => QUESTIONS.find((q) => q.id === id)!;

test('with nginx under the root the wizard asks for the load balancer and the NAT, showing the keep-alive it found', (t) => {
  const root = join(mkdtempSync(join(tmpdir(), 'sa-wizard-chain-')), 'root');
  t.after(() => rmSync(join(root, '..'), { recursive: true, force: true }));
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'roots', 'healthy', 'root'), root, { recursive: true });
  const plain = detectHost(root);
  assert.deepEqual(questionsAsked(QUESTIONS, { detection: plain, flags: {}, profileDefaults: {} }), [
    'profile',
    'clientsBehindNat',
    'natGateway',
    'idleTimeout',
  ]);
  mkdirSync(join(root, 'etc/nginx'), { recursive: true });
  writeFileSync(join(root, 'etc/nginx/nginx.conf'), 'http {\n  keepalive_timeout 5s;\n  server { listen 80; }\n}\n');
  const detection = detectHost(root);
  const base = { detection, flags: {}, profileDefaults: {} };
  assert.deepEqual(questionsAsked(QUESTIONS, base), ['profile', 'clientsBehindNat', 'natGateway', 'idleTimeout', 'lb', 'nat']);
  assert.deepEqual(
    questionsAsked(QUESTIONS, { ...base, flags: { lb: chosenContext({}, { lb: 'aws-alb' }, {}).lb! } }).filter(
      (id) => id === 'lb' || id === 'nat',
    ),
    ['nat'],
  );
  assert.deepEqual(
    questionsAsked(QUESTIONS, { ...base, flags: { idleTimeout: 300 } }).filter((id) => id === 'lb' || id === 'nat'),
    [],
    'a scripted run that gives --idle-timeout is not asked',
  );
  const ctx: QuestionContext = { ...base, answers: {} };
  const lb = question('lb');
  assert.equal(lb.kind, 'select');
  if (lb.kind !== 'select') return;
  assert.match(lb.explain(ctx), /Detected here: nginx server on :80 keeps idle connections 5 s \(keepalive_timeout 5s\)/);
  assert.deepEqual(
    lb.choices(ctx).map((c) => c.value),
    ['none', 'aws-alb', 'aws-nlb', 'gcp-lb', 'azure-lb', 'f5'],
  );
  assert.equal(lb.default(ctx), 'none');
  assert.equal(lb.default({ ...ctx, profileDefaults: { lb: 'aws-alb' } }), 'aws-alb');
});

test('the answers become the context; "none" overrides a profile default', () => {
  const context = chosenContext({}, { lb: 'aws-alb', nat: 'gcp-cloud-nat' }, {});
  assert.equal(context.lb?.seconds, 60);
  assert.equal(context.nat?.seconds, 1200);
  assert.equal(context.nat?.onExpiry, 'silent');
  assert.equal(chosenContext({}, { lb: 'none' }, { lb: 'f5' }).lb, undefined);
  assert.equal(chosenContext({}, {}, { lb: 'f5' }).lb?.id, 'f5');
  assert.equal(chosenContext({}, {}, { nat: 900 }).nat?.seconds, 900);
});
