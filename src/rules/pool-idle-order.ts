/**
 * A proxy on this host that keeps idle connections to a backend for reuse (HAProxy's server
 * pool, nginx `upstream { keepalive N; }`, an Envoy cluster) must give them up before the backend
 * does: its pool idle time below the backend's keep-alive (docs/kernel/keepalive.md#the-idle-timeout-chain).
 * The end-to-end test (test/e2e/haproxy-nginx-reuse.test.ts) measures the 502s when it is not.
 */
import type { Rule } from '../engine/types.js';
import { reusePairs, serverClosesFirst } from './idle-chain.js';
import { reuseReport } from './idle-chain-report.js';

export const poolIdleOrder: Rule = {
  meta: {
    id: 'pool-idle-order',
    severity: 'warning',
    severities: {
      allowed: ['warning'],
      why: 'a client pool keeps idle connections longer than the server does: ECONNRESET on reuse, worse behaviour',
    },
    description:
      "A proxy's pool keeps idle connections to a backend at least as long as the backend's keep-alive: it reuses connections the backend is closing (502).",
    keys: [],
    needs: [['apps']],
    references: [
      'docs/kernel/keepalive.md#the-idle-timeout-chain',
      'https://docs.haproxy.org/2.6/configuration.html#5.2-pool-purge-delay',
      'https://docs.haproxy.org/2.6/configuration.html#4-http-reuse',
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive_timeout',
      'https://www.envoyproxy.io/docs/envoy/latest/faq/configuration/timeouts',
    ],
    messages: {
      poolReusesClosed:
        '{server} closes idle connections after {serverSeconds}, before {reuser} stops reusing them ({reuserSeconds}): 502s on reuse\n' +
        '{reuser} keeps idle connections to port {port} for reuse ({reuse} at {reuseAt}; {idleDirective} at {idleAt}).{note} ' +
        '{directive} ({directiveAt}) closes them after {serverSeconds}. A request sent on a connection the backend is closing meets a reset: {symptom}.\n' +
        'Fix: raise the backend keep-alive above the pool idle time, e.g. "{proposed}" at {directiveAt}, or lower {idleDirective} below {serverSeconds} at {idleAt}.',
    },
  },
  *check({ facts, context }) {
    for (const pair of reusePairs(context, facts.apps)) if (pair.kind === 'pool' && serverClosesFirst(pair)) yield reuseReport(pair);
  },
};
