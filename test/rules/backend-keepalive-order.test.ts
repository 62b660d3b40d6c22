import { backendKeepaliveOrder } from '../../src/rules/backend-keepalive-order.js';
import { parseMiddlebox, type Middlebox } from '../../src/params/middleboxes.js';
import { appsFrom } from '../helpers/apps.js';
import { ruleTester } from '../helpers/rule-tester.js';

const lb = (name: string) => parseMiddlebox('lb', name) as Middlebox;
const nginx = (keepalive: string) => ({
  '/etc/nginx/nginx.conf': `events {}\nhttp {\n    ${keepalive}\n    include conf.d/*.conf;\n}\n`,
  '/etc/nginx/conf.d/app.conf': 'server {\n    listen 8080;\n}\n',
});

ruleTester(backendKeepaliveOrder, {
  valid: [
    { name: "nginx's default 75 s behind the ALB's 60 s", facts: { apps: appsFrom(nginx('')) }, context: { lb: lb('aws-alb') } },
    {
      name: 'Apache with KeepAlive Off keeps no idle connection',
      facts: { apps: appsFrom({ '/etc/apache2/apache2.conf': 'Listen 80\nKeepAlive Off\nKeepAliveTimeout 5\n' }) },
      context: { lb: lb('aws-alb') },
    },
    {
      name: 'an NLB passes TCP through and does not pool: Apache 5 s is fine behind it',
      facts: { apps: appsFrom({ '/etc/apache2/apache2.conf': 'Listen 80\n' }) },
      context: { lb: lb('aws-nlb') },
    },
    { name: 'no load balancer given', facts: { apps: appsFrom(nginx('keepalive_timeout 5s;')) } },
    {
      name: 'a server behind a local proxy is the proxy’s concern (pool-idle-order), not the load balancer’s',
      facts: {
        apps: appsFrom({
          ...nginx('keepalive_timeout 5s;'),
          '/etc/haproxy/haproxy.cfg':
            'defaults\n  mode http\n  timeout client 65s\nfrontend f\n  bind :80\n  default_backend b\nbackend b\n  server s 127.0.0.1:8080\n',
        }),
      },
      context: { lb: lb('aws-alb') },
    },
  ],
  invalid: [
    {
      name: 'nginx 5 s (http block) behind the ALB: the directive with its file and line, both numbers, 65 s proposed',
      facts: { apps: appsFrom(nginx('keepalive_timeout 5s;')) },
      context: { lb: lb('aws-alb') },
      findings: [
        {
          messageId: 'lbReusesClosed',
          file: '/etc/nginx/nginx.conf',
          line: 3,
          message:
            /^nginx server on :8080 closes idle connections after 5 s, before the load balancer \(60 s\): reused connections fail with 502\nAWS Application Load Balancer \(--lb aws-alb, 60 s\) keeps idle connections.*keepalive_timeout 5s \(\/etc\/nginx\/nginx\.conf:3\) closes them after 5 s\..*target_status_code "-".*\nFix: raise the server keep-alive above the load balancer idle timeout, e.g\. "keepalive_timeout 65s;" at \/etc\/nginx\/nginx\.conf:3, or lower the load balancer idle timeout below 5 s \(https:\/\/docs\.aws\.amazon\.com/s,
          evidence: { loadBalancerIdleSeconds: 60, serverKeepAliveSeconds: 5, proposedKeepAliveSeconds: 65 },
        },
      ],
    },
    {
      name: "Apache's default 5 s (no line sets it) behind the GCP load balancer's fixed 600 s",
      facts: { apps: appsFrom({ '/etc/apache2/apache2.conf': 'ServerName x\nListen 80\n' }) },
      context: { lb: lb('gcp-lb') },
      findings: [
        {
          messageId: 'lbReusesClosed',
          file: '/etc/apache2/apache2.conf',
          line: 1,
          message:
            /^Apache httpd on :80 closes idle connections after 5 s, before the load balancer \(600 s\).*KeepAliveTimeout 5 \(httpd default\) \(\/etc\/apache2\/apache2\.conf:1 \(the block it applies to; no line sets it\)\).*backend_connection_closed_before_data_sent_to_client.*"KeepAliveTimeout 605"/s,
        },
      ],
    },
    {
      name: 'equal is not enough: a <VirtualHost> with KeepAliveTimeout 60 behind a 60 s load balancer given in seconds',
      facts: {
        apps: appsFrom({
          '/etc/apache2/apache2.conf': 'Listen 80\nKeepAliveTimeout 120\nIncludeOptional sites-enabled/*.conf\n',
          '/etc/apache2/sites-enabled/app.conf': '<VirtualHost *:8443>\n  KeepAliveTimeout 60\n</VirtualHost>\n',
        }),
      },
      context: { lb: lb('60') },
      findings: [
        {
          messageId: 'lbReusesClosed',
          file: '/etc/apache2/sites-enabled/app.conf',
          line: 2,
          message: /^Apache httpd <VirtualHost> on :8443 closes idle connections after 60 s/,
        },
      ],
    },
  ],
  skipped: [{ name: 'no application config read', facts: { live: {} }, context: { lb: lb('aws-alb') }, reason: /no application config/ }],
});
