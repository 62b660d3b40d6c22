/**
 * Apache httpd: `KeepAlive On|Off` (default On), `KeepAliveTimeout n[ms]` (default 5 s),
 * `MaxKeepAliveRequests` (default 100) in the server config and in <VirtualHost>, the `Listen`
 * ports, and `Include`/`IncludeOptional` (globs; relative to ServerRoot) read in place.
 * Directive names are case-insensitive and a trailing "\" continues a line.
 * https://httpd.apache.org/docs/2.4/mod/core.html#keepalivetimeout
 */
import { posix } from 'node:path';
import type { RootFiles } from './files.js';
import { apacheSeconds } from './durations.js';
import type { AppServer, AppSetting, Where } from './types.js';

/** Debian's and Red Hat's main files, with the ServerRoot each one's relative includes start from. */
export const APACHE_MAINS: readonly { readonly file: string; readonly serverRoot: string }[] = [
  { file: '/etc/apache2/apache2.conf', serverRoot: '/etc/apache2' },
  { file: '/etc/httpd/conf/httpd.conf', serverRoot: '/etc/httpd' },
];
const MAX_INCLUDE_DEPTH = 16;

interface Line {
  readonly words: readonly string[];
  readonly at: Where;
}

function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

class ApacheReader {
  readonly files: string[] = [];
  readonly notes: string[] = [];
  serverRoot: string;
  constructor(
    private readonly root: RootFiles,
    serverRoot: string,
  ) {
    this.serverRoot = serverRoot;
  }

  lines(path: string, depth: number): Line[] {
    const text = this.root.read(path);
    if (text === null) return [];
    const file = this.root.display(path);
    this.files.push(file);
    const out: Line[] = [];
    const raw = text.split('\n');
    for (let i = 0; i < raw.length; i++) {
      const start = i + 1;
      let content = raw[i]!;
      while (content.endsWith('\\') && i + 1 < raw.length) content = content.slice(0, -1) + ' ' + raw[++i]!;
      const trimmed = content.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const parts = words(trimmed);
      const name = parts[0]!.toLowerCase();
      const at = { file, line: start };
      if (name === 'serverroot' && parts[1]) this.serverRoot = parts[1];
      if ((name === 'include' || name === 'includeoptional') && parts[1]) {
        if (depth >= MAX_INCLUDE_DEPTH)
          this.notes.push(`${file}:${start}: Include nested more than ${MAX_INCLUDE_DEPTH} deep, not followed`);
        else {
          const pattern = parts[1].startsWith('/') ? parts[1] : posix.join(this.serverRoot, parts[1]);
          for (const included of this.root.expand(pattern)) out.push(...this.lines(included, depth + 1));
        }
        continue;
      }
      out.push({ words: parts, at });
    }
    return out;
  }
}

function portOf(address: string): number | undefined {
  const match = /(?:^|:)(\d+)$/.exec(address.replace(/>$/, ''));
  return match ? Number(match[1]) : undefined;
}

interface Scope {
  keepAlive?: Line;
  timeout?: Line;
}

function setting(scope: Scope, inherited: AppSetting): AppSetting {
  if (scope.keepAlive && scope.keepAlive.words[1]?.toLowerCase() === 'off')
    return { seconds: 0, directive: scope.keepAlive.words.join(' '), at: scope.keepAlive.at, isDefault: false };
  const seconds = scope.timeout ? apacheSeconds(scope.timeout.words[1] ?? '') : undefined;
  if (scope.timeout && seconds !== undefined)
    return { seconds, directive: scope.timeout.words.join(' '), at: scope.timeout.at, isDefault: false };
  return inherited;
}

export function readApache(
  root: RootFiles,
  mains: readonly { readonly file: string; readonly serverRoot: string }[] = APACHE_MAINS,
): { servers: AppServer[]; files: string[]; notes: string[] } | undefined {
  for (const main of mains) {
    const reader = new ApacheReader(root, main.serverRoot);
    const lines = reader.lines(main.file, 0);
    if (reader.files.length === 0) continue;
    const global: Scope = {};
    const listenPorts: number[] = [];
    const vhosts: { at: Where; ports: number[]; scope: Scope }[] = [];
    let vhost: (typeof vhosts)[number] | undefined;
    let mainAt: Where | undefined;
    for (const line of lines) {
      mainAt ??= line.at;
      const name = line.words[0]!.toLowerCase();
      if (name === '<virtualhost') {
        const ports = line.words
          .slice(1)
          .map(portOf)
          .filter((p): p is number => p !== undefined);
        vhost = { at: line.at, ports, scope: {} };
        vhosts.push(vhost);
      } else if (name === '</virtualhost>') vhost = undefined;
      else if (name === 'listen' && line.words[1]) {
        const port = portOf(line.words[1]);
        if (port !== undefined && !listenPorts.includes(port)) listenPorts.push(port);
      } else if (name === 'keepalive') (vhost?.scope ?? global).keepAlive = line;
      else if (name === 'keepalivetimeout') (vhost?.scope ?? global).timeout = line;
    }
    const defaults: AppSetting = { seconds: 5, directive: 'KeepAliveTimeout 5 (httpd default)', isDefault: true };
    const serverSetting = setting(global, defaults);
    const servers: AppServer[] = [
      {
        app: 'apache',
        name: `Apache httpd on ${listenPorts.map((p) => `:${p}`).join(', ') || 'its Listen ports'}`,
        ports: listenPorts,
        keepAlive: serverSetting,
        at: mainAt ?? { file: root.display(main.file), line: 1 },
      },
    ];
    for (const v of vhosts) {
      if (!v.scope.keepAlive && !v.scope.timeout) continue;
      servers.push({
        app: 'apache',
        name: `Apache httpd <VirtualHost> on ${v.ports.map((p) => `:${p}`).join(', ')}`,
        ports: v.ports,
        keepAlive: setting(v.scope, serverSetting),
        at: v.at,
      });
    }
    return { servers, files: reader.files, notes: reader.notes };
  }
  return undefined;
}
