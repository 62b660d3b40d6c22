/** One rule = one file + one doc page + one table-driven test, with consistent metadata. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findParam } from '../../src/params/lookup.js';
import { BUILTIN_CHECKS } from '../../src/engine/builtin-checks.js';
import { RULES } from '../../src/rules/index.js';
import { ALL_CHECKS } from '../../src/rules/registry.js';
import { REPO_ROOT } from '../helpers/cli.js';

test('the registry is sorted by id and ids are unique kebab-case', () => {
  const ids = RULES.map((rule) => rule.meta.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});

for (const rule of RULES) {
  test(`${rule.meta.id}: source file, doc page and table test exist; metadata is complete`, () => {
    const { id } = rule.meta;
    assert.ok(existsSync(join(REPO_ROOT, 'src', 'rules', `${id}.ts`)), `src/rules/${id}.ts`);
    const doc = join(REPO_ROOT, 'docs', 'rules', `${id}.md`);
    assert.ok(existsSync(doc), `docs/rules/${id}.md`);
    assert.match(readFileSync(doc, 'utf8'), new RegExp(`^# ${id}\\n`));
    const testFile = join(REPO_ROOT, 'test', 'rules', `${id}.test.ts`);
    assert.ok(existsSync(testFile), `test/rules/${id}.test.ts`);
    const testText = readFileSync(testFile, 'utf8');
    assert.match(testText, /ruleTester\(/, 'table-driven through ruleTester');
    assert.match(testText, /valid: \[\s*\{/, 'at least one input that stays quiet');
    assert.match(testText, /invalid: \[\s*\{/, 'at least one input that is reported');
    assert.ok(rule.meta.description.length > 20);
    assert.ok(rule.meta.references.length > 0, 'cites a source');
    assert.ok(Object.keys(rule.meta.messages).length > 0);
    for (const key of rule.meta.keys) assert.ok(findParam(key), `${key} is in the catalogue`);
  });
}

for (const check of Object.values(BUILTIN_CHECKS)) {
  test(`built-in check ${check.meta.id}: doc page and complete metadata, an id no rule has`, () => {
    const { id } = check.meta;
    const doc = join(REPO_ROOT, 'docs', 'rules', `${id}.md`);
    assert.ok(existsSync(doc), `docs/rules/${id}.md`);
    assert.match(readFileSync(doc, 'utf8'), new RegExp(`^# ${id}\\n`));
    assert.ok(!RULES.some((rule) => rule.meta.id === id), `${id} is not also a rule`);
    assert.ok(check.meta.description.length > 20 && check.fullDescription.length > 20);
    assert.ok(check.meta.references.length > 0, 'cites a source');
    assert.ok(Object.keys(check.meta.messages).length > 0);
    // Every message id it has is documented on its page (a reviewer looks the id up there).
    const page = readFileSync(doc, 'utf8');
    for (const messageId of Object.keys(check.meta.messages)) assert.match(page, new RegExp(`\`${messageId}\``), `${id}: ${messageId}`);
  });
}

test('one registry of every id: the rules and the built-in checks, unique', () => {
  const ids = ALL_CHECKS.map((meta) => meta.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(ids.length, RULES.length + Object.keys(BUILTIN_CHECKS).length);
});
