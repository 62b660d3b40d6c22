/**
 * Is the root a container's (child) network namespace? Two pieces of evidence, both readable
 * under any root (a bundle records the namespace links as symlinks):
 * - proc/self/ns/net vs proc/1/ns/net: different inodes = the reader is not in PID 1's netns
 *   (PID 1's link is often unreadable without CAP_SYS_PTRACE; inside a container with its own
 *   PID namespace PID 1 shares the container's netns, so equal proves little);
 * - net.ipv4.tcp_max_orphans is registered for the initial namespace only: absent in a child
 *   netns (net/ipv4/sysctl_net_ipv4.c, v6.12; docs/kernel/namespaces.md#new-namespace-defaults). This one decides.
 */
import type { ContainerEvidence, NetnsCheck } from '../snapshot/types.js';
import { readLinkUnderRoot, resolveUnderRoot } from './root-path.js';

export function readContainerEvidence(root: string): ContainerEvidence {
  const self = readLinkUnderRoot(root, 'proc/self/ns/net');
  const pid1 = readLinkUnderRoot(root, 'proc/1/ns/net');
  const differ = self !== null && pid1 !== null ? self !== pid1 : null;
  const ipv4Present = resolveUnderRoot(root, 'proc/sys/net/ipv4').kind === 'file';
  const orphansPresent = ipv4Present ? resolveUnderRoot(root, 'proc/sys/net/ipv4/tcp_max_orphans').kind === 'file' : null;
  const checks: NetnsCheck[] = [
    { check: 'namespace-links', self, pid1, differ },
    { check: 'global-key', key: 'net.ipv4.tcp_max_orphans', present: orphansPresent },
  ];
  let verdict: ContainerEvidence['verdict'] = 'unknown';
  if (orphansPresent === false || differ === true) verdict = 'child-netns';
  else if (orphansPresent === true) verdict = 'initial-netns';
  return { verdict, checks };
}
