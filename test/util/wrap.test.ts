import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentLines, wrapWords } from '../../src/util/wrap.js';

test('wrapWords breaks between words at the width, and a longer word stands alone', () => {
  assert.deepEqual(wrapWords('aa bb cc', 5), ['aa bb', 'cc']);
  assert.deepEqual(wrapWords('  aa   bb  ', 100), ['aa bb']);
  assert.deepEqual(wrapWords('a verylongword b', 4), ['a', 'verylongword', 'b']);
  assert.deepEqual(wrapWords('', 10), []);
});

test('commentLines writes "# " lines of at most 100 characters, indented after the hash', () => {
  const lines = commentLines('word '.repeat(60), '  ');
  assert.ok(lines.length > 1);
  for (const line of lines) {
    assert.ok(line.startsWith('#   word'), line);
    assert.ok(line.length <= 100, `${line.length}`);
  }
});
