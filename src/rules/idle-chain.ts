/**
 * The idle-timeout chain (docs/kernel/keepalive.md#the-idle-timeout-chain): every hop that keeps
 * state for an idle connection has its own timer, and two orderings keep connections healthy.
 *
 * 1. Whoever reuses an idle connection must give it up first: a load balancer's idle timeout, or
 *    a proxy's pool idle time, below the keep-alive of the server behind it. Otherwise a request
 *    meets a connection the server is closing: 502 at the proxy, ECONNRESET at a client.
 * 2. TCP keepalive must probe before the smallest stateful idle timeout on the path (NAT, load
 *    balancer, conntrack) that counts probes as traffic, or idle connections are forgotten.
 */
import type { Context } from '../profiles/context.js';
import { describeMiddlebox, type Middlebox } from '../params/middleboxes.js';
import type { AppFacts, AppPool, AppServer, AppSetting } from '../readers/apps/types.js';
import { formatSeconds } from '../readers/apps/durations.js';

/** A stateful hop whose idle timeout TCP keepalive probes can refresh. */
export interface KeepaliveHop {
  readonly name: string;
  readonly seconds: number;
  readonly box?: Middlebox;
}

/** The hops keepalive probes refresh, from --idle-timeout, --nat and --lb; smallest first. */
export function keepaliveHops(context: Context): KeepaliveHop[] {
  const hops: KeepaliveHop[] = [];
  if (context.idleTimeout !== null)
    hops.push({ name: `the idle timeout on the path (--idle-timeout ${context.idleTimeout})`, seconds: context.idleTimeout });
  for (const box of [context.nat, context.lb])
    if (box?.keepaliveRefreshes) hops.push({ name: `the ${describeMiddlebox(box)} idle timeout`, seconds: box.seconds, box });
  return hops.sort((a, b) => a.seconds - b.seconds);
}

/** One reuser in front of one server: a load balancer (--lb) or a local proxy's pool. */
export interface ReusePair {
  readonly kind: 'lb' | 'pool';
  /** "AWS Application Load Balancer (--lb aws-alb, 60 s)" or "HAProxy backend app". */
  readonly reuser: string;
  readonly reuserIdle: AppSetting;
  readonly box?: Middlebox;
  readonly pool?: AppPool;
  readonly server: AppServer;
  /** The port the pool's target and the server's listener share. */
  readonly port?: number;
}

const LOOPBACK = /^(127\.|localhost$|::1$|\[::1\]$)/;

/**
 * Servers that a pool sends to, matched by port, and the pool that does. A proxy's own listeners
 * count only for loopback targets: a remote backend on the port the proxy itself listens on
 * (HAProxy on :80 in front of 10.0.0.5:80) is another host's server.
 */
function poolPairs(apps: AppFacts): ReusePair[] {
  const pairs: ReusePair[] = [];
  for (const pool of apps.pools) {
    for (const server of apps.servers) {
      const itself = server.app === pool.app;
      const port = pool.targets.find((t) => server.ports.includes(t.port) && (!itself || LOOPBACK.test(t.host)))?.port;
      if (port === undefined) continue;
      pairs.push({ kind: 'pool', reuser: pool.name, reuserIdle: pool.idle, pool, server, port });
    }
  }
  return pairs;
}

/** Every reuse pair the facts and context show: the load balancer in front of each server no local pool feeds, and each local pool. */
export function reusePairs(context: Context, apps: AppFacts | undefined): ReusePair[] {
  if (!apps) return [];
  const pools = poolPairs(apps);
  const behindLocalProxy = new Set(pools.map((p) => p.server));
  const lb = context.lb;
  const lbPairs: ReusePair[] =
    lb && lb.pools
      ? apps.servers
          .filter((server) => !behindLocalProxy.has(server))
          .map((server) => ({
            kind: 'lb' as const,
            reuser: describeMiddlebox(lb),
            reuserIdle: { seconds: lb.seconds, directive: `idle timeout ${lb.seconds} s`, isDefault: lb.id !== 'custom' },
            box: lb,
            server,
          }))
      : [];
  return [...lbPairs, ...pools];
}

/** Whether the server closes an idle connection the reuser may still send on: keep-alive on and not longer than the reuser's idle time. */
export function serverClosesFirst(pair: ReusePair): boolean {
  const keepAlive = pair.server.keepAlive.seconds;
  return keepAlive > 0 && keepAlive <= pair.reuserIdle.seconds;
}

/**
 * The keep-alive to give the server: above the reuser's idle time by a margin that covers a
 * request in flight, 5 s (AWS's ALB guidance and the common Node.js fix, 65 s behind 60 s), or
 * the reuser's own idle time again for HAProxy, which keeps half its idle connections past each
 * purge (so one delay is not a bound).
 */
export function proposedKeepAlive(pair: ReusePair): number {
  const idle = Math.ceil(pair.reuserIdle.seconds);
  return pair.pool?.app === 'haproxy' ? Math.max(idle * 2, idle + 5) : idle + 5;
}

/** "file:line" of a setting, or where its default applies. */
export function whereOf(setting: AppSetting, fallback: AppServer | AppPool): string {
  const at = setting.at ?? fallback.at;
  return `${at.file}:${at.line}`;
}

/** The one line advise prints when every ordering holds. */
export function chainInOrder(context: Context, apps: AppFacts | undefined, keepaliveTime: number | undefined): string | undefined {
  const parts: string[] = [];
  for (const pair of reusePairs(context, apps))
    parts.push(`${pair.reuser} ${formatSeconds(pair.reuserIdle.seconds)} < ${pair.server.name} ${pair.server.keepAlive.directive}`);
  const smallest = keepaliveHops(context)[0];
  if (smallest && keepaliveTime !== undefined)
    parts.push(`tcp_keepalive_time ${keepaliveTime} s < ${smallest.name.replace(/^the /, '')} (${smallest.seconds} s)`);
  return parts.length > 0 ? `Idle-timeout chain in order: ${parts.join('; ')}.` : undefined;
}
