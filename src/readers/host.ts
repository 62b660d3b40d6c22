/**
 * readHostSnapshot(root): everything the readers find under one root, as one frozen plain
 * object. The live host is "/", a collected bundle is its folder; one code path serves both.
 */
import { resolve } from 'node:path';
import { readContainerEvidence } from './netns.js';
import { readMemTotal } from './meminfo.js';
import { readCounterFile, type CounterGroupReading } from './proc-counters.js';
import { readCatalogueSysctls, readKernelRelease } from './proc-sys.js';
import { readRootFile } from './root-file.js';
import { readRootSockets } from './root-sockets.js';
import { readSockstat } from './sockstat.js';
import { readSsCapture } from './ss-capture.js';
import { portRangeFrom } from '../sockets/port-range.js';
import { DEFAULT_TOP_N } from '../sockets/summary.js';
import { deepFreeze } from '../snapshot/freeze.js';
import type { CounterGroup, HostSnapshot, Observed, TcpCounters } from '../snapshot/types.js';

export interface SnapshotOptions {
  /** Length of the socket summary's top lists (default 10). */
  readonly topN?: number;
  /** false: do not run or read ss (a counters-only reading, e.g. the first of an --interval pair). */
  readonly ss?: boolean;
}

export function readHostSnapshot(root = '/', options: SnapshotOptions = {}): HostSnapshot {
  const absoluteRoot = resolve(root);
  const sysctls = readCatalogueSysctls(absoluteRoot);
  const portRange = portRangeFrom(sysctls['net.ipv4.ip_local_port_range'], sysctls['net.ipv4.ip_local_reserved_ports']);
  const snapshot: HostSnapshot = {
    root: absoluteRoot,
    kernelRelease: readKernelRelease(absoluteRoot),
    memTotalBytes: readMemTotal(absoluteRoot),
    sysctls,
    sockets: readRootSockets(absoluteRoot, { portRange, topN: options.topN ?? DEFAULT_TOP_N }),
    sockstat: readSockstat(absoluteRoot),
    counters: readCounters(absoluteRoot),
    container: readContainerEvidence(absoluteRoot),
    // Last: running ss opens sockets (its stdio) that sockstat's "sockets: used" would count.
    ss: options.ss === false ? { status: 'missing', file: 'ss (not asked for)' } : readSsCapture(absoluteRoot),
  };
  return deepFreeze(snapshot);
}

/** TcpExt from proc/net/netstat and Tcp from proc/net/snmp. */
export function readCounters(root: string): TcpCounters {
  return {
    tcpExt: counterGroup(root, 'proc/net/netstat', 'TcpExt'),
    tcp: counterGroup(root, 'proc/net/snmp', 'Tcp'),
  };
}

function counterGroup(root: string, relative: string, group: string): Observed<CounterGroup> {
  const file = readRootFile<Readonly<Record<string, CounterGroupReading>>>(root, relative, (source, name) => ({
    value: readCounterFile(source),
    provenance: { file: name, line: 1 },
  }));
  if (file.status !== 'present') return file;
  const reading = file.value[group];
  if (!reading) return { status: 'missing', file: file.provenance.file };
  return { status: 'present', value: reading.values, provenance: reading.provenance };
}
