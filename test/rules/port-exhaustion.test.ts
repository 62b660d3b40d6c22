import { portExhaustion } from '../../src/rules/port-exhaustion.js';
import { ruleTester } from '../helpers/rule-tester.js';

const DEFAULT_RANGE = { 'net.ipv4.ip_local_port_range': '32768 60999', 'net.ipv4.tcp_tw_reuse': 2, 'net.ipv4.tcp_timestamps': 1 };

ruleTester(portExhaustion, {
  valid: [
    {
      name: 'one port below half of the 28232 usable ports',
      facts: {
        live: DEFAULT_RANGE,
        sockets: { states: { ESTABLISHED: 200, TIME_WAIT: 13915 }, portsHeldByRemote: [{ endpoint: '10.0.0.5:5432', count: 14115 }] },
      },
    },
    {
      name: 'a wide range makes 30000 ports a minority (46% of 64512)',
      facts: {
        live: { ...DEFAULT_RANGE, 'net.ipv4.ip_local_port_range': '1024 65535' },
        sockets: { portsHeldByRemote: [{ endpoint: '10.0.0.5:443', count: 30000 }] },
      },
    },
    { name: 'no destination holds many ports', facts: { live: DEFAULT_RANGE, sockets: { states: { ESTABLISHED: 10 } } } },
    {
      name: 'kernel default range when nothing was read (14115 of 28232)',
      facts: { config: [], sockets: { portsHeldByRemote: [{ endpoint: '10.0.0.5:5432', count: 14115 }] } },
    },
  ],
  invalid: [
    {
      name: '88% to one database with the default range: pressure (a warning: ports are still free), tcp_tw_reuse=1 and a wider range',
      facts: {
        live: DEFAULT_RANGE,
        sockets: {
          states: { ESTABLISHED: 2000, TIME_WAIT: 24000 },
          portsHeldByRemote: [
            { endpoint: '10.0.0.5:5432', count: 25000 },
            { endpoint: '10.0.0.6:5432', count: 15000 },
            { endpoint: '10.0.0.7:5432', count: 900 },
          ],
          timeWaitByRemote: [{ endpoint: '10.0.0.5:5432', count: 24000 }],
          listeners: [
            { local: '0.0.0.0:11211', queued: 0, backlog: 511 },
            { local: '0.0.0.0:80', queued: 0, backlog: 511 },
          ],
        },
      },
      findings: [
        {
          messageId: 'pressure',
          message:
            /^Ephemeral port pressure, not exhaustion yet: 10\.0\.0\.5:5432 holds 25000 \(88%, 24000 in TIME-WAIT\), and 10\.0\.0\.6:5432 holds 15000 \(53%\) of 28232 usable ports \(ip_local_port_range 32768 60999, the kernel default\); connect\(\) still finds free ports \(3232 towards 10\.0\.0\.5:5432\)\..*EADDRNOTAVAIL.*~470\/s \(28232 \/ 60 s\)\. Its 24000 TIME-WAIT sockets mean ~400 new connections\/s over the last minute, against the ~470\/s ceiling.*The real fix is connection reuse in the application \(HTTP keep-alive, a connection pool\)/,
          severity: 'warning',
          key: 'net.ipv4.ip_local_port_range',
          evidence: {
            topEndpoint: '10.0.0.5:5432',
            portsHeld: 25000,
            sharePercent: 88,
            usablePorts: 28232,
            ip_local_port_range: '32768 60999',
            reservedInside: 0,
            tcp_tw_reuse: 2,
            tcp_timestamps: 1,
          },
        },
        {
          messageId: 'twReuse',
          message:
            /^tcp_tw_reuse is 2 \(loopback only; kernel default 2\): set it to 1 .*towards 10\.0\.0\.5:5432.*~470\/s towards ~28232\/s.*only connections this host opens.*Not tcp_tw_recycle: .*removed in 4\.12/,
          severity: 'warning',
          key: 'net.ipv4.tcp_tw_reuse',
          change: { key: 'net.ipv4.tcp_tw_reuse', to: '1' },
        },
        {
          messageId: 'widenRangeOverListeners',
          message:
            /^ip_local_port_range is 32768 60999 \(28232 usable ports per destination\): widen it to 10240 65535 for 55296 usable ports \(~921\/s .*ip_unprivileged_port_start \(1024\).*Listeners on 11211 fall inside the wider range: add them to ip_local_reserved_ports/,
          severity: 'warning',
          change: { key: 'net.ipv4.ip_local_port_range', to: '10240 65535' },
        },
      ],
      changes: [
        {
          key: 'net.ipv4.ip_local_port_range',
          from: null,
          to: '10240 65535',
          runtime: { from: '32768 60999', to: '10240 65535' },
          rules: ['port-exhaustion'],
        },
        { key: 'net.ipv4.tcp_tw_reuse', from: null, to: '1', runtime: { from: '2', to: '1' }, rules: ['port-exhaustion'] },
      ],
    },
    {
      name: 'exactly 50% is a warning; tcp_tw_reuse already 1, so only the range',
      facts: {
        live: { ...DEFAULT_RANGE, 'net.ipv4.tcp_tw_reuse': 1 },
        sockets: { portsHeldByRemote: [{ endpoint: '192.0.2.10:443', count: 14116 }] },
      },
      findings: [
        {
          messageId: 'pressureWithReuse',
          message:
            /192\.0\.2\.10:443 holds 14116 \(50%\) of 28232.*tcp_tw_reuse = 1 with timestamps on lets connect\(\) take over TIME-WAIT ports about 1 s old, towards ~28232\/s/,
          severity: 'warning',
        },
        { messageId: 'widenRange', message: /widen it to 10240 65535/, severity: 'warning' },
      ],
      changes: [
        { key: 'net.ipv4.ip_local_port_range', from: null, to: '10240 65535', runtime: { from: '32768 60999', to: '10240 65535' } },
      ],
    },
    {
      name: 'reserved ports shrink the range; timestamps off make tcp_tw_reuse useless',
      facts: {
        live: {
          'net.ipv4.ip_local_port_range': '40001 50000',
          'net.ipv4.ip_local_reserved_ports': '45000-45999',
          'net.ipv4.tcp_tw_reuse': 1,
          'net.ipv4.tcp_timestamps': 0,
        },
        sockets: {
          portsHeldByRemote: [{ endpoint: '[2001:db8::1]:443', count: 5000 }],
          listeners: [
            { local: '0.0.0.0:20000', queued: 0 },
            { local: '[::]:45500', queued: 0 },
          ],
        },
      },
      findings: [
        {
          messageId: 'pressure',
          message:
            /\[2001:db8::1\]:443 holds 5000 \(55%\) of 9000 usable ports \(ip_local_port_range 40001 50000 minus 1000 reserved ports; kernel default 32768 60999\).*~150\/s/,
          severity: 'warning',
          evidence: {
            topEndpoint: '[2001:db8::1]:443',
            portsHeld: 5000,
            sharePercent: 55,
            usablePorts: 9000,
            ip_local_port_range: '40001 50000',
            reservedInside: 1000,
            tcp_tw_reuse: 1,
            tcp_timestamps: 0,
          },
        },
        { messageId: 'reuseNeedsTimestamps', message: /^tcp_tw_reuse = 1 cannot help here: tcp_timestamps is 0.*Turn timestamps back on/ },
        {
          messageId: 'widenRangeOverListeners',
          message:
            /ip_local_port_range is 40001 50000 \(9000 usable ports per destination\): widen it to 10240 65535 for 54296 usable ports.*Listeners on 20000 fall inside/,
        },
      ],
      changes: [
        { key: 'net.ipv4.ip_local_port_range', from: null, to: '10240 65535', runtime: { from: '40001 50000', to: '10240 65535' } },
      ],
    },
    {
      name: 'loopback destination: the default tcp_tw_reuse=2 already applies',
      facts: { live: DEFAULT_RANGE, sockets: { portsHeldByRemote: [{ endpoint: '127.0.0.1:6379', count: 20000 }] } },
      findings: [
        { messageId: 'pressureWithReuse', message: /127\.0\.0\.1:6379 holds 20000 \(70%\).*tcp_tw_reuse = 2 with timestamps on/ },
        { messageId: 'widenRange', message: /widen it to 10240 65535/ },
      ],
      changes: [{ key: 'net.ipv4.ip_local_port_range', to: '10240 65535' }],
    },
    {
      name: 'ip_unprivileged_port_start 20000 bounds the new low end',
      facts: {
        live: { ...DEFAULT_RANGE, 'net.ipv4.tcp_tw_reuse': 1, 'net.ipv4.ip_unprivileged_port_start': 20000 },
        sockets: { portsHeldByRemote: [{ endpoint: '10.1.1.1:80', count: 23000 }] },
      },
      findings: [
        { messageId: 'pressureWithReuse', message: /holds 23000 \(81%\)/, severity: 'warning' },
        { messageId: 'widenRange', message: /widen it to 20000 65535 for 45536 usable ports.*ip_unprivileged_port_start \(20000\)/ },
      ],
      changes: [{ key: 'net.ipv4.ip_local_port_range', to: '20000 65535' }],
    },
    {
      name: 'range already wider than 10240 65535: never narrowed, only tcp_tw_reuse',
      facts: {
        live: { ...DEFAULT_RANGE, 'net.ipv4.ip_local_port_range': '1024 65535', 'net.ipv4.tcp_tw_reuse': 0 },
        sockets: { portsHeldByRemote: [{ endpoint: '10.0.0.9:443', count: 60000 }] },
      },
      findings: [
        { messageId: 'pressure', message: /holds 60000 \(93%\) of 64512 usable ports/, severity: 'warning' },
        { messageId: 'twReuse', message: /^tcp_tw_reuse is 0 \(never; kernel default 2\): set it to 1/ },
      ],
      changes: [{ key: 'net.ipv4.tcp_tw_reuse', from: null, to: '1', runtime: { from: '0', to: '1' } }],
    },
    {
      name: 'every port held and tcp_tw_reuse off: connect() fails now, "run out" (error)',
      facts: {
        live: { ...DEFAULT_RANGE, 'net.ipv4.ip_local_port_range': '40000 40099', 'net.ipv4.tcp_tw_reuse': 0 },
        sockets: {
          portsHeldByRemote: [{ endpoint: '127.0.0.1:8080', count: 100 }],
          timeWaitByRemote: [{ endpoint: '127.0.0.1:8080', count: 100 }],
        },
      },
      findings: [
        {
          messageId: 'exhausted',
          message:
            /^Ephemeral ports run out: 127\.0\.0\.1:8080 holds 100 \(100%, 100 in TIME-WAIT\) of 100 usable ports.*Every port is held, so connect\(\) fails now.*Its 100 TIME-WAIT sockets mean ~1\.7 new connections\/s over the last minute, against the ~1\/s ceiling/,
          severity: 'error',
        },
        { messageId: 'twReuse', message: /^tcp_tw_reuse is 0 \(never; kernel default 2\): set it to 1/, severity: 'error' },
        { messageId: 'widenRange', message: /widen it to 10240 65535/, severity: 'error' },
      ],
      changes: [
        { key: 'net.ipv4.ip_local_port_range', to: '10240 65535' },
        { key: 'net.ipv4.tcp_tw_reuse', to: '1' },
      ],
    },
    {
      name: '150 of 200 ports in TIME-WAIT towards loopback with tcp_tw_reuse 2: pressure; the growth over a window gives the time left',
      facts: {
        live: { ...DEFAULT_RANGE, 'net.ipv4.ip_local_port_range': '40000 40199' },
        sockets: {
          portsHeldByRemote: [{ endpoint: '127.0.0.1:8080', count: 150 }],
          timeWaitByRemote: [{ endpoint: '127.0.0.1:8080', count: 150 }],
        },
        window: { seconds: 5, deltas: {}, portsHeldBefore: { '127.0.0.1:8080': 100 } },
      },
      findings: [
        {
          messageId: 'pressureWithReuse',
          message:
            /^Ephemeral port pressure, not exhaustion yet: 127\.0\.0\.1:8080 holds 150 \(75%, 150 in TIME-WAIT\) of 200 usable ports.*tcp_tw_reuse = 2 lets it take over the 150 TIME-WAIT ones about 1 s old.*Over the last 5 s they grew by 10\/s \(100 → 150\): at that pace every port is held in ~5 s, though tcp_tw_reuse can then take over TIME-WAIT ports/,
          severity: 'warning',
          evidence: {
            topEndpoint: '127.0.0.1:8080',
            portsHeld: 150,
            sharePercent: 75,
            portsHeldGrowthPerSecond: 10,
            usablePorts: 200,
            ip_local_port_range: '40000 40199',
            reservedInside: 0,
            tcp_tw_reuse: 2,
            tcp_timestamps: 1,
          },
        },
        { messageId: 'widenRange', message: /widen it to 10240 65535/ },
      ],
      changes: [{ key: 'net.ipv4.ip_local_port_range', to: '10240 65535' }],
    },
    {
      name: 'a narrow range set by config is widened where it is set',
      facts: {
        live: { ...DEFAULT_RANGE, 'net.ipv4.ip_local_port_range': '50000 60000', 'net.ipv4.tcp_tw_reuse': 1 },
        config: [{ key: 'net.ipv4.ip_local_port_range', value: '50000 60000' }],
        sockets: { portsHeldByRemote: [{ endpoint: '10.0.0.5:8080', count: 6000 }] },
      },
      findings: [
        { messageId: 'pressureWithReuse', message: /holds 6000 \(59%\) of 10001 usable ports/ },
        { messageId: 'widenRange', message: /widen it to 10240 65535/ },
      ],
      changes: [
        { key: 'net.ipv4.ip_local_port_range', from: '50000 60000', to: '10240 65535', file: '/etc/sysctl.d/50-test.conf', line: 1 },
      ],
    },
  ],
  skipped: [{ name: 'no socket table', facts: { live: DEFAULT_RANGE }, reason: /cannot check: no socket table/ }],
});
