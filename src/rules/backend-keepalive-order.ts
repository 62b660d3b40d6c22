/**
 * A load balancer that pools connections to this host (--lb aws-alb, gcp-lb, or seconds) must
 * give an idle connection up before the server does: the server's keep-alive longer than the
 * load balancer's idle timeout (docs/kernel/keepalive.md#the-idle-timeout-chain). AWS: "configure
 * the idle timeout of your application to be larger than the idle timeout configured for the
 * load balancer"; otherwise 502s on reused connections.
 */
import type { Rule } from '../engine/types.js';
import { reusePairs, serverClosesFirst } from './idle-chain.js';
import { reuseReport } from './idle-chain-report.js';

export const backendKeepaliveOrder: Rule = {
  meta: {
    id: 'backend-keepalive-order',
    severity: 'warning',
    severities: {
      allowed: ['warning'],
      why: 'the backend closes idle connections the load balancer still reuses: intermittent 502s, worse behaviour',
    },
    description:
      "A server's keep-alive timeout is not longer than the idle timeout of the load balancer in front: the load balancer reuses connections the server is closing (502).",
    keys: [],
    needs: [['apps']],
    references: [
      'docs/kernel/keepalive.md#the-idle-timeout-chain',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout',
      'https://cloud.google.com/load-balancing/docs/https#timeouts_and_retries',
      'https://nginx.org/en/docs/http/ngx_http_core_module.html#keepalive_timeout',
      'https://httpd.apache.org/docs/2.4/mod/core.html#keepalivetimeout',
    ],
    messages: {
      lbReusesClosed:
        '{server} closes idle connections after {serverSeconds}, before the load balancer ({reuserSeconds}): reused connections fail with 502\n' +
        '{reuser} keeps idle connections to this host open for up to {reuserSeconds} and sends new requests on them; {directive} ({directiveAt}) closes them after {serverSeconds}. ' +
        'A request sent just as the server closes meets a reset: {symptom}, intermittently, on reused connections only.\n' +
        'Fix: raise the server keep-alive above the load balancer idle timeout, e.g. "{proposed}" at {directiveAt}, or lower the load balancer idle timeout below {serverSeconds} ({source}).',
    },
  },
  *check({ facts, context }) {
    for (const pair of reusePairs(context, facts.apps)) if (pair.kind === 'lb' && serverClosesFirst(pair)) yield reuseReport(pair);
  },
};
