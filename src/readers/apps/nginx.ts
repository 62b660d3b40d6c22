/**
 * nginx: `keepalive_timeout` (http, server, location; default 75 s), `keepalive_requests`, the
 * `listen` ports of each server block (and `so_keepalive=`), upstream blocks with `keepalive N`
 * (a pool of idle connections) and their `keepalive_timeout` (default 60 s, since 1.15.3), and
 * `proxy_socket_keepalive on`. Includes (`include glob;`, relative to the prefix /etc/nginx) are
 * read in place. https://nginx.org/en/docs/http/ngx_http_core_module.html#keepalive_timeout,
 * https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive
 */
import { posix } from 'node:path';
import type { RootFiles } from './files.js';
import { nginxSeconds } from './durations.js';
import type { AppPool, AppServer, AppSetting, AppTcpKeepalive, Where } from './types.js';

export const NGINX_MAIN = '/etc/nginx/nginx.conf';
const MAX_INCLUDE_DEPTH = 16;

interface Directive {
  readonly name: string;
  readonly args: readonly string[];
  readonly at: Where;
  readonly block?: readonly Directive[];
}

interface Token {
  readonly text: string;
  readonly line: number;
  /** `;`, `{` and `}` outside quotes. */
  readonly special: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === ';' || c === '{' || c === '}') {
      tokens.push({ text: c, line, special: true });
      i++;
    } else if (c === '"' || c === "'") {
      const start = line;
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        if (text[i] === '\n') line++;
        value += text[i];
        i++;
      }
      i++;
      tokens.push({ text: value, line: start, special: false });
    } else {
      let value = '';
      while (i < text.length && !/[\s;{}]/.test(text[i]!)) value += text[i++];
      tokens.push({ text: value, line, special: false });
    }
  }
  return tokens;
}

class NginxParser {
  readonly files: string[] = [];
  readonly notes: string[] = [];
  constructor(
    private readonly root: RootFiles,
    /** Relative includes start here: the prefix, the main file's directory (/etc/nginx). */
    private readonly prefix: string,
  ) {}

  parseFile(path: string, depth: number): Directive[] {
    const text = this.root.read(path);
    if (text === null) return [];
    const file = this.root.display(path);
    this.files.push(file);
    const tokens = tokenize(text);
    let position = 0;
    const block = (): Directive[] => {
      const out: Directive[] = [];
      while (position < tokens.length) {
        const first = tokens[position]!;
        if (first.special && first.text === '}') {
          position++;
          return out;
        }
        const words: string[] = [];
        while (position < tokens.length && !tokens[position]!.special) words.push(tokens[position++]!.text);
        const end = tokens[position++];
        const [name, ...args] = words;
        if (name === undefined) continue;
        const at = { file, line: first.line };
        if (end?.text === '{') out.push({ name, args, at, block: block() });
        else if (name === 'include' && args[0] !== undefined) out.push(...this.include(args[0], depth, at));
        else out.push({ name, args, at });
      }
      return out;
    };
    return block();
  }

  private include(pattern: string, depth: number, at: Where): Directive[] {
    if (depth >= MAX_INCLUDE_DEPTH) {
      this.notes.push(`${at.file}:${at.line}: include nested more than ${MAX_INCLUDE_DEPTH} deep, not followed`);
      return [];
    }
    const absolute = pattern.startsWith('/') ? pattern : posix.join(this.prefix, pattern);
    return this.root.expand(absolute).flatMap((path) => this.parseFile(path, depth + 1));
  }
}

function last(directives: readonly Directive[], name: string): Directive | undefined {
  return directives.filter((d) => d.name === name).at(-1);
}

function keepaliveSetting(directive: Directive | undefined, inherited: AppSetting): AppSetting {
  if (!directive) return inherited;
  const seconds = nginxSeconds(directive.args[0] ?? '');
  if (seconds === undefined) return inherited;
  return { seconds, directive: `keepalive_timeout ${directive.args.join(' ')}`, at: directive.at, isDefault: false };
}

/** The port of a `listen` argument: "8080", "127.0.0.1:8080", "[::]:80", "*:80", "localhost"; undefined for unix sockets. */
function listenPort(address: string): number | undefined {
  if (address.startsWith('unix:')) return undefined;
  const match = /(?:^|:)(\d+)$/.exec(address);
  return match ? Number(match[1]) : 80;
}

/** An upstream `server` address: "10.0.0.2:8080", "[::1]:8080", "backend" (port 80); undefined for unix sockets. */
function hostPort(address: string, fallback: number): { host: string; port: number } | undefined {
  if (address.startsWith('unix:')) return undefined;
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(address);
  return match ? { host: match[1]!, port: Number(match[2]) } : { host: address, port: fallback };
}

export interface NginxFacts {
  readonly servers: AppServer[];
  readonly pools: AppPool[];
  readonly tcpKeepalive: AppTcpKeepalive[];
  readonly files: string[];
  readonly notes: string[];
}

export function readNginx(root: RootFiles, main: string = NGINX_MAIN): NginxFacts | undefined {
  const parser = new NginxParser(root, posix.dirname(main));
  const top = parser.parseFile(main, 0);
  if (parser.files.length === 0) return undefined;
  const servers: AppServer[] = [];
  const pools: AppPool[] = [];
  const tcpKeepalive: AppTcpKeepalive[] = [];
  const defaultKeepalive: AppSetting = { seconds: 75, directive: 'keepalive_timeout 75s (nginx default)', isDefault: true };
  for (const http of top.filter((d) => d.name === 'http' && d.block)) {
    const httpBlock = http.block!;
    const httpKeepalive = keepaliveSetting(last(httpBlock, 'keepalive_timeout'), defaultKeepalive);
    for (const d of httpBlock.filter((d) => d.name === 'proxy_socket_keepalive' && d.args[0] === 'on'))
      tcpKeepalive.push({ app: 'nginx', side: 'client', directive: 'proxy_socket_keepalive on', at: d.at });
    for (const server of httpBlock.filter((d) => d.name === 'server' && d.block)) {
      const block = server.block!;
      const listens = block.filter((d) => d.name === 'listen');
      const ports = [...new Set(listens.map((d) => listenPort(d.args[0] ?? '')).filter((p): p is number => p !== undefined))];
      if (listens.length === 0) ports.push(80);
      for (const listen of listens) {
        const option = listen.args.find((a) => a.startsWith('so_keepalive='));
        if (option && option !== 'so_keepalive=off')
          tcpKeepalive.push({ app: 'nginx', side: 'server', directive: `listen ${listen.args.join(' ')}`, at: listen.at });
      }
      for (const d of block.filter((d) => d.name === 'proxy_socket_keepalive' && d.args[0] === 'on'))
        tcpKeepalive.push({ app: 'nginx', side: 'client', directive: 'proxy_socket_keepalive on', at: d.at });
      const keepAlive = keepaliveSetting(last(block, 'keepalive_timeout'), httpKeepalive);
      const portText = ports.map((p) => `:${p}`).join(', ');
      servers.push({ app: 'nginx', name: `nginx server on ${portText}`, ports, keepAlive, at: server.at });
      for (const location of block.filter((d) => d.name === 'location' && d.block)) {
        const own = last(location.block!, 'keepalive_timeout');
        if (!own) continue;
        servers.push({
          app: 'nginx',
          name: `nginx location ${location.args.join(' ')} on ${portText}`,
          ports,
          keepAlive: keepaliveSetting(own, keepAlive),
          at: location.at,
        });
      }
    }
    for (const upstream of httpBlock.filter((d) => d.name === 'upstream' && d.block)) {
      const block = upstream.block!;
      const keepalive = last(block, 'keepalive');
      if (!keepalive) continue;
      const targets = block
        .filter((d) => d.name === 'server')
        .map((d) => ({ target: hostPort(d.args[0] ?? '', 80), at: d.at }))
        .filter((t) => t.target !== undefined)
        .map((t) => ({ ...t.target!, at: t.at }));
      const timeout = last(block, 'keepalive_timeout');
      const seconds = timeout ? nginxSeconds(timeout.args[0] ?? '') : undefined;
      const idle: AppSetting =
        timeout && seconds !== undefined
          ? { seconds, directive: `keepalive_timeout ${timeout.args.join(' ')}`, at: timeout.at, isDefault: false }
          : { seconds: 60, directive: 'keepalive_timeout 60s (nginx upstream default)', isDefault: true };
      pools.push({
        app: 'nginx',
        name: `nginx upstream ${upstream.args[0] ?? ''}`,
        targets,
        idle,
        reuse: { seconds: 0, directive: `keepalive ${keepalive.args.join(' ')}`, at: keepalive.at, isDefault: false },
        at: upstream.at,
      });
    }
  }
  return { servers, pools, tcpKeepalive, files: parser.files, notes: parser.notes };
}
