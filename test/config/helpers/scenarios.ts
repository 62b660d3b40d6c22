/** Root scenarios shared by the offline tests and the real-tool precedence test. */
import type { RootSpec } from './roots.js';

/** The scenario of precedence_test.txt (scripts/prec.sh), as a root. */
export const PRECEDENCE_ROOT: RootSpec = {
  'etc/sysctl.conf': 'net.ipv4.tcp_keepalive_time = 400\n',
  'usr/lib/sysctl.d/10-vendor.conf': 'net.ipv4.tcp_fin_timeout = 10\nnet.ipv4.tcp_keepalive_time = 100\n',
  'usr/local/lib/sysctl.d/10-vendor.conf': 'net.ipv4.tcp_fin_timeout = 11\n',
  'run/sysctl.d/20-run.conf': 'net.ipv4.tcp_keepalive_time = 200\n',
  'etc/sysctl.d/10-vendor.conf': 'net.ipv4.tcp_fin_timeout = 12\n',
  'usr/lib/sysctl.d/30-masked.conf': 'net.ipv4.tcp_syn_retries = 3\n',
  'etc/sysctl.d/30-masked.conf': { symlink: '/dev/null' },
  'etc/sysctl.d/99-last.conf': 'net.ipv4.tcp_keepalive_time = 300\n',
  'etc/sysctl.d/50-ignored.txt': 'net.ipv4.tcp_keepalive_intvl = 5\n',
};
