/**
 * inquirer is loaded only when the wizard runs: no module the CLI imports statically at start-up
 * (nor advise or generate, which read answers files) reaches it. Walks the built ESM graph.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const DIST_SRC = fileURLToPath(new URL('../../src/', import.meta.url));
/** Static imports and re-exports only; `await import(...)` is the lazy path and is not followed. */
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:[^'"()]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  };
  visit(resolve(DIST_SRC, entry));
  return { files, packages };
}

test('start-up, advise and generate never import inquirer; the wizard implementation does', () => {
  for (const entry of ['cli.js', 'advise/run.js', 'generate/run.js', 'apply/run.js']) {
    const { files, packages } = staticClosure(entry);
    assert.ok(!packages.has('inquirer') && ![...packages].some((p) => p.startsWith('@inquirer')), `${entry} reaches inquirer`);
    assert.ok(![...files].some((f) => f.endsWith('wizard/prompter.js')), `${entry} reaches the prompter`);
  }
  assert.ok(staticClosure('wizard/run.js').packages.has('inquirer'));
});
