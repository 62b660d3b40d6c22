/**
 * Envoy bootstrap YAML (static_resources): listeners' ports with the HTTP connection manager's
 * `common_http_protocol_options.idle_timeout` (downstream keep-alive, default 1 h), clusters'
 * `common_http_protocol_options.idle_timeout` (in typed_extension_protocol_options'
 * HttpProtocolOptions, or the older cluster field; the upstream pool, default 1 h) with their
 * endpoints, and `upstream_connection_options.tcp_keepalive`.
 * https://www.envoyproxy.io/docs/envoy/latest/faq/configuration/timeouts
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { RootFiles } from './files.js';
import { envoySeconds, formatSeconds } from './durations.js';
import type { AppPool, AppServer, AppSetting, AppTcpKeepalive, Where } from './types.js';

export const ENVOY_MAINS: readonly string[] = ['/etc/envoy/envoy.yaml', '/etc/envoy/envoy.yml'];
const HTTP_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
const DEFAULT_IDLE: AppSetting = { seconds: 3600, directive: 'idle_timeout 3600s (Envoy default)', isDefault: true };

type Get = (node: unknown, ...path: (string | number)[]) => unknown;

const get: Get = (node, ...path) => {
  let current = node;
  for (const step of path) {
    if (isMap(current)) current = current.get(step, true);
    else if (isSeq(current) && typeof step === 'number') current = current.items[step];
    else return undefined;
  }
  return current;
};

function items(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

function scalar(node: unknown): unknown {
  if (node && typeof node === 'object' && 'toJSON' in node) return (node as { toJSON(): unknown }).toJSON();
  return node;
}

/** A scalar's text; '' for a missing node or a mapping where a name was expected. */
function scalarText(node: unknown): string {
  const value = scalar(node);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function readEnvoy(
  root: RootFiles,
  mains: readonly string[] = ENVOY_MAINS,
): { servers: AppServer[]; pools: AppPool[]; tcpKeepalive: AppTcpKeepalive[]; files: string[]; notes: string[] } | undefined {
  for (const main of mains) {
    const text = root.read(main);
    if (text === null) continue;
    const file = root.display(main);
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines });
    if (document.errors.length > 0) {
      const error = document.errors[0]!;
      return {
        servers: [],
        pools: [],
        tcpKeepalive: [],
        files: [file],
        notes: [`${file}:${error.linePos?.[0].line ?? 1}: not YAML Envoy reads: ${error.message.split('\n')[0]}`],
      };
    }
    const where = (node: unknown): Where => ({ file, line: lines.linePos((node as Node | undefined)?.range?.[0] ?? 0).line });
    const idleOf = (options: unknown): AppSetting => {
      const node = get(options, 'common_http_protocol_options', 'idle_timeout');
      const seconds = node !== undefined ? envoySeconds(scalar(node)) : undefined;
      if (node === undefined || seconds === undefined) return DEFAULT_IDLE;
      return { seconds, directive: `idle_timeout ${formatSeconds(seconds).replace(' ', '')}`, at: where(node), isDefault: false };
    };
    const resources = get(document.contents, 'static_resources');
    const servers: AppServer[] = [];
    const pools: AppPool[] = [];
    const tcpKeepalive: AppTcpKeepalive[] = [];
    for (const listener of items(get(resources, 'listeners'))) {
      const port = Number(scalar(get(listener, 'address', 'socket_address', 'port_value')));
      const name = scalarText(get(listener, 'name'));
      for (const chain of items(get(listener, 'filter_chains'))) {
        for (const filter of items(get(chain, 'filters'))) {
          if (!scalarText(get(filter, 'name')).includes('http_connection_manager')) continue;
          servers.push({
            app: 'envoy',
            name: `Envoy listener ${name} on :${port}`,
            ports: Number.isFinite(port) ? [port] : [],
            keepAlive: idleOf(get(filter, 'typed_config')),
            at: where(listener),
          });
        }
      }
    }
    for (const cluster of items(get(resources, 'clusters'))) {
      const name = scalarText(get(cluster, 'name'));
      const typed = get(cluster, 'typed_extension_protocol_options', HTTP_OPTIONS);
      const legacy = get(cluster, 'common_http_protocol_options') !== undefined ? cluster : undefined;
      const idle = typed !== undefined ? idleOf(typed) : legacy !== undefined ? idleOf(legacy) : DEFAULT_IDLE;
      const targets: AppPool['targets'][number][] = [];
      for (const endpoints of items(get(cluster, 'load_assignment', 'endpoints')))
        for (const lb of items(get(endpoints, 'lb_endpoints'))) {
          const address = get(lb, 'endpoint', 'address', 'socket_address');
          const port = Number(scalar(get(address, 'port_value')));
          if (Number.isFinite(port)) targets.push({ host: scalarText(get(address, 'address')), port, at: where(address) });
        }
      pools.push({
        app: 'envoy',
        name: `Envoy cluster ${name}`,
        targets,
        idle,
        reuse: { seconds: 0, directive: 'connection pool (always on in Envoy)', isDefault: true },
        at: where(cluster),
      });
      const keepalive = get(cluster, 'upstream_connection_options', 'tcp_keepalive');
      if (keepalive !== undefined)
        tcpKeepalive.push({
          app: 'envoy',
          side: 'client',
          directive: `cluster ${name} upstream_connection_options.tcp_keepalive`,
          at: where(keepalive),
        });
    }
    return { servers, pools, tcpKeepalive, files: [file], notes: [] };
  }
  return undefined;
}
