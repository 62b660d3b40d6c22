/**
 * SIGKILL while the drop-in is being written leaves the old file or the new one, whole: never a
 * torn file. Dozens of rounds with a random delay after the writer says it is about to write.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeEdit } from '../../src/writers/plan-files.js';

const WRITER = fileURLToPath(new URL('./helpers/write-drop-in.js', import.meta.url));
const ROUNDS = 40;
const FILE = '/etc/sysctl.d/90-sysctl-advisor.conf';

/** A big drop-in (about 8 MB) so that writing and fsync take long enough to be interrupted. */
function content(tag: string): string {
  const line = `# ${tag} ${'x'.repeat(100)}\n`;
  return `${line.repeat(80_000)}net.ipv4.tcp_fin_timeout = ${tag === 'old' ? 60 : 30}\n`;
}

function killDuringWrite(root: string, contentFile: string, delayMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, root, FILE, contentFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let finished = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('done')) finished = true;
      if (chunk.toString().includes('writing')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('error', reject);
    child.on('exit', () => resolve(finished ? 'finished' : 'killed'));
  });
}

test('SIGKILL in the middle of writing the drop-in leaves the old or the new file whole', { timeout: 120_000 }, async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'sa-kill-'));
  t.after(() => rmSync(base, { recursive: true, force: true })); // 40 roots of 8 MB files
  const contents = { old: content('old'), new: content('new') };
  const newFile = join(base, 'new.conf');
  writeFileSync(newFile, contents.new);
  const outcomes = { old: 0, new: 0, killed: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const root = join(base, `root-${round}`);
    mkdirSync(join(root, 'etc/sysctl.d'), { recursive: true });
    writeFileSync(join(root, FILE), contents.old);
    const delay = Math.floor(Math.random() * 40);
    if ((await killDuringWrite(root, newFile, delay)) === 'killed') outcomes.killed++;
    const after = readFileSync(join(root, FILE), 'utf8');
    assert.ok(
      after === contents.old || after === contents.new,
      `round ${round} (kill after ${delay} ms): torn file of ${after.length} bytes`,
    );
    outcomes[after === contents.old ? 'old' : 'new']++;
    // A temp file a killed writer left behind is removed by the next write.
    writeEdit(root, { file: FILE, before: contents.old, after: contents.new });
    assert.deepEqual(
      readdirSync(join(root, 'etc/sysctl.d')).filter((name) => name.includes('tmp')),
      [],
      `round ${round}: stale temp file removed`,
    );
  }
  t.diagnostic(
    `after the kill: old file ${outcomes.old}, new file ${outcomes.new}; killed before finishing: ${outcomes.killed} of ${ROUNDS}`,
  );
  assert.ok(outcomes.killed > 0, 'some writers were killed before they finished');
});
