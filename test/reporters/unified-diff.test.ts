import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unifiedDiff } from '../../src/reporters/unified-diff.js';

/** Deterministic pseudo-random edits of a config-like file. */
function* cases(): Generator<[string, string]> {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let n = 0; n < 60; n++) {
    const before = Array.from({ length: next() % 25 }, (_, i) => `key.${i} = ${next() % 5}`);
    const after = before.filter(() => next() % 5 !== 0).map((line) => (next() % 6 === 0 ? `${line}0` : line));
    for (let k = next() % 4; k > 0; k--) after.splice(next() % (after.length + 1), 0, `# added ${k}`, `new.${k} = 1`);
    yield [before.length ? `${before.join('\n')}\n` : '', after.length ? `${after.join('\n')}\n` : ''];
  }
}

test('patch(1) applies our diff and reproduces the new text exactly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-diff-'));
  let checked = 0;
  for (const [before, after] of cases()) {
    const diff = unifiedDiff('a/f.conf', 'b/f.conf', before, after);
    if (before === after) {
      assert.equal(diff, '');
      continue;
    }
    writeFileSync(join(dir, 'f.conf'), before);
    writeFileSync(join(dir, 'f.diff'), diff);
    const result = spawnSync('patch', ['-s', '-p1', '-d', dir, '-i', join(dir, 'f.diff')], { encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}\n${diff}`);
    assert.equal(readFileSync(join(dir, 'f.conf'), 'utf8'), after);
    checked++;
  }
  assert.ok(checked > 40);
});

test('hunk headers match diff -u for a small edit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-diffu-'));
  const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
  const after = 'a\nb\nc\nD\ne\nf\ng\nh\ni\n';
  writeFileSync(join(dir, 'old'), before);
  writeFileSync(join(dir, 'new'), after);
  let real = '';
  try {
    execFileSync('diff', ['-u', join(dir, 'old'), join(dir, 'new')], { encoding: 'utf8' });
  } catch (error) {
    real = (error as { stdout: string }).stdout;
  }
  const hunks = (text: string) =>
    text
      .split('\n')
      .filter((l) => !l.startsWith('---') && !l.startsWith('+++'))
      .join('\n');
  assert.equal(hunks(unifiedDiff('old', 'new', before, after)), hunks(real));
});
