import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { builtinProfileNames } from '../../src/profiles/builtin.js';
import { loadProfile } from '../../src/profiles/load.js';
import { PROFILE_SCHEMA_FILE, profileSchemaText } from '../../tools/build/write-schema.js';
import { InputErrors } from '../../src/util/errors.js';
import { runCli } from '../helpers/cli.js';

const BUILTINS = ['conservative', 'edge', 'long-lived', 'outbound-client', 'reverse-proxy', 'web-server'];

function profileFile(content: string, name = 'p.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sa-profile-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

test('the six built-in profiles load, and every target says why and where from', () => {
  assert.deepEqual(builtinProfileNames(), BUILTINS);
  for (const name of BUILTINS) {
    const profile = loadProfile(name);
    assert.equal(profile.name, name);
    for (const target of profile.targets.values()) {
      assert.ok(target.why.length > 40, `${name} ${target.key}: a real rationale`);
      assert.ok(target.source.length > 5, `${name} ${target.key}: a source`);
    }
  }
  assert.deepEqual(loadProfile('edge').chain, ['conservative', 'web-server', 'edge']);
  assert.equal(loadProfile('edge').targets.get('net.core.somaxconn')?.value, '4096', 'inherited from web-server');
});

test('no built-in profile asks for a value the advisor calls harmful', () => {
  for (const name of BUILTINS) {
    const targets = loadProfile(name).targets;
    assert.equal(targets.has('net.ipv4.tcp_tw_recycle'), false);
    assert.notEqual(targets.get('net.ipv4.tcp_syncookies')?.value, '0');
    assert.equal(targets.has('net.ipv4.tcp_max_tw_buckets'), false, 'TIME-WAIT cap is left to evidence-based rules');
    assert.equal(
      targets.has('net.ipv4.tcp_max_syn_backlog'),
      false,
      'ignored while syncookies are on (docs/kernel/syn-queue-and-cookies.md#tcp_max_syn_backlog)',
    );
  }
});

test('the committed JSON Schema matches the catalogue (run "npm run schemas" after a catalogue change)', () => {
  assert.equal(readFileSync(PROFILE_SCHEMA_FILE, 'utf8'), profileSchemaText());
});

// [profile text, expected problems as "line:col: message fragment"]
const broken: [string, string, string[]][] = [
  [
    'typo in a key, with a suggestion',
    'name: x\nsummary: a test profile\ntargets:\n  net.ipv4.tcp_fin_timout:\n    value: 30\n    why: because of reasons\n    source: here\n',
    ['4:3: unknown sysctl key "net.ipv4.tcp_fin_timout" under targets; did you mean net.ipv4.tcp_fin_timeout?'],
  ],
  [
    'value outside what the kernel accepts',
    'name: x\nsummary: a test profile\ntargets:\n  net.ipv4.tcp_syn_retries:\n    value: 200\n    why: because of reasons\n    source: here\n',
    ['5:12: target net.ipv4.tcp_syn_retries: value must be at most 127 (the kernel accepts 1..127)'],
  ],
  [
    'port range below ip_unprivileged_port_start',
    'name: x\nsummary: a test profile\ntargets:\n  net.ipv4.ip_local_port_range:\n    value: "80 65535"\n    why: because of reasons\n    source: here\n',
    ['5:12: target net.ipv4.ip_local_port_range: value "80 65535": low end 80 is below ip_unprivileged_port_start'],
  ],
  [
    'missing summary and an unknown field',
    'name: x\nflavour: spicy\n',
    [
      '1:1: the profile has no "summary:"; add one line on the workload the profile is for',
      '2:1: unknown field "flavour" at the top level; allowed here: name, summary, extends, context, targets, rules, monitor',
    ],
  ],
  [
    'bad direction',
    'name: x\nsummary: a test profile\ntargets:\n  net.core.somaxconn:\n    value: 1024\n    only: up\n    why: because of reasons\n    source: here\n',
    ['6:11: target net.core.somaxconn: only must be one of raise, lower'],
  ],
  ['YAML syntax error', 'name: x\nsummary: [unclosed\n', ['3:1:']],
  ['duplicate key', 'name: x\nname: y\nsummary: a test profile\n', ['2:1: Map keys must be unique']],
];

for (const [title, text, expected] of broken) {
  test(`a broken profile is reported at file:line:col — ${title}`, () => {
    const file = profileFile(text);
    assert.throws(
      () => loadProfile(file),
      (error: unknown) => {
        const message = (error as Error).message;
        for (const fragment of expected)
          assert.ok(message.includes(`${file}:${fragment}`), `expected "${file}:${fragment}" in:\n${message}`);
        return true;
      },
    );
  });
}

test('extends resolves a built-in name or a relative path, and refuses cycles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-extends-'));
  writeFileSync(
    join(dir, 'base.yaml'),
    'name: base\nsummary: a base profile\nextends: long-lived\ntargets:\n  net.ipv4.tcp_keepalive_time:\n    value: 60\n    why: our balancer idles out at 90 s\n    source: our LB config\n',
  );
  writeFileSync(join(dir, 'child.yaml'), 'name: child\nsummary: a child profile\nextends: ./base.yaml\n');
  const child = loadProfile(join(dir, 'child.yaml'));
  assert.deepEqual(child.chain, ['conservative', 'long-lived', 'base', 'child']);
  assert.equal(child.targets.get('net.ipv4.tcp_keepalive_time')?.value, '60');
  assert.equal(child.targets.get('net.ipv4.tcp_keepalive_intvl')?.value, '30');
  writeFileSync(join(dir, 'a.yaml'), 'name: a\nsummary: a cyclic profile\nextends: ./b.yaml\n');
  writeFileSync(join(dir, 'b.yaml'), 'name: b\nsummary: b cyclic profile\nextends: ./a.yaml\n');
  assert.throws(() => loadProfile(join(dir, 'a.yaml')), /"extends" forms a cycle/);
});

test('a YAML alias bomb is refused, not expanded', () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 0; i < 8; i++)
    lines.push(
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
    );
  const file = profileFile(`${lines.join('\n')}\nname: bomb\nsummary: an alias bomb\n`);
  assert.throws(() => loadProfile(file), /cannot expand YAML|alias/i);
});

test('profiles validate prints one line per problem and exits 2; list and show work', () => {
  const bad = profileFile(
    'name: x\nsummary: a test profile\ntargets:\n  net.ipv4.tcp_syn_retries:\n    value: 0\n    why: because of reasons\n    source: here\n  net.core.somaxconn:\n    value: -5\n    why: because of reasons\n    source: here\n',
  );
  const result = runCli(['profiles', 'validate', bad]);
  assert.equal(result.status, 2);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 2, result.stderr);
  assert.match(
    lines[0]!,
    /^sysctl-advisor: .*p\.yaml:5:12: target net\.ipv4\.tcp_syn_retries: value must be at least 1 \(the kernel accepts 1\.\.127\)$/,
  );
  assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace');
  const good = runCli(['profiles', 'validate', 'profiles/edge.yaml']);
  assert.equal(good.status, 0, good.stderr);
  const list = runCli(['profiles', 'list']);
  assert.equal(list.stdout.trim().split('\n').length, 6);
  const show = runCli(['profiles', 'show', 'edge']);
  assert.match(show.stdout, /conservative > web-server > edge/);
  // What show prints is itself a valid profile.
  const shown = profileFile(show.stdout, 'shown.yaml');
  assert.equal(loadProfile(shown).targets.size, loadProfile('edge').targets.size);
});

test('InputErrors keeps every problem', () => {
  const file = profileFile('name: X\nsummary: ""\n');
  assert.throws(
    () => loadProfile(file),
    (error: unknown) => error instanceof InputErrors,
  );
});

test('the build compiled the profile validator ahead of time, and it agrees with ajv compiling the schema now', async () => {
  const { VALIDATOR_FILE, AJV_OPTIONS } = await import('../../src/profiles/validator.js');
  const { existsSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const { createRequire } = await import('node:module');
  const AjvModule = (await import('ajv')).default;
  const { buildProfileSchema } = await import('../../src/profiles/schema.js');
  assert.ok(existsSync(fileURLToPath(VALIDATOR_FILE)), 'npm run build writes dist/src/profiles/profile-validator.cjs');
  const standalone = createRequire(import.meta.url)(fileURLToPath(VALIDATOR_FILE)) as (data: unknown) => boolean;
  const runtime = new AjvModule.default(AJV_OPTIONS).compile(buildProfileSchema());
  const samples: unknown[] = [
    { name: 'x', summary: 'a valid profile' },
    { name: 'x', summary: 'bad value', targets: { 'net.ipv4.tcp_syn_retries': { value: 200, why: 'because of reasons', source: 'here' } } },
    { name: 'x', summary: 'unknown key', targets: { 'net.ipv4.nope': { value: 1, why: 'because of reasons', source: 'here' } } },
    { name: 'Bad Name', summary: 'a test profile' },
    {
      name: 'x',
      summary: 'read-only key',
      targets: { 'net.netfilter.nf_conntrack_count': { value: 1, why: 'because of reasons', source: 'here' } },
    },
  ];
  for (const sample of samples) assert.equal(standalone(sample), runtime(sample), JSON.stringify(sample));
});
