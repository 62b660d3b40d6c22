/**
 * One leak, two ends. When an application on this host does not close sockets its peer closed,
 * its sockets sit in CLOSE_WAIT; if the peers are on this host too, their sockets sit in
 * FIN_WAIT2, waiting for the FIN that never comes (orphaned ones for tcp_fin_timeout, others
 * for ever). Both piles are the same problem: the fix is the close() in the application, not
 * tcp_fin_timeout. Pairs are found from the groupings (a 4-tuple match needs no more):
 *
 * - server leaks: FIN_WAIT2 sockets towards A:P, where P is a local port holding CLOSE_WAIT
 *   and A is this host (loopback, or the address a listener on P is bound to, or any address
 *   when a listener on P is bound to the wildcard);
 * - client leaks: CLOSE_WAIT sockets towards A:P where P is a listening port holding FIN_WAIT2.
 */
import type { Endpoint, EndpointCount, Facts, PortCount } from '../facts/types.js';
import { isLoopbackAddress } from '../sockets/address.js';

export interface CloseWaitPair {
  /** "127.0.0.1:8080": the port whose application does not close. */
  readonly endpoint: string;
  /** Which side leaks: the server on that port, or clients of it. */
  readonly leakingSide: 'server' | 'client';
  readonly closeWait: number;
  readonly finWait2: number;
}

export interface LocalCloseWaitPeers {
  readonly pairs: readonly CloseWaitPair[];
  /** FIN_WAIT2 sockets that are the other ends of local CLOSE_WAIT sockets (≤ both counts). */
  readonly finWait2Explained: number;
}

export function localCloseWaitPeers(facts: Facts): LocalCloseWaitPeers {
  const sockets = facts.sockets;
  if (!sockets || sockets.byState.CLOSE_WAIT === 0 || sockets.byState.FIN_WAIT2 === 0) return { pairs: [], finWait2Explained: 0 };
  const listeners = sockets.listeners;
  const listening = new Set(sockets.listeningPorts ?? listeners.map((l) => l.at.port));
  const isThisHost = ({ address, port }: Endpoint): boolean => {
    if (isLoopbackAddress(address)) return true;
    return listeners.some((l) => l.at.port === port && (l.at.address === address || isWildcard(l.at.address)));
  };
  const closeWaitOnPort = countsByPort(sockets.localPorts?.CLOSE_WAIT ?? sockets.closeWaitByLocalPort);
  const finWait2OnPort = countsByPort(sockets.localPorts?.FIN_WAIT2 ?? []);
  const pairs: CloseWaitPair[] = [];
  for (const remote of sockets.remotes?.FIN_WAIT2 ?? []) {
    const closeWait = closeWaitOnPort.get(remote.at.port) ?? 0;
    if (closeWait > 0 && (listening.has(remote.at.port) || isLoopbackAddress(remote.at.address)) && isThisHost(remote.at)) {
      pairs.push({ endpoint: remote.endpoint, leakingSide: 'server', closeWait, finWait2: remote.count });
    }
  }
  for (const remote of sockets.remotes?.CLOSE_WAIT ?? ([] as EndpointCount[])) {
    const finWait2 = finWait2OnPort.get(remote.at.port) ?? 0;
    if (finWait2 > 0 && listening.has(remote.at.port) && isThisHost(remote.at)) {
      pairs.push({ endpoint: remote.endpoint, leakingSide: 'client', closeWait: remote.count, finWait2 });
    }
  }
  const explained = pairs.reduce((sum, p) => sum + Math.min(p.closeWait, p.finWait2), 0);
  return { pairs, finWait2Explained: Math.min(explained, sockets.byState.FIN_WAIT2) };
}

function countsByPort(list: readonly PortCount[]): Map<number, number> {
  return new Map(list.map((p) => [p.port, p.count]));
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '*';
}
