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

/** A long sysctl.conf: comments and assignments repeating every ten lines, as generated configs do. */
function longConf(lines: number): string[] {
  return Array.from({ length: lines }, (_, i) => (i % 10 === 0 ? `# block ${i / 10}` : `net.ipv4.conf.eth${i % 10}.rp_filter = ${i % 3}`));
}

test('a 30,000-line sysctl.conf whose plan removes one line gives one hunk that patch(1) applies', () => {
  const lines = longConf(30_000);
  const removed = 15_004;
  const before = `${lines.join('\n')}\n`;
  const after = `${lines.filter((_, i) => i !== removed).join('\n')}\n`;
  const diff = unifiedDiff('a/sysctl.conf', 'b/sysctl.conf', before, after);
  const context = (from: number, to: number) => lines.slice(from, to).map((line) => ` ${line}`);
  assert.equal(
    diff,
    [
      '--- a/sysctl.conf',
      '+++ b/sysctl.conf',
      `@@ -${removed - 2},7 +${removed - 2},6 @@`,
      ...context(removed - 3, removed),
      `-${lines[removed]}`,
      ...context(removed + 1, removed + 4),
      '',
    ].join('\n'),
  );
  const dir = mkdtempSync(join(tmpdir(), 'sa-difflong-'));
  writeFileSync(join(dir, 'sysctl.conf'), before);
  writeFileSync(join(dir, 'f.diff'), diff);
  const result = spawnSync('patch', ['-s', '-p1', '-d', dir, '-i', join(dir, 'f.diff')], { encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  assert.equal(readFileSync(join(dir, 'sysctl.conf'), 'utf8'), after);
});

test('a text without its final newline diffs as if it had one (no "No newline" marker)', () => {
  assert.equal(unifiedDiff('a/f', 'b/f', 'x = 1\ny = 2', 'x = 1\ny = 3\n'), '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n x = 1\n-y = 2\n+y = 3\n');
  assert.equal(unifiedDiff('a/f', 'b/f', 'x = 1', 'x = 1\n'), '');
  assert.equal(unifiedDiff('a/f', 'b/f', '', 'x = 1\n'), '--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+x = 1\n');
});
