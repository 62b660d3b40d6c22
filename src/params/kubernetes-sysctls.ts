/**
 * Which sysctls a Kubernetes pod may set without a kubelet allowlist, per release, and which the
 * kubelet can allow at all. Sources: kubernetes/kubernetes pkg/kubelet/sysctl/safe_sysctls.go
 * (the safe set and the kernel each entry needs), pkg/kubelet/sysctl/namespace.go (namespaced
 * prefixes), the sysctl-cluster task page (https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/); docs/kernel/namespaces.md#kubernetes (1.37).
 */

export interface SafeSysctl {
  readonly key: string;
  /** The first release whose kubelet allows it by default ("1.11": the initial list). */
  readonly since: string;
  /** The kernel the kubelet needs to keep it in the list (it drops the entry on older kernels). */
  readonly kernel?: string;
}

export const SAFE_SYSCTLS: readonly SafeSysctl[] = [
  { key: 'kernel.shm_rmid_forced', since: '1.11' },
  { key: 'net.ipv4.ip_local_port_range', since: '1.11' },
  { key: 'net.ipv4.tcp_syncookies', since: '1.11', kernel: '4.6' },
  { key: 'net.ipv4.ping_group_range', since: '1.18' },
  { key: 'net.ipv4.ip_unprivileged_port_start', since: '1.22' },
  { key: 'net.ipv4.ip_local_reserved_ports', since: '1.27', kernel: '3.16' },
  { key: 'net.ipv4.tcp_keepalive_time', since: '1.29', kernel: '4.5' },
  { key: 'net.ipv4.tcp_fin_timeout', since: '1.29', kernel: '4.6' },
  { key: 'net.ipv4.tcp_keepalive_intvl', since: '1.29', kernel: '4.5' },
  { key: 'net.ipv4.tcp_keepalive_probes', since: '1.29', kernel: '4.5' },
  { key: 'net.ipv4.tcp_rmem', since: '1.32', kernel: '4.15' },
  { key: 'net.ipv4.tcp_wmem', since: '1.32', kernel: '4.15' },
  { key: 'net.ipv4.tcp_slow_start_after_idle', since: '1.37', kernel: '4.15' },
  { key: 'net.ipv4.tcp_notsent_lowat', since: '1.37', kernel: '4.6' },
];

/** The newest release the list above knows; the default of `review --kubernetes`. */
export const NEWEST_KNOWN_KUBERNETES = '1.37';
/** The first release with pod sysctls (beta). */
export const OLDEST_KUBERNETES = '1.11';

/** Minor number of "1.Y". */
export function kubernetesMinor(version: string): number {
  return Number(version.split('.')[1]);
}

export function safeSysctl(key: string): SafeSysctl | undefined {
  return SAFE_SYSCTLS.find((entry) => entry.key === key);
}

/**
 * Whether the kubelet treats a key as namespaced (the only ones `--allowed-unsafe-sysctls` can
 * name): kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.* (IPC namespace) and net.* (network
 * namespace) (kubernetes pkg/kubelet/sysctl/namespace.go).
 */
export function namespaceOf(key: string): 'ipc' | 'net' | undefined {
  if (key === 'kernel.sem' || key.startsWith('kernel.shm') || key.startsWith('kernel.msg') || key.startsWith('fs.mqueue.')) return 'ipc';
  if (key.startsWith('net.')) return 'net';
  return undefined;
}
