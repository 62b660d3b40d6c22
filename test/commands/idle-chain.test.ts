/**
 * The idle-timeout chain through the CLI: --lb/--nat (bad input is one line, exit 2), advise on a
 * root with application configs behind --lb aws-alb (both numbers, the directive's file:line;
 * one line when in order), review of app configs named with sysctl files, explain --lb --nat,
 * answers files and profiles that record the middleboxes, and collect copying the configs.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { readAnswersFile, renderAnswersFile, type WizardAnswers } from '../../src/profiles/answers.js';
import { parseMiddlebox, type Middlebox } from '../../src/params/middleboxes.js';

function temp(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'sa-chain-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A bundle of this host (advise needs proc/sys) with application configs added. */
function bundle(t: TestContext, files: Record<string, string>): string {
  const root = join(temp(t), 'bundle');
  assert.equal(runCli(['collect', '--out', root]).status, 0);
  // The host's own configs (Debian's nginx.conf on CI) are not this test's.
  for (const dir of ['etc/nginx', 'etc/apache2', 'etc/haproxy', 'etc/httpd', 'etc/envoy'])
    rmSync(join(root, dir), { recursive: true, force: true });
  write(root, files);
  return root;
}

test('--lb and --nat: a preset name or whole seconds; anything else is one line and exit 2', () => {
  for (const [args, message] of [
    [['--lb', 'nope'], /^sysctl-advisor: --lb takes one of aws-alb, aws-nlb, gcp-lb, azure-lb, f5 or whole seconds \(not "nope"\)\n$/],
    [['--nat', 'aws-alb'], /^sysctl-advisor: --nat names a load balancer \(aws-alb\); use --lb aws-alb\n$/],
    [['--nat', '5'], /^sysctl-advisor: --nat takes whole seconds of at least 10 or a name \(not "5"\)\n$/],
    [['--lb', '60s'], /--lb takes one of .* or whole seconds \(not "60s"\)/],
  ] as const) {
    for (const command of ['advise', 'review', 'generate']) {
      const result = runCli([command, ...args]);
      assert.equal(result.status, 2, `${command} ${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n.*at /, 'no stack trace');
    }
  }
});

test('advise behind --lb aws-alb: Apache’s 5 s explained with both numbers and its file:line; nginx’s default 75 s is one line "in order"', (t) => {
  const apache = bundle(t, { 'etc/apache2/apache2.conf': 'ServerRoot /etc/apache2\nListen 80\nKeepAlive On\nKeepAliveTimeout 5\n' });
  const text = runCli(['advise', '--root', apache, '--lb', 'aws-alb']);
  assert.match(text.stdout, /load balancer: AWS Application Load Balancer \(--lb aws-alb, 60 s\)/);
  assert.match(text.stdout, new RegExp(`\\[backend-keepalive-order\\]\\n    at: ${join(apache, 'etc/apache2/apache2.conf')}:4`));
  const json = JSON.parse(runCli(['advise', '--root', apache, '--lb', 'aws-alb', '--format', 'json']).stdout) as {
    findings: { rule: string; message: string; detail?: string; file?: string; line?: number }[];
    chain?: string;
    context: { lb?: Middlebox };
  };
  const finding = json.findings.find((f) => f.rule === 'backend-keepalive-order')!;
  assert.match(
    finding.message,
    /^Apache httpd on :80 closes idle connections after 5 s, before the load balancer \(60 s\): reused connections fail with 502/,
  );
  assert.match(
    finding.detail ?? '',
    new RegExp(`KeepAliveTimeout 5 \\(${join(apache, 'etc/apache2/apache2.conf')}:4\\) closes them after 5 s`),
  );
  assert.match(finding.detail ?? '', /"KeepAliveTimeout 65"/);
  assert.equal(json.chain, undefined);
  assert.equal(json.context.lb?.id, 'aws-alb');
  assert.equal(json.context.lb?.seconds, 60);

  const nginx = bundle(t, { 'etc/nginx/nginx.conf': 'events {}\nhttp {\n  server { listen 80; }\n}\n' });
  const inOrder = runCli(['advise', '--root', nginx, '--lb', 'aws-alb']);
  assert.doesNotMatch(inOrder.stdout, /backend-keepalive-order/);
  const lines = inOrder.stdout.split('\n').filter((line) => line.startsWith('Idle-timeout chain'));
  assert.deepEqual(lines, [
    'Idle-timeout chain in order: AWS Application Load Balancer (--lb aws-alb, 60 s) 60 s < nginx server on :80 keepalive_timeout 75s (nginx default).',
  ]);
});

test('review applies the chain checks to app configs named with sysctl files; they are not read as sysctl lines', (t) => {
  const dir = temp(t);
  write(dir, {
    'sysctl.d/90-net.conf': 'net.ipv4.tcp_keepalive_time = 7200\n',
    'nginx/nginx.conf':
      'http {\n  upstream app {\n    server 127.0.0.1:8081;\n    keepalive 8;\n  }\n  server { listen 80; keepalive_timeout 30s; }\n}\n',
    'haproxy/haproxy.cfg': 'defaults\n  mode http\n  timeout client 5s\nfrontend f\n  bind :8081\n',
  });
  const result = runCli(
    ['review', 'sysctl.d/90-net.conf', 'nginx/nginx.conf', 'haproxy/haproxy.cfg', '--nat', 'aws-nat-gateway', '--format', 'json'],
    {
      cwd: dir,
    },
  );
  const json = JSON.parse(result.stdout) as { findings: { rule: string; file: string; line: number; message: string; detail?: string }[] };
  const rules = json.findings.map((f) => [f.rule, f.file, f.line]);
  assert.deepEqual(rules, [
    ['keepalive-idle-timeout', 'sysctl.d/90-net.conf', 1],
    ['pool-idle-order', 'haproxy/haproxy.cfg', 3],
  ]);
  assert.match(
    json.findings[1]!.message,
    /^HAProxy frontend f on :8081 closes idle connections after 5 s, before nginx upstream app stops reusing them \(60 s\)/,
  );
  assert.match(json.findings[1]!.detail ?? '', /keepalive 8 at nginx\/nginx\.conf:4/);
  assert.match(json.findings[0]!.detail ?? '', /AWS NAT Gateway \(--nat aws-nat-gateway, 350 s\) idle timeout is 350 s/);
});

test('explain tcp_keepalive_time --lb aws-alb --nat aws-nat-gateway shows the chain those two make', () => {
  const result = runCli(['explain', 'tcp_keepalive_time', '--lb', 'aws-alb', '--nat', 'aws-nat-gateway', '--kernel', '6.12']);
  assert.equal(result.status, 0, result.stderr);
  const chain = result.stdout.slice(result.stdout.indexOf('Idle-timeout chain'), result.stdout.indexOf('\nReferences'));
  assert.match(
    chain,
    /AWS Application Load Balancer \(--lb aws-alb, 60 s\): closes the connection after 60 s idle\.\n {4}TCP keepalive probes do not reset its idle timer/,
  );
  assert.match(chain, /their keep-alive must be longer than 60 s/);
  assert.match(
    chain,
    /AWS NAT Gateway \(--nat aws-nat-gateway, 350 s\): answers the next packet with a RST \(ECONNRESET\) after 350 s idle/,
  );
  assert.match(chain, /tcp_keepalive_time 175 \(for sockets with SO_KEEPALIVE\)/);
  assert.match(chain, /at least 7875 s/);
  assert.doesNotMatch(runCli(['explain', 'tcp_fin_timeout', '--lb', 'aws-alb']).stdout, /Idle-timeout chain/, 'only for the chain keys');
});

test('answers files record --lb/--nat by name (or seconds) and replay them; a bad one names the field', (t) => {
  const dir = temp(t);
  const answers: WizardAnswers = {
    version: 1,
    profile: 'web-server',
    context: {
      clientsBehindNat: true,
      natGateway: false,
      idleTimeout: null,
      lb: parseMiddlebox('lb', 'aws-alb') as Middlebox,
      nat: parseMiddlebox('nat', '900') as Middlebox,
    },
    target: '/etc/sysctl.d/90-sysctl-advisor.conf',
    changes: { accepted: [], rejected: [] },
  };
  const file = join(dir, 'answers.yaml');
  writeFileSync(file, renderAnswersFile(answers));
  const text = readFileSync(file, 'utf8');
  assert.match(text, /\n {2}lb: aws-alb\n {2}nat: 900\n/);
  assert.deepEqual(readAnswersFile(file), answers);
  writeFileSync(file, text.replace('lb: aws-alb', 'lb: aws-nat-gateway'));
  const bad = runCli(['advise', '--answers', file]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /answers\.yaml: context\.lb names a NAT \(aws-nat-gateway\); use --nat aws-nat-gateway, or null for none\n$/);
});

test('a profile may declare lb and nat; the schema refuses an unknown name', (t) => {
  const dir = temp(t);
  const good = join(dir, 'behind-alb.yaml');
  writeFileSync(
    good,
    'name: behind-alb\nsummary: Web servers behind an ALB.\nextends: web-server\ncontext:\n  lb: aws-alb\n  nat: aws-nat-gateway\n',
  );
  const result = runCli(['generate', '--profile', good]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /net\.ipv4\.tcp_keepalive_time = 175/, 'keepalive fitted to the NAT the profile names');
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'name: bad\nsummary: A bad one.\ncontext:\n  lb: aws-elb\n');
  const refused = runCli(['generate', '--profile', bad]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /context\.lb/);
});

test('collect copies the applications’ configs into the bundle (--out and --script alike)', (t) => {
  const source = bundle(t, {
    'etc/nginx/nginx.conf': 'http { include conf.d/*.conf; }\n',
    'etc/nginx/conf.d/app.conf': 'server { listen 8080; keepalive_timeout 5s; }\n',
    'etc/haproxy/haproxy.cfg': 'defaults\n  mode http\n',
  });
  const out = join(temp(t), 'out');
  assert.equal(runCli(['collect', '--root', source, '--out', out]).status, 0);
  for (const path of ['etc/nginx/nginx.conf', 'etc/nginx/conf.d/app.conf', 'etc/haproxy/haproxy.cfg'])
    assert.equal(readFileSync(join(out, path), 'utf8'), readFileSync(join(source, path), 'utf8'), path);
  assert.ok(!existsSync(join(out, 'etc/apache2')), 'nothing for an application the root does not have');
  assert.match(runCli(['collect', '--script']).stdout, /for f in \/etc\/nginx\/nginx\.conf .*\/etc\/haproxy\/haproxy\.cfg/);
});
