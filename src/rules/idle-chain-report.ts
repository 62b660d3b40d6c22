/**
 * The finding both reuse rules make for one pair (backend-keepalive-order: a load balancer in
 * front; pool-idle-order: a local proxy's pool): the numbers, both directives with file:line, the
 * symptom, and the application directive to change. No sysctl is the lever here: keep-alive
 * timeouts are the applications' own.
 */
import type { RuleReport } from '../engine/types.js';
import { formatSeconds } from '../readers/apps/durations.js';
import type { AppName, AppServer } from '../readers/apps/types.js';
import { proposedKeepAlive, whereOf, type ReusePair } from './idle-chain.js';

/** The directive that sets a server's keep-alive idle timeout, written with `seconds`. */
export function keepAliveDirective(app: AppName, seconds: number): string {
  switch (app) {
    case 'nginx':
      return `keepalive_timeout ${seconds}s;`;
    case 'apache':
      return `KeepAliveTimeout ${seconds}`;
    case 'haproxy':
      return `timeout http-keep-alive ${seconds}s`;
    case 'envoy':
      return `common_http_protocol_options: { idle_timeout: ${seconds}s }`;
  }
}

const SYMPTOMS: Record<string, string> = {
  'aws-alb': 'the ALB answers 502 and logs target_status_code "-"',
  'gcp-lb': 'the load balancer answers 502 backend_connection_closed_before_data_sent_to_client',
};

function serverLocation(server: AppServer): { file: string; line: number } {
  return server.keepAlive.at ?? server.at;
}

export function reuseReport(pair: ReusePair): RuleReport {
  const { server } = pair;
  const to = proposedKeepAlive(pair);
  const directiveAt = whereOf(server.keepAlive, server);
  const data: Record<string, string | number> = {
    server: server.name,
    serverSeconds: formatSeconds(server.keepAlive.seconds),
    reuser: pair.reuser,
    reuserSeconds: formatSeconds(pair.reuserIdle.seconds),
    directive: server.keepAlive.directive,
    directiveAt: server.keepAlive.at ? directiveAt : `${directiveAt} (the block it applies to; no line sets it)`,
    proposed: keepAliveDirective(server.app, to),
    symptom: (pair.box && SYMPTOMS[pair.box.id]) ?? 'the proxy answers 502, or a client sees ECONNRESET / "socket hang up"',
  };
  if (pair.kind === 'lb') {
    data.source = pair.box?.source ?? 'the load balancer’s settings';
  } else {
    const pool = pair.pool!;
    data.port = pair.port ?? '?';
    data.reuse = pool.reuse.directive;
    data.reuseAt = whereOf(pool.reuse, pool);
    data.idleDirective = pool.idle.directive;
    data.idleAt = whereOf(pool.idle, pool);
    data.note = pool.note ? ` ${pool.note}.` : '';
  }
  return {
    messageId: pair.kind === 'lb' ? 'lbReusesClosed' : 'poolReusesClosed',
    data,
    location: serverLocation(server),
    evidence: {
      [pair.kind === 'lb' ? 'loadBalancerIdleSeconds' : 'poolIdleSeconds']: pair.reuserIdle.seconds,
      serverKeepAliveSeconds: server.keepAlive.seconds,
      proposedKeepAliveSeconds: to,
    },
  };
}
