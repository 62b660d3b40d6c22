/**
 * Reading config files from disk for review: one file, or a directory of *.conf files in
 * file-name order. Each file is read once, as bytes, so NUL bytes, a BOM and invalid UTF-8 are
 * seen for what they are. Only I/O errors throw: an InputError naming the file when it is
 * missing or unreadable, larger than MAX_CONFIG_BYTES, or not a regular file (a FIFO would
 * block, /dev/zero would never end); see docs/limits.md.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readBoundedFile } from '../util/bounded-read.js';
import { compareBytewise } from './glob.js';
import { parseConfigText } from './parse.js';
import type { FileNote, ParsedConfigFile } from './types.js';

/** A sysctl.conf is a few KB; 16 MiB is far past any real one and keeps memory bounded. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** The bytes of one config file, at most MAX_CONFIG_BYTES; not a FIFO or device (util/bounded-read.ts). */
export function readConfigFileBytes(path: string, displayPath: string = path): Buffer {
  return readBoundedFile(path, { maxBytes: MAX_CONFIG_BYTES, what: 'config file', display: displayPath });
}

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
  return parseConfigBytes(readConfigFileBytes(path, displayPath), displayPath);
}

export interface ConfEntry {
  /** `dir` joined with the name. */
  readonly path: string;
  readonly name: string;
  /** A symbolic link (to a file, or a broken one): where it leads is not `dir`/name. */
  readonly symlink: boolean;
}

/**
 * The *.conf files of a directory in the order the tools apply them (bytewise by name).
 * Hidden names are included, as procps includes them; directories (and links to them) are not.
 */
export function listConfEntries(dir: string): ConfEntry[] {
  const entries: ConfEntry[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.name.endsWith('.conf')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) continue;
    const symlink = entry.isSymbolicLink();
    if (symlink) {
      try {
        if (statSync(full).isDirectory()) continue;
      } catch {
        // A broken symlink is still listed: reading it gives the user a clear I/O error.
      }
    }
    entries.push({ path: full, name: entry.name, symlink });
  }
  return entries.sort((a, b) => compareBytewise(a.name, b.name));
}

/** The paths of listConfEntries(dir). */
export function listConfDirectory(dir: string): string[] {
  return listConfEntries(dir).map((entry) => entry.path);
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
