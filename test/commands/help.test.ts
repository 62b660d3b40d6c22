/**
 * Help pages through the built CLI: no literal "$0", no "[required]" glued to a description,
 * examples where a first-time user looks for them, and the exit codes on every command's page.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inPool, runCliAsync } from '../hardening/helpers.js';

const COMMANDS = ['advise', 'review', 'generate', 'explain', 'profiles', 'states', 'collect', 'wizard', 'apply'];

test("every command's --help: exit codes listed, examples, no literal $0, no glued [required]", { timeout: 60_000 }, async () => {
  const pages = await inPool(COMMANDS.map((command) => async () => ({ command, run: await runCliAsync([command, '--help']) })));
  for (const { command, run } of pages) {
    assert.equal(run.status, 0, `${command}: ${run.stderr}`);
    assert.doesNotMatch(run.stdout, /\$0/, `${command}: a literal $0`);
    assert.doesNotMatch(run.stdout, /\S\[required\]/, `${command}: "[required]" glued to the text before it`);
    assert.match(run.stdout, /\nExit codes( of advise)?: 0 /, `${command}: exit codes`);
    assert.match(run.stdout, /\nExamples:\n {2}sysctl-advisor /, `${command}: examples`);
  }
  const top = await runCliAsync(['--help']);
  assert.match(top.stdout, /Exit codes of advise: .*\n?.*Other commands: see their --help\./);
});
