/**
 * The import boundaries of src/ (docs/architecture.md), checked on every import: static, type-only,
 * re-exports and dynamic import(). Command folders are leaves: only the CLI layer (src/commands/)
 * imports them, and they import no other command folder (the wizard composes advise and apply).
 * Folders never import each other in a circle, and a lower layer imports a higher one only where
 * docs/architecture.md lists the import with its reason. The layer order and the command folders
 * are read from docs/architecture.md, so the page and the check cannot drift apart.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../helpers/cli.js';

const SRC = join(REPO_ROOT, 'src');
const ARCHITECTURE = join(REPO_ROOT, 'docs/architecture.md');

/** The CLI layer: the one folder that may import command folders (to call their handlers). */
const CLI_LAYER = 'commands';
/** Command folders that may import other command folders: the wizard runs advise and apply. */
const COMPOSES: Readonly<Record<string, readonly string[]>> = { wizard: ['advise', 'apply'] };

export interface Import {
  /** Paths relative to src/, with "/" separators. */
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

export interface Architecture {
  /** Rank of every folder, lowest 0; command folders share one rank. */
  readonly rank: ReadonlyMap<string, number>;
  readonly commandFolders: ReadonlySet<string>;
  /** "from -> to" (paths relative to src/) of the lower-to-higher imports the page explains. */
  readonly allowedUpward: ReadonlySet<string>;
}

/** A file's folder under src/ ("cli" for src/cli.ts). */
export function folderOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path.replace(/\.c?ts$/, '') : path.slice(0, slash);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.c?ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import of every file of src/, resolved to the .ts file it names. */
function importsOfSrc(): Import[] {
  const imports: Import[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    // TypeScript's own scanner: import, import type, export ... from, import(), require().
    for (const reference of ts.preProcessFile(text, true, true).importedFiles) {
      if (!reference.fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), reference.fileName)
        .replace(/\.js$/, '.ts')
        .replace(/\.cjs$/, '.cts');
      imports.push({
        from: relative(SRC, file).split('\\').join('/'),
        to: relative(SRC, target).split('\\').join('/'),
        line: text.slice(0, reference.pos).split('\n').length,
      });
    }
  }
  return imports;
}

/**
 * The ```layers block of docs/architecture.md (highest first; "[a b c]" is the line of command
 * folders) and its table of allowed lower-to-higher imports (rows "| `src/x.ts` | `src/y.ts` | reason |").
 */
export function parseArchitecture(markdown: string): Architecture {
  const block = /```layers\n([\s\S]*?)```/.exec(markdown);
  assert.ok(block, 'docs/architecture.md has no ```layers block');
  const lines = block[1]!
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .reverse();
  const rank = new Map<string, number>();
  const commandFolders = new Set<string>();
  lines.forEach((line, index) => {
    const group = /^\[(.*)\]$/.exec(line);
    for (const folder of (group ? group[1]! : line).split(/\s+/)) {
      rank.set(folder, index);
      if (group) commandFolders.add(folder);
    }
  });
  const allowedUpward = new Set<string>();
  const section = /## Allowed exceptions\n([\s\S]*?)(?:\n## |$)/.exec(markdown)?.[1] ?? '';
  for (const row of section.matchAll(/^\|\s*`src\/([^`]+)`\s*\|\s*`src\/([^`]+)`\s*\|([^|]*)\|/gm)) {
    assert.ok(row[3]!.trim(), `docs/architecture.md: the exception src/${row[1]} -> src/${row[2]} gives no reason`);
    allowedUpward.add(`${row[1]} -> ${row[2]}`);
  }
  return { rank, commandFolders, allowedUpward };
}

const where = (i: Import) => `src/${i.from}:${i.line} imports src/${i.to}`;

/** Imports into a command folder from outside it, other than the CLI layer's and the wizard's composition. */
export function intoCommandFolders(imports: readonly Import[], architecture: Architecture): string[] {
  return imports
    .filter((i) => {
      const from = folderOf(i.from);
      const to = folderOf(i.to);
      if (from === to || !architecture.commandFolders.has(to) || from === CLI_LAYER) return false;
      return !COMPOSES[from]?.includes(to);
    })
    .map((i) =>
      architecture.commandFolders.has(folderOf(i.from))
        ? `${where(i)}: a command folder imports another (only the wizard composes advise and apply)`
        : `${where(i)}: only src/${CLI_LAYER}/ imports a command folder; move what is shared into a layer`,
    );
}

/** Imports from a lower layer to a higher one that docs/architecture.md does not list. */
export function upwardImports(imports: readonly Import[], architecture: Architecture): string[] {
  return imports
    .filter((i) => {
      const from = architecture.rank.get(folderOf(i.from));
      const to = architecture.rank.get(folderOf(i.to));
      return from !== undefined && to !== undefined && from < to && !architecture.allowedUpward.has(`${i.from} -> ${i.to}`);
    })
    .map(
      (i) =>
        `${where(i)}: ${folderOf(i.from)}/ is below ${folderOf(i.to)}/ (docs/architecture.md); move the code, or list the import there with its reason`,
    );
}

/** Circles between folders (strongly connected components), each with the imports that close it. */
export function folderCircles(imports: readonly Import[]): string[] {
  const edges = new Map<string, Map<string, Import>>();
  for (const i of imports) {
    const from = folderOf(i.from);
    const to = folderOf(i.to);
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, i);
  }
  // Tarjan's algorithm over the folder graph.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) circles.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return circles.map((component) => {
    const inside = component.flatMap((from) =>
      [...(edges.get(from) ?? [])].filter(([to]) => component.includes(to)).map(([, i]) => `  ${where(i)}`),
    );
    return `folders ${component.join(', ')} import each other in a circle:\n${inside.join('\n')}`;
  });
}

const architecture = parseArchitecture(readFileSync(ARCHITECTURE, 'utf8'));
const imports = importsOfSrc();

test('every folder of src/ has a place in the layer order of docs/architecture.md', () => {
  const folders = [...new Set(sourceFiles(SRC).map((file) => folderOf(relative(SRC, file).split('\\').join('/'))))];
  assert.ok(imports.length > 500, `only ${imports.length} imports read: the scan is broken`);
  assert.deepEqual(
    folders.filter((folder) => !architecture.rank.has(folder)),
    [],
  );
});

test('only the CLI layer imports a command folder, and command folders import no other (the wizard composes advise and apply)', () => {
  const problems = intoCommandFolders(imports, architecture);
  assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
});

test('no import circle between folders of src/', () => {
  const problems = folderCircles(imports);
  assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
});

test('a lower layer imports a higher one only where docs/architecture.md says why', () => {
  const problems = upwardImports(imports, architecture);
  assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  // An exception that no longer happens is removed from the page.
  const happening = new Set(imports.map((i) => `${i.from} -> ${i.to}`));
  assert.deepEqual(
    [...architecture.allowedUpward].filter((pair) => !happening.has(pair)),
    [],
  );
});

test('the checks catch what they are for, naming file:line', () => {
  const sample = parseArchitecture(
    '```layers\ncommands\n[advise review wizard apply]\nreporters\nengine\nutil\n```\n\n## Allowed exceptions\n\n| from | to | why |\n| --- | --- | --- |\n| `src/engine/a.ts` | `src/reporters/b.ts` | a reason |\n',
  );
  const at = (from: string, to: string, line = 3): Import => ({ from, to, line });
  assert.deepEqual(intoCommandFolders([at('reporters/x.ts', 'review/types.ts')], sample), [
    'src/reporters/x.ts:3 imports src/review/types.ts: only src/commands/ imports a command folder; move what is shared into a layer',
  ]);
  assert.equal(intoCommandFolders([at('advise/run.ts', 'review/run.ts')], sample).length, 1);
  assert.deepEqual(
    intoCommandFolders(
      [at('commands/review.ts', 'review/run.ts'), at('wizard/flow.ts', 'advise/run.ts'), at('wizard/flow.ts', 'apply/x.ts')],
      sample,
    ),
    [],
  );
  assert.deepEqual(upwardImports([at('util/x.ts', 'engine/y.ts', 7)], sample), [
    'src/util/x.ts:7 imports src/engine/y.ts: util/ is below engine/ (docs/architecture.md); move the code, or list the import there with its reason',
  ]);
  assert.deepEqual(upwardImports([at('engine/a.ts', 'reporters/b.ts')], sample), []);
  assert.match(
    folderCircles([at('engine/a.ts', 'util/b.ts', 4), at('util/c.ts', 'engine/d.ts', 9)])[0]!,
    /src\/util\/c\.ts:9 imports src\/engine\/d\.ts/,
  );
  assert.throws(
    () => parseArchitecture('```layers\na\n```\n## Allowed exceptions\n| `src/a/x.ts` | `src/b/y.ts` |  |\n'),
    /gives no reason/,
  );
});
