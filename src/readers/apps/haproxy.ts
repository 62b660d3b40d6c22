/**
 * HAProxy: sections global / defaults [NAME] / frontend / backend / listen; `timeout client`,
 * `server`, `http-keep-alive`, `http-request`, `tunnel`, `connect` (a bare number is
 * milliseconds); `defaults` inherited by the proxies after it (or the one named by `from NAME`);
 * `http-reuse` and `pool-purge-delay` (on `server` or `default-server`), which decide how long an
 * idle server connection waits in the pool for reuse; `option clitcpka|srvtcpka|tcpka`.
 * https://docs.haproxy.org/2.6/configuration.html#4-timeout%20http-keep-alive
 */
import type { RootFiles } from './files.js';
import { haproxySeconds } from './durations.js';
import type { AppPool, AppServer, AppSetting, AppTcpKeepalive, Where } from './types.js';

export const HAPROXY_MAIN = '/etc/haproxy/haproxy.cfg';

interface Line {
  readonly words: readonly string[];
  readonly at: Where;
}

interface Section {
  readonly kind: 'global' | 'defaults' | 'frontend' | 'backend' | 'listen' | 'other';
  readonly name: string;
  readonly from?: string;
  readonly at: Where;
  readonly lines: Line[];
  /** The defaults section in force for a proxy. */
  defaults?: Section;
}

const SECTION_KINDS = new Set(['global', 'defaults', 'frontend', 'backend', 'listen']);

function parseSections(text: string, file: string): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  let lastDefaults: Section | undefined;
  const named = new Map<string, Section>();
  for (const [index, raw] of text.split('\n').entries()) {
    const content = raw.replace(/(^|\s)#.*$/, '').trim();
    if (content === '') continue;
    const words = content.split(/\s+/);
    const at = { file, line: index + 1 };
    const keyword = words[0]!;
    if (SECTION_KINDS.has(keyword) || /^(userlist|peers|resolvers|mailers|program|http-errors|ring|cache)$/.test(keyword)) {
      const kind = (SECTION_KINDS.has(keyword) ? keyword : 'other') as Section['kind'];
      const fromIndex = words.indexOf('from');
      const name = words[1] !== undefined && words[1] !== 'from' ? words[1] : '';
      const from = fromIndex > 0 ? words[fromIndex + 1] : undefined;
      current = { kind, name, at, lines: [], ...(from !== undefined ? { from } : {}) };
      if (kind === 'frontend' || kind === 'backend' || kind === 'listen') {
        const inherited = from !== undefined ? named.get(from) : lastDefaults;
        if (inherited) current.defaults = inherited;
      }
      if (kind === 'defaults') {
        lastDefaults = current;
        if (name) named.set(name, current);
      }
      sections.push(current);
      continue;
    }
    current?.lines.push({ words, at });
  }
  return sections;
}

/** The last line of a section (then its defaults) whose first words are `prefix`. */
function find(section: Section, prefix: readonly string[]): Line | undefined {
  const match = (s: Section) => s.lines.filter((l) => prefix.every((word, i) => l.words[i] === word)).at(-1);
  return match(section) ?? (section.defaults ? match(section.defaults) : undefined);
}

function timeout(section: Section, name: string): AppSetting | undefined {
  const line = find(section, ['timeout', name]);
  const seconds = line ? haproxySeconds(line.words[2] ?? '') : undefined;
  if (!line || seconds === undefined) return undefined;
  return { seconds, directive: line.words.join(' '), at: line.at, isDefault: false };
}

function option(section: Section, name: string): Line | undefined {
  // "no option X" in the proxy cancels an inherited one.
  const own = section.lines.filter((l) => (l.words[0] === 'option' && l.words[1] === name) || (l.words[0] === 'no' && l.words[2] === name));
  const last = own.at(-1);
  if (last) return last.words[0] === 'no' ? undefined : last;
  return section.defaults?.lines.filter((l) => l.words[0] === 'option' && l.words[1] === name).at(-1);
}

function mode(section: Section): string {
  return find(section, ['mode'])?.words[1] ?? 'tcp';
}

function bindPorts(section: Section): number[] {
  const ports: number[] = [];
  for (const line of section.lines.filter((l) => l.words[0] === 'bind')) {
    for (const address of (line.words[1] ?? '').split(',')) {
      const match = /:(\d+)(?:-(\d+))?$/.exec(address);
      if (match && !ports.includes(Number(match[1]))) ports.push(Number(match[1]));
    }
  }
  return ports;
}

function param(words: readonly string[], name: string): string | undefined {
  const index = words.indexOf(name);
  return index > 0 ? words[index + 1] : undefined;
}

export function readHaproxy(
  root: RootFiles,
  main: string = HAPROXY_MAIN,
): { servers: AppServer[]; pools: AppPool[]; tcpKeepalive: AppTcpKeepalive[]; files: string[] } | undefined {
  const text = root.read(main);
  if (text === null) return undefined;
  const file = root.display(main);
  const sections = parseSections(text, file);
  const servers: AppServer[] = [];
  const pools: AppPool[] = [];
  const tcpKeepalive: AppTcpKeepalive[] = [];
  for (const section of sections) {
    const label = `HAProxy ${section.kind} ${section.name}`.trimEnd();
    for (const [opt, side] of [
      ['clitcpka', 'server'],
      ['srvtcpka', 'client'],
      ['tcpka', 'server'],
    ] as const) {
      const line = section.kind === 'defaults' ? undefined : option(section, opt);
      if (line) tcpKeepalive.push({ app: 'haproxy', side, directive: line.words.join(' '), at: line.at });
    }
    const http = mode(section) === 'http';
    if (section.kind === 'frontend' || section.kind === 'listen') {
      const close = option(section, 'httpclose');
      // Keep-alive idle: http-keep-alive, else http-request, else client (configuration.txt, "timeout http-keep-alive").
      const idle = http
        ? (timeout(section, 'http-keep-alive') ?? timeout(section, 'http-request') ?? timeout(section, 'client'))
        : timeout(section, 'client');
      const keepAlive: AppSetting | undefined = close
        ? { seconds: 0, directive: close.words.join(' '), at: close.at, isDefault: false }
        : idle;
      const ports = bindPorts(section);
      if (keepAlive)
        servers.push({ app: 'haproxy', name: `${label} on ${ports.map((p) => `:${p}`).join(', ')}`, ports, keepAlive, at: section.at });
    }
    if ((section.kind === 'backend' || section.kind === 'listen') && http) {
      const reuseLine = find(section, ['http-reuse']);
      const reuseMode = reuseLine?.words[1] ?? 'safe';
      const noPool = reuseMode === 'never' || option(section, 'http-server-close') || option(section, 'httpclose');
      const serverLines = section.lines.filter((l) => l.words[0] === 'server');
      if (noPool || serverLines.length === 0) continue;
      const defaultServer = find(section, ['default-server']);
      const purgeOf = (line: Line | undefined): AppSetting | undefined => {
        const value = line ? param(line.words, 'pool-purge-delay') : undefined;
        const seconds = value !== undefined ? haproxySeconds(value) : undefined;
        return line && value !== undefined && seconds !== undefined
          ? { seconds, directive: `pool-purge-delay ${value}`, at: line.at, isDefault: false }
          : undefined;
      };
      const sectionPurge = purgeOf(defaultServer) ?? { seconds: 5, directive: 'pool-purge-delay 5s (HAProxy default)', isDefault: true };
      const reuse: AppSetting = reuseLine
        ? { seconds: 0, directive: reuseLine.words.join(' '), at: reuseLine.at, isDefault: false }
        : { seconds: 0, directive: 'http-reuse safe (HAProxy default)', isDefault: true };
      // One pool per distinct purge delay: a server line may set its own.
      const byPurge = new Map<string, { idle: AppSetting; targets: AppPool['targets'][number][] }>();
      for (const line of serverLines) {
        const idle = purgeOf(line) ?? sectionPurge;
        const address = line.words[2] ?? '';
        const match = /^(.*):(\d+)$/.exec(address);
        if (!match) continue;
        const key = `${idle.directive}@${idle.at?.line ?? 0}`;
        const group = byPurge.get(key) ?? { idle, targets: [] };
        group.targets.push({ host: match[1]!, port: Number(match[2]), at: line.at });
        byPurge.set(key, group);
      }
      for (const { idle, targets } of byPurge.values()) {
        pools.push({
          app: 'haproxy',
          name: label,
          targets,
          idle,
          reuse,
          at: section.at,
          note: 'HAProxy keeps idle server connections for reuse and closes half of them every pool-purge-delay, so some wait longer than one delay',
        });
      }
    }
  }
  return { servers, pools, tcpKeepalive, files: [file] };
}
