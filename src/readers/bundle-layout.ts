/**
 * What a bundle holds: every file the readers open under a root, at the same relative path.
 * `collect --out` and the `collect --script` shell script both work from this list, so the two
 * bundles are the same.
 */
import { CATALOGUE } from '../params/catalogue.js';
import { sysctlPath } from './proc-sys.js';

/** Kernel-generated files (size 0 in stat): read to the end, never cp'd or tar'd. */
export const PROC_FILES: readonly string[] = [
  'proc/sys/kernel/osrelease',
  'proc/meminfo',
  'proc/net/tcp',
  'proc/net/tcp6',
  'proc/net/sockstat',
  'proc/net/sockstat6',
  'proc/net/netstat',
  'proc/net/snmp',
];

/** Namespace links, recorded as symlinks with the same target text ("net:[4026531833]"). */
export const NAMESPACE_LINKS: readonly string[] = ['proc/self/ns/net', 'proc/1/ns/net'];

/** sysctl configuration in systemd-sysctl / procps order (docs/kernel/config-files-and-precedence.md#directory-order-and-masking). */
export const CONFIG_FILES: readonly string[] = ['etc/sysctl.conf'];
export const CONFIG_DIRS: readonly string[] = [
  'etc/sysctl.d',
  'run/sysctl.d',
  'usr/local/lib/sysctl.d',
  'usr/lib/sysctl.d',
  'lib/sysctl.d',
];

/**
 * Application configs on the idle-timeout chain (readers/apps): the packaged main files and the
 * directories their stock configs include, so advise --root reads a bundle as it reads the host.
 * An include outside these is not in the bundle (advise on the host itself follows it).
 */
export const APP_CONFIG_FILES: readonly string[] = [
  'etc/nginx/nginx.conf',
  'etc/apache2/apache2.conf',
  'etc/apache2/ports.conf',
  'etc/httpd/conf/httpd.conf',
  'etc/haproxy/haproxy.cfg',
  'etc/envoy/envoy.yaml',
];
export const APP_CONFIG_DIRS: readonly string[] = [
  'etc/nginx/conf.d',
  'etc/nginx/sites-enabled',
  'etc/apache2/conf-enabled',
  'etc/apache2/sites-enabled',
  'etc/httpd/conf.d',
];

/** Every catalogue key's file, in catalogue order, then the other kernel files. */
export function kernelFiles(): string[] {
  const sysctls = CATALOGUE.map((spec) => sysctlPath(spec.key));
  return [...new Set([...sysctls, ...PROC_FILES])];
}

/**
 * With collect --interval: the counter files read SECONDS before the rest, under this folder at
 * the same relative paths, and the seconds between the two readings in EARLIER_SECONDS_FILE.
 */
export const EARLIER_DIR = 'earlier';
export const EARLIER_FILES: readonly string[] = ['proc/net/netstat', 'proc/net/snmp'];
export const EARLIER_SECONDS_FILE = `${EARLIER_DIR}/seconds`;

/**
 * Written beside the collected files by the shipped Ansible playbook (ansible/collect.yml): the
 * inventory name, its groups, the collection time and `uname -r`, as JSON. `fleet` reads it.
 */
export const COLLECTION_FILE = 'sysctl-advisor-collection.json';
