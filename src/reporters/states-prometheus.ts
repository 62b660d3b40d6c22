/**
 * `states --format prometheus`: the text exposition format (HELP/TYPE once per metric, samples
 * grouped under it), ready for node_exporter's textfile collector:
 *   sysctl-advisor states --format prometheus > /var/lib/node_exporter/textfile/tcp_states.prom.$$ && mv ...
 * Every metric is a gauge: the tool reads a snapshot, not a counter it keeps.
 */
import { formatEndpoint } from '../sockets/address.js';
import { TCP_STATES } from '../sockets/states.js';
import type { StatesReport } from '../reports/states.js';

type Labels = Readonly<Record<string, string>>;

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly samples: readonly { readonly labels: Labels; readonly value: number }[];
}

/** Label values escape backslash, double quote and newline (exposition format). */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  return String(value);
}

function renderMetric(metric: Metric): string {
  const lines = [`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} gauge`];
  for (const sample of metric.samples) {
    const labels = Object.entries(sample.labels)
      .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
      .join(',');
    lines.push(`${metric.name}${labels ? `{${labels}}` : ''} ${formatValue(sample.value)}`);
  }
  return lines.join('\n');
}

export function statesMetrics(report: StatesReport): Metric[] {
  const { sockets } = report;
  const metrics: Metric[] = [
    {
      name: 'sysctl_advisor_tcp_sockets',
      help: 'TCP sockets by state and address family (NEW_SYN_RECV counted as syn_recv).',
      samples: TCP_STATES.flatMap((state) =>
        (['ipv4', 'ipv6'] as const).map((family) => ({
          labels: { state: state.toLowerCase(), family },
          value: sockets.byState[state][family],
        })),
      ),
    },
  ];
  if (sockets.timewaitMinisocks !== null) {
    metrics.push({
      name: 'sysctl_advisor_tcp_timewait_minisocks',
      help: 'TIME_WAIT plus orphaned FIN_WAIT2 minisocks: what sockstat tw shows and tcp_max_tw_buckets limits.',
      samples: [{ labels: {}, value: sockets.timewaitMinisocks }],
    });
  }
  if (report.maxTwBuckets !== null) {
    metrics.push({
      name: 'sysctl_advisor_tcp_max_tw_buckets',
      help: 'net.ipv4.tcp_max_tw_buckets.',
      samples: [{ labels: {}, value: report.maxTwBuckets }],
    });
  }
  metrics.push({
    name: 'sysctl_advisor_tcp_usable_ephemeral_ports',
    help: 'Usable ephemeral ports per source address and destination: ip_local_port_range minus reserved ports.',
    samples: [{ labels: { source: sockets.portRange.source }, value: sockets.portRange.usable }],
  });
  metrics.push({
    name: 'sysctl_advisor_tcp_destination_sockets',
    help: 'Outbound sockets towards a remote endpoint, by state (top destinations only).',
    samples: sockets.destinations.flatMap((d) =>
      Object.entries(d.byState).map(([state, count]) => ({
        labels: { remote: formatEndpoint(d.family, d.address, d.port), family: d.family, state: state.toLowerCase() },
        value: count ?? 0,
      })),
    ),
  });
  metrics.push({
    name: 'sysctl_advisor_tcp_destination_port_share',
    help: 'Share (0-1) of the usable ephemeral ports held towards a remote endpoint (top destinations only).',
    samples: sockets.destinations.map((d) => ({
      labels: { remote: formatEndpoint(d.family, d.address, d.port), family: d.family },
      value: d.shareOfUsablePorts,
    })),
  });
  const listenerLabels = (l: (typeof sockets.listeners)[number]) => ({
    listener: formatEndpoint(l.family, l.interface ? `${l.address}%${l.interface}` : l.address, l.port),
    family: l.family,
  });
  metrics.push({
    name: 'sysctl_advisor_tcp_listen_queue',
    help: "Connections waiting in a listener's accept queue (fullest listeners only).",
    samples: sockets.listeners.map((l) => ({ labels: listenerLabels(l), value: l.queue })),
  });
  metrics.push({
    name: 'sysctl_advisor_tcp_listen_backlog',
    help: "A listener's accept-queue limit, min(listen() backlog, somaxconn); only when the input shows it (ss).",
    samples: sockets.listeners.filter((l) => l.backlog !== null).map((l) => ({ labels: listenerLabels(l), value: l.backlog! })),
  });
  if (report.sockstat) {
    const stat = report.sockstat;
    metrics.push({
      name: 'sysctl_advisor_sockstat_tcp',
      help: '/proc/net/sockstat TCP figures (inuse, tw: this netns; orphan, alloc, mem in pages: host-wide).',
      samples: (['inuse', 'orphan', 'tw', 'alloc', 'mem'] as const).map((field) => ({ labels: { field }, value: stat.tcp[field] })),
    });
  }
  return metrics.filter((m) => m.samples.length > 0);
}

export function renderPrometheus(report: StatesReport): string {
  return `${statesMetrics(report).map(renderMetric).join('\n')}\n`;
}
