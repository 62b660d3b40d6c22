/**
 * `sysctl-advisor completion`: the script it prints is sourced into a real bash (and zsh, when
 * installed), whose completion function is called the way the shell calls it on TAB (COMP_WORDS
 * and COMP_CWORD in bash; words and CURRENT in zsh), with the built bin on PATH as
 * `sysctl-advisor`, and what it offers is checked.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, runCli } from '../helpers/cli.js';

let bin = '';
before(() => {
  bin = mkdtempSync(join(tmpdir(), 'sa-completion-'));
  symlinkSync(CLI, join(bin, 'sysctl-advisor'));
});
after(() => rmSync(bin, { recursive: true, force: true }));

const hasZsh = spawnSync('zsh', ['-c', 'true']).status === 0;

function shellEnv(): Record<string, string> {
  return { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: bin, NO_COLOR: '1', LANG: 'C' };
}

/** What bash's completion function puts in COMPREPLY for the words typed so far (the last one is being completed). */
function bashCompletes(words: readonly string[]): string[] {
  const script = runCli(['completion', 'bash']).stdout;
  const program = [
    script,
    `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE='${words.join(' ')}'`,
    // The function bash registered for the command, as bash would look it up.
    'fn=$(complete -p sysctl-advisor | sed -n "s/.* -F \\([^ ]*\\) .*/\\1/p")',
    '"$fn" sysctl-advisor "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8', env: shellEnv() });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\n').filter(Boolean);
}

test('completion prints a bash script by default and a zsh script when asked or when $SHELL is zsh', () => {
  const bash = runCli(['completion'], { env: { SHELL: '/bin/bash' } });
  assert.equal(bash.status, 0, bash.stderr);
  assert.match(bash.stdout, /^complete -o bashdefault -o default -F _sysctl_advisor_completions sysctl-advisor$/m);
  assert.match(runCli(['completion'], { env: { SHELL: '/usr/bin/zsh' } }).stdout, /^#compdef sysctl-advisor$/m);
  assert.match(runCli(['completion', 'zsh']).stdout, /^#compdef sysctl-advisor$/m);
  const fish = runCli(['completion', 'fish']);
  assert.equal(fish.status, 2);
  assert.match(fish.stderr, /^sysctl-advisor: .*shell.*"fish".*bash.*zsh/);
});

test('bash: a command from its first letters (sysctl-advisor rev -> review)', () => {
  assert.deepEqual(bashCompletes(['sysctl-advisor', 'rev']), ['review']);
  assert.deepEqual(bashCompletes(['sysctl-advisor', 'com']), ['completion']);
  assert.deepEqual(bashCompletes(['sysctl-advisor', 'profiles', 'v']), ['validate']);
});

test('bash: options where one is being typed, and the values an option accepts', () => {
  assert.deepEqual(bashCompletes(['sysctl-advisor', 'review', '--fo']), ['--format']);
  assert.deepEqual(bashCompletes(['sysctl-advisor', 'review', '--format', 's']), ['sarif']);
  assert.deepEqual(bashCompletes(['sysctl-advisor', 'review', '--fail-on', '']), ['error', 'warning', 'info', 'none']);
});

test('bash: nothing where a file is expected, so that bash completes file names (-o default)', () => {
  assert.deepEqual(bashCompletes(['sysctl-advisor', 'review', '']), []);
  assert.deepEqual(bashCompletes(['sysctl-advisor', 'review', 'etc/']), []);
});

test(
  'zsh: the completion function offers what the CLI answers, and file names where nothing fits',
  { skip: hasZsh ? false : 'zsh is not installed (CI installs it: .ci/run)' },
  () => {
    const script = runCli(['completion', 'zsh']).stdout;
    // compdef, compadd and _files exist only inside zsh's completion system: stand-ins print what they are given.
    const program = (words: readonly string[]) =>
      [
        'compdef() { :; }',
        'compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }',
        '_files() { print -- FILES; }',
        script,
        `words=(${words.map((word) => `'${word}'`).join(' ')})`,
        `CURRENT=${words.length}`,
        '_sysctl-advisor',
      ].join('\n');
    const completes = (words: readonly string[]) => {
      const result = spawnSync('zsh', ['-f', '-c', program(words)], { encoding: 'utf8', env: shellEnv() });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout.split('\n').filter(Boolean);
    };
    assert.ok(completes(['sysctl-advisor', 'rev']).includes('review'));
    assert.deepEqual(completes(['sysctl-advisor', 'review', '--format', '']), ['text', 'json', 'sarif', 'github', 'markdown']);
    assert.deepEqual(completes(['sysctl-advisor', 'review', '']), ['FILES']);
  },
);
