/**
 * Where review finds the profiles a TuneD profile includes. TuneD looks an included name up in
 * its profile directories, /etc/tuned before /usr/lib/tuned (and their profiles/ subdirectories
 * since tuned 2.23), skipping a file already loaded (tuned/profiles/locator.py get_config,
 * https://github.com/redhat-performance/tuned/blob/master/tuned/profiles/locator.py). A
 * repository keeps its profiles side by side, so review first looks beside the including
 * profile (`../NAME/tuned.conf`), then, with --root, where TuneD would.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { decodeConfigBytes, readConfigFileBytes } from '../config/index.js';
import type { TunedIncludes } from '../readers/embedded/tuned.js';
import { displayPath } from './sources.js';

/** Highest priority first: reversed(LOAD_DIRECTORIES) of tuned/consts.py, old and new layouts. */
const ROOT_PROFILE_DIRECTORIES = ['etc/tuned/profiles', 'etc/tuned', 'usr/lib/tuned/profiles', 'usr/lib/tuned'];

export function tunedIncludes(self: string, root: string | undefined, cwd: string, texts: Map<string, string>): TunedIncludes {
  return {
    self,
    find(name, from, skip) {
      const candidates = [
        join(dirname(dirname(from)), name, 'tuned.conf'),
        ...(root === undefined ? [] : ROOT_PROFILE_DIRECTORIES.map((dir) => join(root, dir, name, 'tuned.conf'))),
      ].map((path) => normalize(path));
      for (const path of candidates) {
        if (skip.has(path)) continue;
        if (existsSync(path) && statSync(path).isFile()) return { path };
      }
      return { lookedIn: [...new Set(candidates)].map((path) => displayPath(cwd, path)) };
    },
    read(path) {
      if (!texts.has(path)) {
        try {
          texts.set(path, decodeConfigBytes(readConfigFileBytes(path)).text);
        } catch {
          return undefined;
        }
      }
      return texts.get(path);
    },
  };
}
