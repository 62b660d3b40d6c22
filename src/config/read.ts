/**
 * Reading config files from disk for review: one file, or a directory of *.conf files in
 * file-name order. Each file is read once, as bytes, so NUL bytes, a BOM and invalid UTF-8 are
 * seen for what they are. Only I/O errors throw (with the fs error's code and path, which
 * describeError turns into one line).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareBytewise } from './glob.js';
import { parseConfigText } from './parse.js';
import type { FileNote, ParsedConfigFile } from './types.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes file bytes; the BOM stays in the text (the parser handles it), bad bytes become U+FFFD. */
export function decodeConfigBytes(bytes: Uint8Array): { text: string; notes: FileNote[] } {
  try {
    return { text: strictUtf8.decode(bytes), notes: [] };
  } catch {
    return { text: lenientUtf8.decode(bytes), notes: [{ kind: 'invalid-utf8' }] };
  }
}

/** Parses file bytes already in memory. */
export function parseConfigBytes(bytes: Uint8Array, displayPath: string): ParsedConfigFile {
  const { text, notes } = decodeConfigBytes(bytes);
  return parseConfigText(text, displayPath, notes);
}

/** Reads and parses one file. `displayPath` is what findings will show (defaults to `path`). */
export function readConfigFile(path: string, displayPath: string = path): ParsedConfigFile {
  return parseConfigBytes(readFileSync(path), displayPath);
}

/**
 * The *.conf files of a directory in the order the tools apply them (bytewise by name), as
 * paths joined to `dir`. Hidden names are included, as procps includes them; directories are not.
 */
export function listConfDirectory(dir: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.name.endsWith('.conf')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) continue;
    if (entry.isSymbolicLink()) {
      try {
        if (statSync(full).isDirectory()) continue;
      } catch {
        // A broken symlink is still listed: reading it gives the user a clear I/O error.
      }
    }
    names.push(entry.name);
  }
  return names.sort(compareBytewise).map((name) => join(dir, name));
}

/**
 * What `review FILE|DIR ...` reads: each argument that is a directory contributes its *.conf
 * files in file-name order, anything else is read as one file (whatever its name).
 */
export function readConfigPaths(paths: readonly string[]): ParsedConfigFile[] {
  const files: ParsedConfigFile[] = [];
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      for (const file of listConfDirectory(path)) files.push(readConfigFile(file));
    } else {
      files.push(readConfigFile(path));
    }
  }
  return files;
}
