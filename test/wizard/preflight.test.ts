/**
 * The wizard refuses before its first question when what it will write cannot be written (a
 * read-only root, an answers path under a file) or when --save-rollback names an existing file:
 * answers typed into a run that then fails to write would be lost.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runWizardSession } from '../../src/wizard/run.js';
import { requireNetns } from '../helpers/netns.js';
import { copyRoot } from './helpers/roots.js';
import { ScriptedTerminal } from './helpers/scripted-terminal.js';

const DRIVER = fileURLToPath(new URL('./helpers/drive-wizard-preflight.js', import.meta.url));

async function refusedBeforeAsking(args: Parameters<typeof runWizardSession>[0], message: RegExp): Promise<void> {
  const terminal = new ScriptedTerminal();
  await assert.rejects(runWizardSession(args, { terminal, env: { NO_COLOR: '1' }, runtime: { platform: 'linux', uid: 0 } }), message);
  assert.doesNotMatch(terminal.text, /\?/, 'no question was asked');
}

test('an answers file that cannot be written, or an existing --save-rollback, is refused before any question', async () => {
  const root = copyRoot('healthy');
  const aFile = join(dirname(root), 'a-file');
  writeFileSync(aFile, 'x\n');
  await refusedBeforeAsking(
    { root, saveAnswers: join(aFile, 'answers.yaml') },
    /cannot write: .*a-file is not a directory; checked before any question/,
  );
  await refusedBeforeAsking(
    { root, saveRollback: aFile },
    /--save-rollback .*a-file: the file exists, and rollback files are never overwritten/,
  );
  await refusedBeforeAsking({ root, target: join(root, 'etc') }, /cannot write: it is a directory; checked before any question/);
});

test('on a read-only root the wizard says so before asking anything', { timeout: 60_000 }, (t) => {
  if (!requireNetns(t)) return;
  const root = copyRoot('healthy');
  const answers = join(dirname(root), 'answers.yaml');
  const run = spawnSync(
    'unshare',
    [
      '--mount',
      'sh',
      '-c',
      `mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$1" "$2" "$0" "$3"`,
      root,
      process.execPath,
      DRIVER,
      answers,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(run.status, 0, run.stderr);
  const { error, screen } = JSON.parse(run.stdout) as { error: string | null; screen: string };
  assert.equal(
    error,
    `${join(root, 'etc/sysctl.d/90-sysctl-advisor.conf')}: cannot write: read-only file system (in ${join(root, 'etc/sysctl.d')}); checked before any question (run as root, or choose --target / --save-answers where you can write)`,
  );
  assert.doesNotMatch(screen, /\?/);
});
