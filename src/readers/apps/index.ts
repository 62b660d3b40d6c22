/**
 * The applications on the idle-timeout chain, read under a root (the live host, a bundle, or a
 * repository laid out like /): nginx, Apache httpd, HAProxy and Envoy at their packaged paths;
 * or named files (review), each recognised by its name or content. `files` lists every file
 * read, includes too: collect copies exactly those into a bundle.
 */
import { readFileSync } from 'node:fs';
import { basename, posix } from 'node:path';
import { readApache } from './apache.js';
import { readEnvoy } from './envoy.js';
import { rootFiles, type RootFiles } from './files.js';
import { readHaproxy } from './haproxy.js';
import { readNginx } from './nginx.js';
import type { AppFacts, AppName } from './types.js';

type Part = { servers: AppFacts['servers']; files: string[] } & Partial<Pick<AppFacts, 'pools' | 'tcpKeepalive' | 'notes'>>;

function merge(parts: readonly (Part | undefined)[]): AppFacts | undefined {
  const present = parts.filter((p) => p !== undefined);
  if (present.length === 0) return undefined;
  return {
    servers: present.flatMap((p) => p.servers),
    pools: present.flatMap((p) => p.pools ?? []),
    tcpKeepalive: present.flatMap((p) => p.tcpKeepalive ?? []),
    files: present.flatMap((p) => p.files),
    notes: present.flatMap((p) => p.notes ?? []),
  };
}

/** Undefined when none of the applications' configs is under the root. */
export function readApps(root: string): AppFacts | undefined {
  return readAppsFrom(rootFiles(root));
}

/** The same, from any file access (tests read configs held in memory). */
export function readAppsFrom(files: RootFiles): AppFacts | undefined {
  return merge([readNginx(files), readApache(files), readHaproxy(files), readEnvoy(files)]);
}

export const APP_NAMES: Record<AppName, string> = { nginx: 'nginx', apache: 'Apache httpd', haproxy: 'HAProxy', envoy: 'Envoy' };

/** Which application a config file belongs to, by its name, else by its content; undefined for anything else. */
export function appOfFile(path: string, text: string): AppName | undefined {
  const name = basename(path);
  if (name === 'nginx.conf' || /(^|\/)nginx\//.test(path)) return 'nginx';
  if (name === 'haproxy.cfg') return 'haproxy';
  if (name === 'apache2.conf' || name === 'httpd.conf') return 'apache';
  if (/^envoy\.ya?ml$/.test(name)) return 'envoy';
  if (/^\s*(frontend|backend|defaults|listen)\b[^\n=]*$/m.test(text) && /^\s*(timeout|server|bind|mode)\s/m.test(text)) return 'haproxy';
  if (/^\s*static_resources\s*:/m.test(text)) return 'envoy';
  if (/^\s*(http|server|upstream)\s*\{/m.test(text) || /^\s*keepalive_timeout\s+\S+\s*;/m.test(text)) return 'nginx';
  if (/^\s*(KeepAlive(Timeout)?|MaxKeepAliveRequests)\s/im.test(text) || /^\s*<VirtualHost\b/im.test(text)) return 'apache';
  return undefined;
}

/**
 * Application configs named for review: each read as its application reads it, includes relative
 * to its own directory. `display` maps an absolute path to the name review shows for it.
 */
export function readNamedApps(files: readonly { readonly absolute: string; readonly display: string }[]): AppFacts | undefined {
  const shown = new Map(files.map((f) => [f.absolute, f.display]));
  const host: RootFiles = { ...rootFiles('/'), display: (path) => shown.get(path) ?? path };
  const parts: (Part | undefined)[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file.absolute, 'utf8');
    } catch {
      continue;
    }
    const app = appOfFile(file.absolute, text);
    if (app === 'nginx') {
      // A file holding only server blocks (conf.d/*.conf) is read as if included in http {}.
      parts.push(
        /^\s*http\s*\{/m.test(text) ? readNginx(host, file.absolute) : readNginx(wrappedInHttp(host, file.absolute), file.absolute),
      );
    } else if (app === 'haproxy') parts.push(readHaproxy(host, file.absolute));
    else if (app === 'apache') parts.push(readApache(host, [{ file: file.absolute, serverRoot: posix.dirname(file.absolute) }]));
    else if (app === 'envoy') parts.push(readEnvoy(host, [file.absolute]));
  }
  return merge(parts);
}

/** nginx's conf.d files hold server and upstream blocks that nginx.conf includes inside http {}: read them there. */
function wrappedInHttp(host: RootFiles, path: string): RootFiles {
  return { ...host, read: (p) => (p === path ? wrapLines(host.read(p)) : host.read(p)) };
}

function wrapLines(text: string | null): string | null {
  // "http {" on the file's first line and "}" after its last keep every line number.
  return text === null ? null : `http { ${text}\n}`;
}

export type { AppFacts } from './types.js';
