/** The follow-up commands advise prints: the whole context of the run, written through the tool. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextSteps, shellWord } from '../../src/advise/next-steps.js';
import type { AdviseArgs } from '../../src/advise/args.js';
import type { Change } from '../../src/engine/types.js';

const TARGET = '/etc/sysctl.d/90-sysctl-advisor.conf';
const base: AdviseArgs = { root: '/', profile: 'conservative', format: 'text', failOn: 'none' };
const fileAndNow: Change = { key: 'net.ipv4.tcp_syncookies', from: null, to: '1', runtime: { from: '0', to: '1' }, rules: ['r'], why: 'w' };
const nowOnly: Change = {
  key: 'net.core.somaxconn',
  from: '4096',
  to: '4096',
  runtime: { from: '128', to: '4096' },
  rules: ['r'],
  why: 'w',
};
const steps = (args: Partial<AdviseArgs>, changes: Change[], targetChanges = true, removalFiles: string[] = []) =>
  nextSteps({ args: { ...base, ...args }, changes, target: TARGET, targetChanges, removalFiles }).join('\n');

test('on this host: one command that writes and applies, repeating every context flag given', () => {
  const text = steps(
    { profile: 'web-server', clientsBehindNat: false, natGateway: true, idleTimeout: 300, kernel: '6.1', container: true },
    [fileAndNow],
  );
  assert.match(
    text,
    /^ {2}sysctl-advisor advise --profile web-server --no-clients-behind-nat --nat-gateway --idle-timeout 300 --kernel 6\.1 --container -o \/etc\/sysctl\.d\/90-sysctl-advisor\.conf --apply$/m,
  );
  assert.match(
    text,
    /It writes \/etc\/sysctl\.d\/90-sysctl-advisor\.conf \(each previous file kept as FILE\.bak\), then sets the running kernel/,
  );
});

test('only the running kernel differs: --apply without -o; only files differ: -o without --apply', () => {
  assert.match(steps({}, [nowOnly], false), /^ {2}sysctl-advisor advise --apply$/m);
  assert.match(steps({}, [{ ...fileAndNow, runtime: null }]), /^ {2}sysctl-advisor advise -o \/etc\/sysctl\.d\/90-sysctl-advisor\.conf$/m);
});

test('a bundle: the host command, and a copy for that host written here with --root', () => {
  const text = steps({ root: '/tmp/b ndl', profile: 'edge' }, [fileAndNow], true, ['/etc/sysctl.conf']);
  assert.match(text, /^This plan is for the host collected in \/tmp\/b ndl, not for this machine\./);
  assert.match(text, /^ {2}sysctl-advisor advise --profile edge -o \/etc\/sysctl\.d\/90-sysctl-advisor\.conf --apply$/m);
  assert.match(text, /then there remove the lines the diff removes from \/etc\/sysctl\.conf and apply it/);
  assert.match(text, /^ {2}sysctl-advisor advise --root '\/tmp\/b ndl' --profile edge -o \.\/90-sysctl-advisor\.conf$/m);
});

test('nothing to suggest: no changes, only overridden ones, or the run already wrote or applied', () => {
  assert.equal(steps({}, []), '');
  assert.equal(steps({}, [{ ...fileAndNow, overriddenBy: { file: '/etc/sysctl.d/99-x.conf', line: 1, value: '0' } }]), '');
  assert.equal(steps({ output: TARGET }, [fileAndNow]), '');
  assert.equal(steps({ apply: true }, [fileAndNow]), '');
});

test('--answers is repeated instead of the profile it holds', () => {
  assert.match(
    steps({ answers: '/srv/ans.yaml', profile: 'outbound-client' }, [fileAndNow]),
    /^ {2}sysctl-advisor advise --answers \/srv\/ans\.yaml -o /m,
  );
});

test('shell words: plain when safe, single-quoted otherwise', () => {
  assert.equal(shellWord('/etc/sysctl.d/90-x.conf'), '/etc/sysctl.d/90-x.conf');
  assert.equal(shellWord("it's here"), `'it'\\''s here'`);
  assert.equal(shellWord('$(rm -rf /)'), `'$(rm -rf /)'`);
});
