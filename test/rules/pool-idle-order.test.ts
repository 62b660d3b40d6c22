import { poolIdleOrder } from '../../src/rules/pool-idle-order.js';
import { appsFrom } from '../helpers/apps.js';
import { ruleTester } from '../helpers/rule-tester.js';

const backendNginx = (keepalive: string) => `events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n    ${keepalive}\n  }\n}\n`;
const haproxy = (backend: string) =>
  `global\n  daemon\ndefaults\n  mode http\n  timeout client 30s\n  timeout server 30s\nfrontend web\n  bind :80\n  default_backend app\nbackend app\n${backend}`;

ruleTester(poolIdleOrder, {
  valid: [
    {
      name: "HAProxy's 5 s purge delay in front of nginx's default 75 s",
      facts: {
        apps: appsFrom({ '/etc/nginx/nginx.conf': backendNginx(''), '/etc/haproxy/haproxy.cfg': haproxy('  server n 127.0.0.1:8080\n') }),
      },
    },
    {
      name: 'http-reuse never: no pool',
      facts: {
        apps: appsFrom({
          '/etc/nginx/nginx.conf': backendNginx('keepalive_timeout 1s;'),
          '/etc/haproxy/haproxy.cfg': haproxy('  http-reuse never\n  server n 127.0.0.1:8080\n'),
        }),
      },
    },
    {
      name: 'mode tcp: HAProxy does not pool server connections',
      facts: {
        apps: appsFrom({
          '/etc/nginx/nginx.conf': backendNginx('keepalive_timeout 1s;'),
          '/etc/haproxy/haproxy.cfg': 'defaults\n  mode tcp\nbackend app\n  server n 127.0.0.1:8080\n',
        }),
      },
    },
    {
      name: "a remote backend on the port the proxy itself listens on is another host's server, not the proxy's frontend",
      facts: {
        apps: appsFrom({
          '/etc/haproxy/haproxy.cfg':
            'defaults\n  mode http\n  timeout client 1s\nfrontend web\n  bind :80\n  default_backend app\nbackend app\n  http-reuse always\n  server remote 10.0.0.5:80\n',
        }),
      },
    },
    {
      name: "a target on another port than the server's: not paired",
      facts: {
        apps: appsFrom({
          '/etc/nginx/nginx.conf': backendNginx('keepalive_timeout 1s;'),
          '/etc/haproxy/haproxy.cfg': haproxy('  server n 10.0.0.5:9000\n'),
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'HAProxy (http-reuse always, default purge 5 s) in front of nginx with keepalive_timeout 1s: both directives named',
      facts: {
        apps: appsFrom({
          '/etc/nginx/nginx.conf': backendNginx('keepalive_timeout 1s;'),
          '/etc/haproxy/haproxy.cfg': haproxy('  http-reuse always\n  server n 127.0.0.2:8080\n'),
        }),
      },
      findings: [
        {
          messageId: 'poolReusesClosed',
          file: '/etc/nginx/nginx.conf',
          line: 5,
          message:
            /^nginx server on :8080 closes idle connections after 1 s, before HAProxy backend app stops reusing them \(5 s\): 502s on reuse\nHAProxy backend app keeps idle connections to port 8080 for reuse \(http-reuse always at \/etc\/haproxy\/haproxy\.cfg:11; pool-purge-delay 5s \(HAProxy default\) at \/etc\/haproxy\/haproxy\.cfg:10\)\..*keepalive_timeout 1s \(\/etc\/nginx\/nginx\.conf:5\) closes them after 1 s\..*\nFix: raise the backend keep-alive above the pool idle time, e\.g\. "keepalive_timeout 10s;" at \/etc\/nginx\/nginx\.conf:5/s,
          evidence: { poolIdleSeconds: 5, serverKeepAliveSeconds: 1, proposedKeepAliveSeconds: 10 },
        },
      ],
    },
    {
      name: 'pool-purge-delay from default-server in a named defaults section (from), units in ms',
      facts: {
        apps: appsFrom({
          '/etc/nginx/nginx.conf': backendNginx('keepalive_timeout 20s;'),
          '/etc/haproxy/haproxy.cfg':
            'defaults base\n  mode http\n  default-server pool-purge-delay 30000\ndefaults other\n  mode tcp\nbackend app from base\n  server n 127.0.0.1:8080\n',
        }),
      },
      findings: [
        {
          messageId: 'poolReusesClosed',
          message:
            /after 20 s, before HAProxy backend app stops reusing them \(30 s\).*pool-purge-delay 30000 at \/etc\/haproxy\/haproxy\.cfg:3.*"keepalive_timeout 60s;"/s,
        },
      ],
    },
    {
      name: 'an nginx upstream pool (keepalive 16, keepalive_timeout 60s) in front of Apache with its default 5 s',
      facts: {
        apps: appsFrom({
          '/etc/nginx/nginx.conf':
            'http {\n  upstream app {\n    server 127.0.0.1:8081;\n    keepalive 16;\n  }\n  server { listen 80; location / { proxy_pass http://app; } }\n}\n',
          '/etc/apache2/apache2.conf': 'Listen 8081\n',
        }),
      },
      findings: [
        {
          messageId: 'poolReusesClosed',
          message:
            /^Apache httpd on :8081 closes idle connections after 5 s, before nginx upstream app stops reusing them \(60 s\).*keepalive 16 at \/etc\/nginx\/nginx\.conf:4; keepalive_timeout 60s \(nginx upstream default\) at \/etc\/nginx\/nginx\.conf:2.*"KeepAliveTimeout 65"/s,
        },
      ],
    },
    {
      name: 'an Envoy cluster with idle_timeout 120s in front of nginx 75 s',
      facts: {
        apps: appsFrom({
          '/etc/nginx/nginx.conf': backendNginx(''),
          '/etc/envoy/envoy.yaml': [
            'static_resources:',
            '  clusters:',
            '  - name: backend',
            '    typed_extension_protocol_options:',
            '      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:',
            '        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
            '        common_http_protocol_options:',
            '          idle_timeout: 120s',
            '        explicit_http_config: { http_protocol_options: {} }',
            '    load_assignment:',
            '      cluster_name: backend',
            '      endpoints:',
            '      - lb_endpoints:',
            '        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: 8080 } } }',
            '',
          ].join('\n'),
        }),
      },
      findings: [
        {
          messageId: 'poolReusesClosed',
          message:
            /^nginx server on :8080 closes idle connections after 75 s, before Envoy cluster backend stops reusing them \(120 s\).*idle_timeout 120s at \/etc\/envoy\/envoy\.yaml:8/s,
        },
      ],
    },
  ],
});
