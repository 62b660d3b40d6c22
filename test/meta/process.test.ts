/**
 * src/cli.ts is the only module of the CLI that touches `process`: everything else gets argv, the
 * environment, the platform, uid, working directory, terminal width and streams through
 * CommandEnvironment, so commands run in-process in tests exactly as from the shell. Checked on
 * the syntax tree (comments and strings do not count).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../helpers/cli.js';

const SRC = join(REPO_ROOT, 'src');

/** Files allowed to name `process`, each with its reason. */
const ALLOWED: Readonly<Record<string, string>> = {
  'cli.ts': 'the entry: argv, streams, exit code',
  'util/atomic-write.ts': 'process.pid makes temp file names unique per process',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.c?ts$/.test(name) ? [path] : [];
  });
}

/** file:line of every `process.x` / `process[x]` in a module. */
export function processUses(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const uses: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'process'
    ) {
      uses.push(`src/${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

test('only src/cli.ts touches process (CommandEnvironment carries the rest)', () => {
  const files = sourceFiles(SRC).map((file) => relative(SRC, file).split('\\').join('/'));
  assert.ok(files.includes('cli.ts'));
  const uses = files
    .filter((file) => ALLOWED[file] === undefined)
    .flatMap((file) => processUses(file, readFileSync(join(SRC, file), 'utf8')));
  assert.deepEqual(uses, [], `\n${uses.join('\n')}`);
  assert.ok(processUses('cli.ts', readFileSync(join(SRC, 'cli.ts'), 'utf8')).length > 0);
});

test('the check sees process in code, not in comments or strings', () => {
  assert.deepEqual(processUses('x.ts', "// process.cwd()\nconst a = 'process.platform';\nconst b = process.platform;\n"), [
    'src/x.ts:3: process.platform',
  ]);
});
