/**
 * Parsing what `git diff` says changed: which files were added, modified, renamed or deleted
 * (`--name-status -z`) and which lines of the new version were added (`--unified=0` hunks).
 * Pure functions over git's output; src/review/git-diff.ts runs git.
 */

export type FileChange =
  /** New in the working tree (added, copied in, or untracked): every line counts as changed. */
  | { readonly status: 'new' }
  /** Modified or renamed (with or without edits): only these line numbers of the new version changed. */
  | { readonly status: 'changed'; readonly lines: ReadonlySet<number> | 'all' };

/** Paths relative to the repository top, as git prints them. */
export type ChangedFiles = ReadonlyMap<string, FileChange>;

/**
 * `git diff --name-status -z`: "M\0path\0", "A\0path\0", "D\0path\0", "R087\0old\0new\0",
 * "C075\0from\0to\0", "T\0path\0". Returns new paths with their status; deleted files are left
 * out (nothing of them is left to review).
 */
export function parseNameStatus(output: string): Map<string, 'new' | 'changed'> {
  const fields = output.split('\0');
  const statuses = new Map<string, 'new' | 'changed'>();
  for (let i = 0; i + 1 < fields.length;) {
    const status = fields[i]!;
    if (status === '') break;
    const letter = status[0]!;
    if (letter === 'R' || letter === 'C') {
      const to = fields[i + 2]!;
      // A copy is a new file; a rename keeps its history, so only edited lines count.
      statuses.set(to, letter === 'C' ? 'new' : 'changed');
      i += 3;
      continue;
    }
    const path = fields[i + 1]!;
    if (letter === 'A') statuses.set(path, 'new');
    else if (letter !== 'D') statuses.set(path, 'changed');
    i += 2;
  }
  return statuses;
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

export interface Patch {
  /** Added line numbers of each new path. */
  readonly added: ReadonlyMap<string, ReadonlySet<number>>;
  /** "Binary files a/x and b/x differ" lines: such files have no line numbers to offer. */
  readonly binary: readonly string[];
}

/**
 * `git diff --unified=0` with a/ b/ prefixes. Removed lines leave nothing to anchor in the new
 * version, so a pure deletion adds no line.
 */
export function parsePatch(patch: string): Patch {
  const added = new Map<string, Set<number>>();
  const binary: string[] = [];
  let current: Set<number> | undefined;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined;
    } else if (line.startsWith('+++ ')) {
      const path = unquoteGitPath(line.slice(4));
      current = undefined; // "+++ /dev/null": the file was deleted
      if (path.startsWith('b/')) added.set(path.slice(2), (current = new Set()));
    } else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
      binary.push(line);
    } else if (current) {
      const hunk = HUNK.exec(line);
      if (!hunk) continue;
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return { added, binary };
}

/**
 * Combines both views. A changed file without a text hunk is either binary (every line counts:
 * git cannot say which) or renamed/re-moded without edits (no line changed).
 */
export function changedFiles(nameStatus: string, patch: string, untracked: readonly string[]): ChangedFiles {
  const { added, binary } = parsePatch(patch);
  const result = new Map<string, FileChange>();
  for (const [path, status] of parseNameStatus(nameStatus)) {
    if (status === 'new') {
      result.set(path, { status: 'new' });
      continue;
    }
    const isBinary = binary.some((line) => line.endsWith(` b/${path} differ`));
    result.set(path, { status: 'changed', lines: added.get(path) ?? (isBinary ? 'all' : new Set<number>()) });
  }
  for (const path of untracked) result.set(path, { status: 'new' });
  return result;
}

/**
 * git quotes a path that holds control characters, `"` or `\` (core.quotePath=false keeps other
 * UTF-8 as is): "b/a\tb" with C escapes and octal bytes.
 */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
