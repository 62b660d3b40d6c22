import { orphans } from '../../src/rules/orphans.js';
import { ruleTester } from '../helpers/rule-tester.js';

const HOST = { 'net.ipv4.tcp_fin_timeout': 60, 'net.ipv4.tcp_max_orphans': 131072, 'net.ipv4.tcp_orphan_retries': 0 };

ruleTester(orphans, {
  valid: [
    {
      name: "1200 FIN_WAIT2 that are the peers of this host's own CLOSE_WAIT leak on 8080: close-wait-leak tells it, no fin_timeout change",
      facts: {
        live: { 'net.ipv4.tcp_fin_timeout': 60, 'net.ipv4.tcp_max_orphans': 131072 },
        sockets: {
          states: { FIN_WAIT2: 1200, CLOSE_WAIT: 1200, LISTEN: 1 },
          listeners: [{ local: '127.0.0.1:8080', queued: 0 }],
          listeningPorts: [8080],
          localPorts: { CLOSE_WAIT: [{ port: 8080, count: 1200 }] },
          remotes: { FIN_WAIT2: [{ endpoint: '127.0.0.1:8080', count: 1200 }] },
        },
        sockstat: { orphan: 1200 },
        counters: { TCPAbortOnMemory: 0 },
      },
    },
    {
      name: '999 FIN_WAIT2 and orphans just below half the cap (65535 of 131072)',
      facts: { live: HOST, sockets: { states: { FIN_WAIT2: 999 } }, sockstat: { orphan: 65535 }, counters: { TCPAbortOnMemory: 0 } },
    },
    { name: 'counters only, nothing aborted', facts: { live: HOST, counters: { TCPAbortOnMemory: 0 } } },
    {
      name: 'a container with few FIN_WAIT2 and no aborts',
      facts: {
        live: { 'net.ipv4.tcp_fin_timeout': 60 },
        container: true,
        sockets: { states: { FIN_WAIT2: 12 } },
        sockstat: { orphan: 30 },
      },
    },
  ],
  invalid: [
    {
      name: '1100 orphaned FIN_WAIT2 towards another host: the peer named, tcp_fin_timeout 30',
      facts: {
        live: { 'net.ipv4.tcp_fin_timeout': 60, 'net.ipv4.tcp_max_orphans': 131072, 'net.ipv4.tcp_orphan_retries': 0 },
        sockets: { states: { FIN_WAIT2: 1100 }, remotes: { FIN_WAIT2: [{ endpoint: '10.0.1.2:8080', count: 1100 }] } },
        sockstat: { orphan: 1100 },
      },
      findings: [
        {
          messageId: 'orphans',
          message:
            /^Closing sockets pile up: 1100 sockets in FIN_WAIT2, most towards 10\.0\.1\.2:8080 \(1100\): its application does not close after our FIN/,
        },
        { messageId: 'finTimeout', message: /^Lower tcp_fin_timeout from 60/, change: { key: 'net.ipv4.tcp_fin_timeout', to: '30' } },
      ],
      changes: [{ key: 'net.ipv4.tcp_fin_timeout', to: '30', rules: ['orphans'] }],
    },
    {
      name: '5000 FIN_WAIT2 with the default tcp_fin_timeout: 30',
      facts: { live: HOST, sockets: { states: { FIN_WAIT2: 5000, FIN_WAIT1: 40 } }, sockstat: { orphan: 200, tw: 9000 } },
      findings: [
        {
          messageId: 'orphans',
          message:
            /^Closing sockets pile up: 5000 sockets in FIN_WAIT2; 200 orphaned sockets host-wide \(sockstat\) against tcp_max_orphans 131072 \(0%\)\. tcp_fin_timeout = 60 keeps an orphaned FIN-WAIT-2 socket ~60 s as a timewait minisock counted in sockstat "tw"; it does not shorten TIME-WAIT, which is always 60 s\. .*shutdown\(SHUT_WR\) has no timer.*tcp_orphan_retries = 0 \(0 means 8 while the peer looks alive\).*it is left as is.*\(40 in FIN_WAIT1 now\)/,
          severity: 'warning',
          key: 'net.ipv4.tcp_fin_timeout',
          evidence: { FIN_WAIT2: 5000, orphan: 200, tcp_max_orphans: 131072, TCPAbortOnMemory: 0, tcp_fin_timeout: 60 },
        },
        {
          messageId: 'finTimeout',
          message:
            /^Lower tcp_fin_timeout from 60 \(an orphaned FIN-WAIT-2 socket lives ~60 s\) to 30: 5000 sockets are in FIN_WAIT2.*against tcp_max_tw_buckets \(131072\)\. TIME-WAIT stays 60 s/,
          change: { key: 'net.ipv4.tcp_fin_timeout', to: '30' },
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_fin_timeout', from: null, to: '30', runtime: { from: '60', to: '30' }, rules: ['orphans'] }],
    },
    {
      name: 'orphans at 73% of the cap and TCPAbortOnMemory: raise tcp_max_orphans to 2 × the count',
      facts: {
        memTotalBytes: 4 * 1024 ** 3, // ehash 32768: default tcp_max_orphans 16384
        live: { ...HOST, 'net.ipv4.tcp_max_orphans': 16384 },
        sockets: { states: { FIN_WAIT2: 100 } },
        sockstat: { orphan: 12000 },
        counters: { TCPAbortOnMemory: 321 },
      },
      findings: [
        {
          messageId: 'orphans',
          message:
            /12000 orphaned sockets host-wide \(sockstat\) against tcp_max_orphans 16384 \(73%\); TCPAbortOnMemory 321 since boot \(or since this network namespace was created\): orphans reset because of tcp_max_orphans or tcp_mem/,
          key: 'net.ipv4.tcp_max_orphans',
        },
        {
          messageId: 'maxOrphans',
          message:
            /^Raise tcp_max_orphans from 16384 to 24000 \(2 × the 12000 orphans held now\): TCPAbortOnMemory counted 321 .*at 73% of the cap.*~64 KB, so the new cap may cost up to ~1500 MiB\. The key is global/,
          evidence: { orphan: 12000, tcp_max_orphans: 16384, TCPAbortOnMemory: 321 },
          change: { key: 'net.ipv4.tcp_max_orphans', to: '24000' },
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_max_orphans', from: null, to: '24000', runtime: { from: '16384', to: '24000' }, rules: ['orphans'] }],
    },
    {
      name: 'a cap lowered at runtime only is restored to the kernel default (no file change: it is the boot value)',
      facts: { live: { ...HOST, 'net.ipv4.tcp_max_orphans': 65536 }, sockstat: { orphan: 40000 }, counters: { TCPAbortOnMemory: 5 } },
      findings: [
        { messageId: 'orphans', message: /40000 orphaned sockets host-wide \(sockstat\) against tcp_max_orphans 65536 \(61%\)/ },
        {
          messageId: 'maxOrphans',
          message:
            /^Raise tcp_max_orphans from 65536 to 131072 \(the kernel default for this host, above 2 × the 40000 orphans held now\); no config line lowers it, so it was lowered at runtime: sysctl -w net\.ipv4\.tcp_max_orphans=131072 restores it:/,
          change: { key: 'net.ipv4.tcp_max_orphans', to: '131072' },
        },
      ],
      changes: [
        { key: 'net.ipv4.tcp_max_orphans', from: null, to: null, runtime: { from: '65536', to: '131072' }, kernelDefault: '131072' },
      ],
    },
    {
      name: 'tcp_fin_timeout 65 already gives ~10 s: not raised to 30',
      facts: {
        live: { ...HOST, 'net.ipv4.tcp_fin_timeout': 65 },
        config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 65 }],
        sockets: { states: { FIN_WAIT2: 3000 } },
      },
      findings: [
        {
          messageId: 'orphans',
          message: /tcp_fin_timeout = 65 keeps an orphaned FIN-WAIT-2 socket ~10 s \(above 60 the lifetime is 2×\(65−60\)\)/,
        },
      ],
    },
    {
      name: 'tcp_fin_timeout 90 gives ~60 s: 30',
      facts: {
        live: { ...HOST, 'net.ipv4.tcp_fin_timeout': 90 },
        config: [{ key: 'net.ipv4.tcp_fin_timeout', value: 90, comment: 'longer FIN wait' }],
        sockets: { states: { FIN_WAIT2: 1000 } },
      },
      findings: [
        { messageId: 'orphans', message: /~60 s \(above 60 the lifetime is 2×\(90−60\)\)/ },
        {
          messageId: 'finTimeout',
          message: /^Lower tcp_fin_timeout from 90 \(an orphaned FIN-WAIT-2 socket lives ~60 s, 2×\(90−60\)\) to 30/,
        },
      ],
      changes: [{ key: 'net.ipv4.tcp_fin_timeout', from: '90', to: '30', file: '/etc/sysctl.d/50-test.conf', line: 2 }],
    },
    {
      name: 'in a container tcp_max_orphans is not visible: no change to it',
      facts: {
        live: { 'net.ipv4.tcp_fin_timeout': 60, 'net.ipv4.tcp_orphan_retries': 0 },
        container: true,
        sockstat: { orphan: 70000 },
        counters: { TCPAbortOnMemory: 3 },
      },
      findings: [
        {
          messageId: 'orphans',
          message:
            /70000 orphaned sockets host-wide \(sockstat\) against tcp_max_orphans, which is not visible here \(a global key, absent inside a container's network namespace: compare on the host\); TCPAbortOnMemory 3/,
        },
      ],
    },
  ],
  skipped: [
    { name: 'counters without live values', facts: { counters: { TCPAbortOnMemory: 3 } }, reason: /^cannot check: no live values/ },
  ],
});
