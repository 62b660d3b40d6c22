/**
 * What the wizard learns before asking anything: the same readers and facts advise uses, boiled
 * down to what a person needs to answer the questions (kernel, namespace, key values and where
 * they come from, sockets, alarming counters, ip_forward).
 */
import { resolve } from 'node:path';
import { assembleFacts } from '../facts/assemble.js';
import { readApps, type AppFacts } from '../readers/apps/index.js';
import { factsFromConfig } from '../facts/from-effective-config.js';
import { procSysKeys } from '../readers/proc-sys-keys.js';
import { effectiveConfig } from '../config/index.js';
import type { Facts } from '../facts/types.js';
import { formatKernel } from '../kernel/version.js';
import { defaultFor } from '../params/defaults.js';
import { findParam } from '../params/lookup.js';
import { readHostSnapshot } from '../readers/host.js';
import { isLoopbackAddress } from '../sockets/address.js';
import type { ContainerEvidence, SocketSummary } from '../snapshot/types.js';

/** The keys shown up front: the ones the profiles and rules change most. */
export const KEYS_SHOWN = [
  'net.core.somaxconn',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_max_syn_backlog',
  'net.ipv4.tcp_syn_retries',
  'net.ipv4.tcp_synack_retries',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_tw_reuse',
  'net.ipv4.tcp_max_tw_buckets',
  'net.ipv4.tcp_timestamps',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.ip_forward',
] as const;

/** Counters that mean trouble as soon as they are above zero (docs/kernel/time-wait.md#tcp_max_tw_buckets; docs/kernel/syn-queue-and-cookies.md#tcp_syncookies; docs/kernel/accept-queue.md#listen-overflows; docs/kernel/fin-timeout-and-orphans.md#tcp_max_orphans). */
export const ALARMING_COUNTERS: Readonly<Record<string, string>> = {
  ListenOverflows: 'an accept queue overflowed: SYNs or handshakes were dropped',
  TCPTimeWaitOverflow: 'tcp_max_tw_buckets was reached: closing sockets skipped TIME-WAIT',
  TCPReqQFullDrop: 'a SYN queue was full and syncookies were off: SYNs were dropped',
  TCPAbortOnMemory: 'too many orphaned sockets: connections were reset',
};

/** Where a key's value comes from. */
export type ValueSource =
  | { readonly kind: 'config'; readonly file: string; readonly line: number; readonly value: string }
  | { readonly kind: 'kernel-default' }
  /** Live value differs from the default and no config file sets it (a runtime "sysctl -w", a container runtime). */
  | { readonly kind: 'runtime'; readonly defaultValue?: string }
  | { readonly kind: 'unknown' };

export interface KeyValue {
  readonly key: string;
  /** The live value, else the configured one; undefined when neither was read. */
  readonly value?: string;
  readonly source: ValueSource;
}

export interface SocketOverview {
  readonly total: number;
  /** Non-zero states, largest first. */
  readonly states: readonly { readonly state: string; readonly count: number }[];
  readonly listeners: number;
  /** Listeners bound to something else than loopback (top list only). */
  readonly publicListeners: number;
  /** TIME_WAIT sockets towards remote services (this host connected out), summed over the top destinations. */
  readonly outboundTimeWait: number;
  readonly synRecv: number;
  readonly topDestination?: { readonly endpoint: string; readonly sockets: number; readonly usablePorts: number };
}

export interface Detection {
  readonly root: string;
  /** Kernel as the facts see it, and whether the root said (false: newest known was assumed). */
  readonly kernel: string;
  readonly kernelKnown: boolean;
  readonly kernelSource: string;
  readonly namespace: ContainerEvidence['verdict'];
  readonly keys: readonly KeyValue[];
  readonly sockets?: SocketOverview;
  /** Counters above zero among ALARMING_COUNTERS (empty: none, or counters unread: see countersRead). */
  readonly alarming: readonly { readonly name: string; readonly value: number; readonly meaning: string }[];
  readonly countersRead: boolean;
  /** net.ipv4.ip_forward as read live ("1" = this host routes for others). */
  readonly ipForward?: string;
  readonly facts: Facts;
  /** nginx, Apache httpd, HAProxy or Envoy configs under the root (the idle-timeout chain questions need them). */
  readonly apps?: AppFacts;
}

function socketOverview(summary: SocketSummary): SocketOverview {
  const states = Object.entries(summary.byState)
    .map(([state, counts]) => ({ state, count: counts.total }))
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count);
  const top = summary.destinations[0];
  const endpoint = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
  return {
    total: summary.total.total,
    states,
    listeners: summary.listenerCount,
    publicListeners: summary.listeners.filter((listener) => !isLoopbackAddress(listener.address)).length,
    outboundTimeWait: (summary.byRemote.TIME_WAIT ?? []).reduce((sum, entry) => sum + entry.count, 0),
    synRecv: summary.byState.SYN_RECV.total,
    ...(top
      ? { topDestination: { endpoint: endpoint(top.address, top.port), sockets: top.sockets, usablePorts: summary.portRange.usable } }
      : {}),
  };
}

function keyValue(facts: Facts, key: string): KeyValue {
  const state = facts.keys.get(key);
  const spec = findParam(key);
  const defaultValue = spec ? defaultFor(spec, facts.kernel, facts.host).value : undefined;
  const configured = state?.configured;
  const value = state?.live ?? configured?.value;
  if (configured)
    return {
      key,
      ...(value !== undefined ? { value } : {}),
      source: { kind: 'config', file: configured.file, line: configured.line, value: configured.value },
    };
  if (state?.live === undefined) return { key, source: { kind: 'unknown' } };
  if (defaultValue !== undefined && state.live === defaultValue) return { key, value: state.live, source: { kind: 'kernel-default' } };
  return { key, value: state.live, source: { kind: 'runtime', ...(defaultValue !== undefined ? { defaultValue } : {}) } };
}

export function detectHost(rootGiven: string, flags: { readonly kernel?: string; readonly container?: boolean } = {}): Detection {
  const root = resolve(rootGiven);
  const snapshot = readHostSnapshot(root);
  const config = factsFromConfig(effectiveConfig(root, { knownKeys: procSysKeys(root) }));
  const facts = assembleFacts({
    snapshot,
    config,
    ...(flags.kernel ? { kernelFlag: flags.kernel } : {}),
    ...(flags.container ? { containerFlag: true } : {}),
  });
  const alarming = [...Object.entries(ALARMING_COUNTERS)]
    .map(([name, meaning]) => ({ name, value: facts.counters?.get(name) ?? 0, meaning }))
    .filter((counter) => counter.value > 0);
  const ipForward = facts.keys.get('net.ipv4.ip_forward')?.live;
  const apps = readApps(root);
  return {
    root,
    kernel: formatKernel(facts.kernel),
    kernelKnown: flags.kernel !== undefined || snapshot.kernelRelease.status === 'present',
    kernelSource: facts.kernelSource,
    namespace: flags.container ? 'child-netns' : snapshot.container.verdict,
    keys: KEYS_SHOWN.map((key) => keyValue(facts, key)),
    ...(snapshot.sockets.status === 'present' ? { sockets: socketOverview(snapshot.sockets.value) } : {}),
    alarming,
    countersRead: facts.counters !== undefined,
    ...(ipForward !== undefined ? { ipForward } : {}),
    facts,
    ...(apps ? { apps } : {}),
  };
}
