/**
 * An ephemeral port range that takes in well-known service ports: connect() may pick 3306 or 8080 as
 * a local port, and a service that starts later cannot bind it (EADDRINUSE) until that connection is
 * gone. ip_local_reserved_ports exists for this (docs/kernel/ports.md#ip_local_reserved_ports).
 */
import type { Rule, RuleReport } from '../engine/types.js';

const RANGE = 'net.ipv4.ip_local_port_range';
const RESERVED = 'net.ipv4.ip_local_reserved_ports';

/** Ports servers listen on that lie above 1024 (IANA registered): MySQL, PostgreSQL, Redis, HTTP alternate. */
const SERVICE_PORTS: readonly (readonly [number, string])[] = [
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [6379, 'Redis'],
  [8080, 'HTTP alternate'],
];

/** Ports a reserved-ports list ("8080,9000-9002") covers. */
function reservedPorts(list: string | undefined): (port: number) => boolean {
  const ranges = (list ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^\d+(-\d+)?$/.test(part))
    .map((part) => part.split('-').map(Number) as [number, number?]);
  return (port) => ranges.some(([low, high]) => port >= low && port <= (high ?? low));
}

export const portRangeServices: Rule = {
  meta: {
    id: 'port-range-services',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'an outgoing connection can hold a service port and make its bind() fail: worse behaviour' },
    description: 'The ephemeral port range takes in well-known service ports that ip_local_reserved_ports does not reserve.',
    keys: [RANGE, RESERVED],
    needs: [['config']],
    references: [
      'docs/kernel/ports.md#ip_local_port_range',
      'docs/kernel/ports.md#ip_local_reserved_ports',
      'https://www.kernel.org/doc/html/v6.18/networking/ip-sysctl.html#ip-variables',
    ],
    messages: {
      overlaps:
        'ip_local_port_range = {range} takes in service ports up to {highest}: start it above {highest} or reserve them\n' +
        'The range holds {ports}. connect() picks its local port from this range, so an outgoing connection can hold {first} when the service that listens there starts, and bind() then fails with EADDRINUSE. List the ports in net.ipv4.ip_local_reserved_ports (automatic port choice skips them) or start the range above them; the default range is 32768 60999 (docs/kernel/ports.md#ip_local_reserved_ports).',
    },
  },
  *check({ facts, number }): Generator<RuleReport> {
    const line = facts.keys.get(RANGE)?.configured;
    if (!line) return;
    const [low, high] = line.value.trim().split(/\s+/).map(Number);
    if (low === undefined || high === undefined || !Number.isFinite(low) || !Number.isFinite(high)) return;
    // A range the kernel rejects is invalid-value's finding.
    if (low > high || low < (number('net.ipv4.ip_unprivileged_port_start') ?? 1024)) return;
    const reserved = reservedPorts(facts.keys.get(RESERVED)?.configured?.value);
    const taken = SERVICE_PORTS.filter(([port]) => port >= low && port <= high && !reserved(port));
    if (taken.length === 0) return;
    yield {
      messageId: 'overlaps',
      data: {
        range: `${low} ${high}`,
        ports: taken.map(([port, name]) => `${port} (${name})`).join(', '),
        highest: taken[taken.length - 1]![0],
        first: taken[0]![0],
      },
      key: RANGE,
      location: { file: line.file, line: line.line, column: line.valueColumn },
      evidence: { low, high, ports: taken.map(([port]) => port).join(',') },
    };
  },
};
