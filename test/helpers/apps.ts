/**
 * Application facts for rule tests, read by the real readers (src/readers/apps) from config texts
 * held in memory by their in-root path: { '/etc/nginx/nginx.conf': 'http { ... }' }.
 */
import { posix } from 'node:path';
import { matchComponent } from '../../src/config/glob.js';
import type { RootFiles } from '../../src/readers/apps/files.js';
import { readAppsFrom } from '../../src/readers/apps/index.js';
import type { AppFacts } from '../../src/readers/apps/types.js';

export function memoryFiles(files: Readonly<Record<string, string>>): RootFiles {
  return {
    read: (path) => files[path] ?? null,
    expand: (pattern) => {
      const parts = pattern.split('/');
      const matches = Object.keys(files)
        .filter((path) => {
          const names = path.split('/');
          return names.length === parts.length && parts.every((part, i) => part === names[i] || matchComponent(part, names[i]!));
        })
        .sort();
      return matches.length > 0 ? matches : [posix.normalize(pattern)];
    },
    display: (path) => path,
  };
}

export function appsFrom(files: Readonly<Record<string, string>>): AppFacts {
  const apps = readAppsFrom(memoryFiles(files));
  if (!apps) throw new Error('no application config among the test files');
  return apps;
}
