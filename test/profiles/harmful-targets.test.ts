/**
 * A profile that asks for a value the advisor refuses everywhere (tcp_syncookies 0, tcp_tw_recycle
 * on, tcp_max_tw_buckets below the smallest default any host has) is invalid without `force`:
 * `profiles validate` says why at file:line, and advise, generate and review refuse to load it.
 * With `force` it is valid with a warning, generate writes it as documented, and review never
 * proposes it as a fix. A value refused only on some hosts (tcp_max_tw_buckets between the
 * smallest and largest defaults) is valid, with a warning. Through the built CLI.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { profileTargetHarm } from '../../src/safety/harmful.js';
import { estimateEhashEntries, TW_BUCKETS_DEFAULT_RANGE } from '../../src/params/defaults.js';
import { FIXTURE_ROOTS, runCliAsync, STACK_LINE, withScratch } from '../hardening/helpers.js';

const HEALTHY = join(FIXTURE_ROOTS, 'healthy/root');

function profile(key: string, value: string | number, force?: string): string {
  return (
    `name: mine\nsummary: API\ntargets:\n  ${key}:\n    value: ${value}\n    why: Because we measured it.\n    source: our notes\n` +
    (force ? `    force: "${force}"\n` : '')
  );
}

test('the smallest and largest default tcp_max_tw_buckets come from the ehash sizing: one page of buckets to 512K entries', () => {
  assert.deepEqual(TW_BUCKETS_DEFAULT_RANGE, { smallest: 256, largest: 262144 });
  assert.equal(estimateEhashEntries(16 * 1024 * 1024), 512, 'a 16 MiB host still gets one page of buckets');
  assert.equal(estimateEhashEntries(1024 ** 3), 8192);
  assert.equal(profileTargetHarm('net.ipv4.tcp_max_tw_buckets', '255')?.where, 'everywhere');
  assert.equal(profileTargetHarm('net.ipv4.tcp_max_tw_buckets', '256')?.where, 'some-hosts');
  assert.equal(profileTargetHarm('net.ipv4.tcp_max_tw_buckets', '262143')?.where, 'some-hosts');
  assert.equal(profileTargetHarm('net.ipv4.tcp_max_tw_buckets', '262144'), undefined);
  assert.equal(profileTargetHarm('net.ipv4.tcp_tw_recycle', '0'), undefined, 'off is harmless where the key exists');
  assert.equal(profileTargetHarm('net.ipv4.tcp_syncookies', '2'), undefined);
});

const REFUSED_EVERYWHERE: readonly [string, string, RegExp][] = [
  ['net.ipv4.tcp_syncookies', '0', /without SYN cookies a full SYN queue drops SYNs/],
  ['net.ipv4.tcp_tw_recycle', '1', /tcp_tw_recycle drops SYNs from clients behind NAT/],
  ['net.ipv4.tcp_max_tw_buckets', '255', /255 is below the smallest default any host has \(256, half an established hash of one page\)/],
];

test(
  'a target refused everywhere, without force: validate names file:line and why (exit 2); advise, generate and review refuse the profile',
  { timeout: 120_000 },
  async () => {
    await withScratch('harmful-profile', async (dir) => {
      writeFileSync(join(dir, 'sysctl.conf'), 'net.ipv4.tcp_syncookies = 1\n');
      for (const [key, value, reason] of REFUSED_EVERYWHERE) {
        const file = join(dir, `${key}.yaml`);
        writeFileSync(file, profile(key, value));
        const expected = new RegExp(
          `^sysctl-advisor: ${file.replace(/\./g, '\\.')}:5:12: target ${key.replace(/\./g, '\\.')}: value ${value} is refused on every host and kernel: ${reason.source}.*; remove the target, or add force: "your reason" to write it anyway \\(docs/profiles\\.md\\)\\n$`,
        );
        for (const args of [
          ['profiles', 'validate', file],
          ['generate', '--profile', file],
          ['advise', '--root', HEALTHY, '--profile', file],
          ['review', '--profile', file, join(dir, 'sysctl.conf')],
        ]) {
          const run = await runCliAsync(args);
          assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
          assert.equal(run.stdout, '');
          assert.ok(!STACK_LINE.test(run.stderr));
          assert.match(run.stderr, expected, args.join(' '));
        }
      }
    });
  },
);

test(
  'forced: valid with a warning naming the key; generate writes it under a WARNING; review only notes it, never as a fix',
  { timeout: 60_000 },
  async () => {
    await withScratch('forced-profile', async (dir) => {
      const file = join(dir, 'forced.yaml');
      writeFileSync(file, profile('net.ipv4.tcp_syncookies', 0, 'lab host behind a SYN proxy; measured'));
      const validate = await runCliAsync(['profiles', 'validate', file]);
      assert.equal(validate.status, 0, validate.stderr);
      assert.equal(validate.stdout, `${file}: valid\n`);
      assert.match(
        validate.stderr,
        new RegExp(
          `^sysctl-advisor: ${file}:5: warning: target net\\.ipv4\\.tcp_syncookies forces 0 \\("lab host behind a SYN proxy; measured"\\), which the advisor refuses: without SYN cookies`,
        ),
      );

      const generated = await runCliAsync(['generate', '--profile', file]);
      assert.equal(generated.status, 0, generated.stderr);
      assert.match(
        generated.stdout,
        /# WARNING: forced by the profile \("lab host behind a SYN proxy; measured"\) although the advisor\n# refuses it: [^]*\nnet\.ipv4\.tcp_syncookies = 0\n/,
      );

      writeFileSync(join(dir, 'sysctl.conf'), 'net.ipv4.tcp_syncookies = 1\n');
      const review = await runCliAsync(['review', '--profile', file, '--format', 'json', join(dir, 'sysctl.conf')]);
      assert.equal(review.status, 0, review.stderr);
      const findings = (
        JSON.parse(review.stdout) as {
          findings: { rule: string; messageId: string; severity: string; message: string; detail: string; fix?: unknown }[];
        }
      ).findings.filter((f) => f.rule === 'profile-policy');
      assert.equal(findings.length, 1);
      assert.equal(findings[0]!.severity, 'info');
      assert.equal(findings[0]!.fix, undefined, 'no fix proposes tcp_syncookies = 0');
      assert.equal(findings[0]!.messageId, 'forcedHere');
      assert.equal(
        findings[0]!.message,
        'Profile mine forces net.ipv4.tcp_syncookies = 0, which the advisor refuses: not proposed as a fix',
      );
      assert.match(
        findings[0]!.detail,
        /^This line sets 1\. The profile says: "lab host behind a SYN proxy; measured"\. Without SYN cookies/,
      );
      const text = await runCliAsync(['review', '--profile', file, join(dir, 'sysctl.conf')]);
      assert.doesNotMatch(text.stdout, /fix:.*syncookies/);
    });
  },
);

test(
  'a value refused only on hosts with a larger default is valid, with a warning; review does not ask for it either',
  { timeout: 60_000 },
  async () => {
    await withScratch('some-hosts-profile', async (dir) => {
      const file = join(dir, 'tw.yaml');
      writeFileSync(file, profile('net.ipv4.tcp_max_tw_buckets', 5000));
      const validate = await runCliAsync(['profiles', 'validate', file]);
      assert.equal(validate.status, 0, validate.stderr);
      assert.match(
        validate.stderr,
        new RegExp(
          `^sysctl-advisor: ${file}:5: warning: target net\\.ipv4\\.tcp_max_tw_buckets: 5000 is below the kernel default of hosts with more memory .*; advise and generate leave it out on those hosts\\n$`,
        ),
      );
      writeFileSync(join(dir, 'sysctl.conf'), 'net.ipv4.tcp_max_tw_buckets = 262144\n');
      const review = await runCliAsync(['review', '--profile', file, join(dir, 'sysctl.conf')]);
      assert.equal(review.status, 0, review.stderr);
      assert.match(
        review.stdout,
        /info {2}Profile mine wants net\.ipv4\.tcp_max_tw_buckets = 5000, which the advisor refuses: not proposed as a fix {2}\[profile-policy\]\n {4}This line sets 262144\. 5000 is below the kernel default/,
      );
      assert.doesNotMatch(review.stdout, /fix:/);
    });
  },
);

test('profile messages say which field and what to add; a short summary or why is fine', { timeout: 60_000 }, async () => {
  await withScratch('readable-profile', async (dir) => {
    const short = join(dir, 'short.yaml');
    writeFileSync(
      short,
      'name: api\nsummary: API\ntargets:\n  net.ipv4.tcp_fin_timeout:\n    value: 30\n    why: measured\n    source: me\n',
    );
    assert.equal((await runCliAsync(['profiles', 'validate', short])).status, 0);
    const missing = join(dir, 'missing.yaml');
    writeFileSync(
      missing,
      'name: api\nsummary: " "\ntargets:\n  net.ipv4.tcp_fin_timeout:\n    value: 30\n    why: measured\ncontext:\n  idleTimeout: 5\n',
    );
    const run = await runCliAsync(['profiles', 'validate', missing]);
    assert.equal(run.status, 2);
    assert.deepEqual(run.stderr.trimEnd().split('\n'), [
      `sysctl-advisor: ${missing}:2:10: summary is empty`,
      `sysctl-advisor: ${missing}:5:5: target net.ipv4.tcp_fin_timeout has no "source:"; add where the fact comes from: a kernel doc, a commit, your own measurement`,
      `sysctl-advisor: ${missing}:8:16: context.idleTimeout must be at least 10 (seconds; see --idle-timeout)`,
    ]);
    const extendsMissingFile = join(dir, 'child.yaml');
    writeFileSync(extendsMissingFile, 'name: child\nsummary: child\nextends: ./base.yaml\n');
    const child = await runCliAsync(['profiles', 'validate', extendsMissingFile]);
    assert.equal(
      child.stderr,
      `sysctl-advisor: ${extendsMissingFile}:3:10: extends: no profile file ./base.yaml (looked for ${join(dir, 'base.yaml')})\n`,
    );
  });
});
