/**
 * explain KEY --lb NAME --nat NAME: the idle-timeout chain those middleboxes make, for the
 * keepalive and conntrack keys (docs/kernel/keepalive.md#the-idle-timeout-chain).
 */
import { EXPIRY_WORDS, describeMiddlebox, type Middlebox } from '../params/middleboxes.js';
import { fitKeepaliveToIdleTimeout } from '../safety/keepalive.js';
import { keepaliveHops } from '../rules/idle-chain.js';
import { keepaliveDetectionSeconds } from '../params/timing.js';

export const CHAIN_KEYS: ReadonlySet<string> = new Set([
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.netfilter.nf_conntrack_tcp_timeout_established',
]);

export function chainLines(
  boxes: { lb?: Middlebox; nat?: Middlebox },
  keepalive: { time: number; intvl: number; probes: number },
): string[] {
  const out = ['Idle-timeout chain (docs/kernel/keepalive.md#the-idle-timeout-chain)'];
  for (const box of [boxes.lb, boxes.nat]) {
    if (!box) continue;
    out.push(`  ${describeMiddlebox(box)}: ${EXPIRY_WORDS[box.onExpiry]} after ${box.seconds} s idle.`);
    out.push(
      `    TCP keepalive probes ${box.keepaliveRefreshes ? 'reset its idle timer' : 'do not reset its idle timer: the application must send data'}.`,
    );
    if (box.pools)
      out.push(
        `    It reuses idle connections to the backends: their keep-alive must be longer than ${box.seconds} s (e.g. ${box.seconds + 5} s), or reused connections fail with 502.`,
      );
    if (box.source) out.push(`    Source: ${box.source}`);
  }
  const context = { clientsBehindNat: true, natGateway: false, idleTimeout: null, ...boxes };
  const hop = keepaliveHops(context)[0];
  const detection = keepaliveDetectionSeconds(keepalive.time, keepalive.intvl, keepalive.probes);
  if (!hop) {
    out.push('  No hop on this path counts keepalive probes: tcp_keepalive_* do not keep its idle connections alive.');
    return out;
  }
  const fit = fitKeepaliveToIdleTimeout(hop.seconds, keepalive, hop.name);
  out.push(
    fit
      ? `  With the kernel defaults (tcp_keepalive_time ${keepalive.time}, intvl ${keepalive.intvl}, probes ${keepalive.probes}) ${fit.explanation}: tcp_keepalive_time ${fit.time}${fit.intvl !== undefined ? `, tcp_keepalive_intvl ${fit.intvl}` : ''} (for sockets with SO_KEEPALIVE).`
      : `  tcp_keepalive_time ${keepalive.time} s (retry at ${keepalive.time + keepalive.intvl} s) comes before ${hop.name} (${hop.seconds} s).`,
  );
  out.push(
    `  Conntrack on a host in the path (nf_conntrack_tcp_timeout_established) must outlast keepalive: at least ${detection} s with these values (${keepalive.time} + ${keepalive.probes} × ${keepalive.intvl}).`,
  );
  return out;
}
