/** The detection summary the wizard shows first: a few lines, with where each value comes from. */
import type { Paint } from '../reporters/colour.js';
import { ALARMING_COUNTERS, type Detection, type KeyValue } from './detect.js';

const NAMESPACES: Record<Detection['namespace'], string> = {
  'child-netns': "a container's own (child) network namespace: per-namespace keys start at kernel defaults here, not at the host's values",
  'initial-netns': "the host's own (initial) network namespace",
  unknown: 'unknown (the root does not say whether it is a container)',
};

export function describeSource(value: KeyValue): string {
  const { source } = value;
  switch (source.kind) {
    case 'config':
      return `${source.file}:${source.line}${value.value !== undefined && value.value !== source.value ? ` sets ${source.value} (not in force yet)` : ''}`;
    case 'kernel-default':
      return 'kernel default';
    case 'runtime':
      return `set at runtime, no config file sets it${source.defaultValue !== undefined ? ` (kernel default ${source.defaultValue})` : ''}`;
    case 'unknown':
      return 'not readable under this root';
  }
}

export function detectionText(detection: Detection, paint: Paint): string {
  const lines: string[] = [paint.bold(`Detected under ${detection.root}`)];
  lines.push(
    `  Kernel ${detection.kernel} (${detection.kernelKnown ? detection.kernelSource : 'not found under the root; assuming the newest known'})`,
  );
  lines.push(`  Network namespace: ${NAMESPACES[detection.namespace]}`);
  const sockets = detection.sockets;
  if (sockets) {
    const states = sockets.states.map((s) => `${s.state} ${s.count}`).join(', ') || 'none';
    const destination = sockets.topDestination
      ? `; busiest destination ${sockets.topDestination.endpoint} holds ${sockets.topDestination.sockets} of ${sockets.topDestination.usablePorts} usable ports`
      : '';
    lines.push(
      `  Sockets: ${sockets.total} (${states}); ${sockets.listeners} listening; ${sockets.outboundTimeWait} TIME_WAIT towards remote services${destination}`,
    );
  } else {
    lines.push('  Sockets: proc/net/tcp not found under the root');
  }
  if (!detection.countersRead) lines.push('  Counters: proc/net/netstat not found under the root');
  else if (detection.alarming.length === 0) lines.push(`  Counters: none alarming (${Object.keys(ALARMING_COUNTERS).join(', ')} are 0)`);
  else
    for (const counter of detection.alarming) lines.push(paint.yellow(`  Counter ${counter.name} = ${counter.value}: ${counter.meaning}`));
  lines.push('  Current values and where they come from:');
  const width = Math.max(...detection.keys.map((k) => k.key.length));
  const valueWidth = Math.max(...detection.keys.map((k) => (k.value ?? '?').length));
  for (const key of detection.keys)
    lines.push(`    ${key.key.padEnd(width)}  ${(key.value ?? '?').padEnd(valueWidth)}  ${paint.dim(describeSource(key))}`);
  return `${lines.join('\n')}\n`;
}
