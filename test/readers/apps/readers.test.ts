/**
 * The application readers on real files under a root: includes with globs, contexts, defaults
 * sections, units, YAML lines; every value keeps its file and line, and nothing outside the root
 * is read.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { readApps } from '../../../src/readers/apps/index.js';
import { apacheSeconds, envoySeconds, haproxySeconds, nginxSeconds } from '../../../src/readers/apps/durations.js';

function rootWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'sa-apps-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('time units as each application writes them', () => {
  assert.equal(nginxSeconds('75'), 75);
  assert.equal(nginxSeconds('1m30s'), 90);
  assert.equal(nginxSeconds('500ms'), 0.5);
  assert.equal(nginxSeconds('5x'), undefined);
  assert.equal(haproxySeconds('30'), 0.03, 'a bare number is milliseconds');
  assert.equal(haproxySeconds('30s'), 30);
  assert.equal(haproxySeconds('2m'), 120);
  assert.equal(haproxySeconds('1h'), 3600);
  assert.equal(haproxySeconds('1d'), 86400);
  assert.equal(haproxySeconds('500us'), 0.0005);
  assert.equal(apacheSeconds('5'), 5);
  assert.equal(apacheSeconds('300ms'), 0.3);
  assert.equal(envoySeconds('3600s'), 3600);
  assert.equal(envoySeconds('0.25s'), 0.25);
  assert.equal(envoySeconds({ seconds: 2, nanos: 500000000 }), 2.5);
});

test('nginx: include globs relative to /etc/nginx, http/server/location contexts, upstream pools, so_keepalive', (t) => {
  const root = rootWith({
    'etc/nginx/nginx.conf':
      'events {}\nhttp {\n    keepalive_timeout 65;  # a comment\n    include /etc/nginx/conf.d/*.conf;\n    include sites-enabled/*;\n}\n',
    'etc/nginx/conf.d/a.conf': 'upstream app {\n    server 10.0.0.2:8080 max_fails=3;\n    keepalive 32;\n    keepalive_timeout 90s;\n}\n',
    'etc/nginx/conf.d/b.txt': 'this is not included\n',
    'etc/nginx/sites-enabled/default':
      'server {\n    listen 80 default_server;\n    listen [::]:443 ssl so_keepalive=on;\n    location /slow {\n        keepalive_timeout "10s";\n    }\n}\n',
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const apps = readApps(root)!;
  assert.deepEqual(apps.files, [
    join(root, 'etc/nginx/nginx.conf'),
    join(root, 'etc/nginx/conf.d/a.conf'),
    join(root, 'etc/nginx/sites-enabled/default'),
  ]);
  assert.deepEqual(
    apps.servers.map((s) => [s.name, s.ports, s.keepAlive.seconds, s.keepAlive.directive, s.keepAlive.at?.line]),
    [
      ['nginx server on :80, :443', [80, 443], 65, 'keepalive_timeout 65', 3],
      ['nginx location /slow on :80, :443', [80, 443], 10, 'keepalive_timeout 10s', 5],
    ],
  );
  assert.equal(apps.servers[1]!.keepAlive.at?.file, join(root, 'etc/nginx/sites-enabled/default'));
  assert.deepEqual(
    apps.pools.map((p) => [p.name, p.targets.map((x) => `${x.host}:${x.port}`), p.idle.seconds, p.idle.at?.line, p.reuse.directive]),
    [['nginx upstream app', ['10.0.0.2:8080'], 90, 4, 'keepalive 32']],
  );
  assert.deepEqual(
    apps.tcpKeepalive.map((k) => [k.directive, k.at.line]),
    [['listen [::]:443 ssl so_keepalive=on', 3]],
  );
});

test('nginx without keepalive_timeout: the documented default, marked as one', (t) => {
  const root = rootWith({ 'etc/nginx/nginx.conf': 'http { server { listen 8080; } }\n' });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const [server] = readApps(root)!.servers;
  assert.deepEqual(server!.keepAlive, { seconds: 75, directive: 'keepalive_timeout 75s (nginx default)', isDefault: true });
});

test('Apache httpd: Include/IncludeOptional relative to ServerRoot, case-insensitive names, continuation lines, <VirtualHost>, KeepAlive Off, ms', (t) => {
  const root = rootWith({
    'etc/apache2/apache2.conf':
      'keepalive on\nKeepAliveTimeout \\\n   15\nIncludeOptional mods-enabled/*.load\nInclude ports.conf\nIncludeOptional sites-enabled/*.conf\n',
    'etc/apache2/ports.conf': 'Listen 80\nListen 127.0.0.1:8443\n',
    'etc/apache2/sites-enabled/000-default.conf':
      '<VirtualHost *:8443>\n    KeepAliveTimeout 500ms\n</VirtualHost>\n<VirtualHost *:81>\n    KeepAlive Off\n</VirtualHost>\n',
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const apps = readApps(root)!;
  assert.deepEqual(
    apps.servers.map((s) => [s.name, s.keepAlive.seconds, s.keepAlive.directive, s.keepAlive.at?.line]),
    [
      ['Apache httpd on :80, :8443', 15, 'KeepAliveTimeout 15', 2],
      ['Apache httpd <VirtualHost> on :8443', 0.5, 'KeepAliveTimeout 500ms', 2],
      ['Apache httpd <VirtualHost> on :81', 0, 'KeepAlive Off', 5],
    ],
  );
});

test('HAProxy: defaults inherited (the last one before a proxy, or the one named by from), keep-alive fallbacks, pools per purge delay', (t) => {
  const root = rootWith({
    'etc/haproxy/haproxy.cfg': [
      'global',
      '    daemon',
      'defaults web',
      '    mode http',
      '    timeout client 30s',
      '    timeout http-request 10s',
      'defaults tcp',
      '    mode tcp',
      '    timeout client 1h',
      'frontend api from web',
      '    bind :8000,:8001',
      '    timeout http-keep-alive 2000',
      '    default_backend app',
      'frontend plain from web',
      '    bind 127.0.0.1:9000',
      'listen db',
      '    bind :5432',
      '    server pg 10.0.0.9:5432',
      'backend app from web',
      '    http-reuse aggressive',
      '    default-server pool-purge-delay 20s',
      '    server a 127.0.0.1:8080',
      '    server b 127.0.0.1:8081 pool-purge-delay 1m',
      '    option srvtcpka',
      '',
    ].join('\n'),
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const apps = readApps(root)!;
  assert.deepEqual(
    apps.servers.map((s) => [s.name, s.ports, s.keepAlive.seconds, s.keepAlive.directive, s.keepAlive.at?.line]),
    [
      ['HAProxy frontend api on :8000, :8001', [8000, 8001], 2, 'timeout http-keep-alive 2000', 12],
      ['HAProxy frontend plain on :9000', [9000], 10, 'timeout http-request 10s', 6],
      ['HAProxy listen db on :5432', [5432], 3600, 'timeout client 1h', 9],
    ],
  );
  assert.deepEqual(
    apps.pools.map((p) => [p.name, p.targets.map((x) => x.port), p.idle.seconds, p.idle.at?.line, p.reuse.directive]),
    [
      ['HAProxy backend app', [8080], 20, 21, 'http-reuse aggressive'],
      ['HAProxy backend app', [8081], 60, 23, 'http-reuse aggressive'],
    ],
  );
  assert.deepEqual(
    apps.tcpKeepalive.map((k) => [k.directive, k.side, k.at.line]),
    [['option srvtcpka', 'client', 24]],
  );
});

test('Envoy: listener idle_timeout with its YAML line, cluster pools with endpoints, defaults of 1 h', (t) => {
  const root = rootWith({
    'etc/envoy/envoy.yaml': [
      'static_resources:',
      '  listeners:',
      '  - name: ingress',
      '    address: { socket_address: { address: 0.0.0.0, port_value: 10000 } }',
      '    filter_chains:',
      '    - filters:',
      '      - name: envoy.filters.network.http_connection_manager',
      '        typed_config:',
      '          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      '          stat_prefix: ingress',
      '          common_http_protocol_options:',
      '            idle_timeout: 30s',
      '  clusters:',
      '  - name: svc',
      '    upstream_connection_options: { tcp_keepalive: { keepalive_time: 60 } }',
      '    load_assignment:',
      '      cluster_name: svc',
      '      endpoints:',
      '      - lb_endpoints:',
      '        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: 8080 } } }',
      '',
    ].join('\n'),
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const apps = readApps(root)!;
  assert.deepEqual(
    apps.servers.map((s) => [s.name, s.ports, s.keepAlive.seconds, s.keepAlive.at?.line]),
    [['Envoy listener ingress on :10000', [10000], 30, 12]],
  );
  assert.deepEqual(
    apps.pools.map((p) => [p.name, p.targets.map((x) => x.port), p.idle.seconds, p.idle.isDefault]),
    [['Envoy cluster svc', [8080], 3600, true]],
  );
  assert.equal(apps.tcpKeepalive[0]!.at.line, 15);
});

test('includes resolve inside the root: an absolute symlink and an absolute include never leave it', (t) => {
  const outside = rootWith({ 'etc/nginx/secret.conf': 'http { keepalive_timeout 1s; }\n' });
  const root = rootWith({ 'etc/nginx/nginx.conf': 'include /etc/nginx/other.conf;\n' });
  t.after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  symlinkSync(join(outside, 'etc/nginx/secret.conf'), join(root, 'etc/nginx/other.conf'));
  const apps = readApps(root)!;
  assert.deepEqual(
    apps.files,
    [join(root, 'etc/nginx/nginx.conf')],
    'the link target is looked up under the root, where it does not exist',
  );
  assert.deepEqual(apps.servers, []);
});

test('a root without any of the applications: nothing', (t) => {
  const root = rootWith({ 'etc/sysctl.conf': '' });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.equal(readApps(root), undefined);
});
