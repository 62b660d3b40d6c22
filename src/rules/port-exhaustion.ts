/**
 * One remote endpoint holding most of the usable ephemeral ports: connect() to it fails with
 * EADDRNOTAVAIL once its ESTABLISHED + TIME-WAIT sockets take every port, and each port this
 * host closes first stays in TIME-WAIT for 60 s, so new connections per destination are
 * limited to about P/60 s (docs/kernel/ports.md#capacity). tcp_tw_reuse=1 (with timestamps) and a wider
 * range raise the ceiling; reusing connections in the application removes the cause.
 */
import type { EndpointCount, Facts } from '../facts/types.js';
import type { ProposedChange, Rule, RuleReport, Severity } from '../engine/types.js';
import { findParam } from '../params/lookup.js';
import { portCapacity } from '../params/timing.js';
import type { ParamSpec } from '../params/types.js';
import { parseParamValue, reservedPortsInside } from '../params/values.js';
import { isLoopbackAddress } from '../sockets/address.js';
import { SENTENCES } from '../safety/sentences.js';

const RANGE = 'net.ipv4.ip_local_port_range';
const RESERVED = 'net.ipv4.ip_local_reserved_ports';
const REUSE = 'net.ipv4.tcp_tw_reuse';
const TIMESTAMPS = 'net.ipv4.tcp_timestamps';
const UNPRIVILEGED = 'net.ipv4.ip_unprivileged_port_start';

const WARNING_SHARE = 0.5;
/** The widest range commonly recommended: 55296 ports, even low and odd high (docs/kernel/ports.md#ip_local_port_range). */
const WIDE_LOW = 10240;
const WIDE_HIGH = 65535;
const KERNEL_RANGE = { low: 32768, high: 60999 };
const MAX_LISTED = 5;

/** Sentences the port messages share. */
const TIME_WAIT_RATE =
  'Each port this host closes first stays in TIME-WAIT for 60 s, so new connections per destination are limited to ~{rate}/s ({usable} / 60 s).';
const REUSE_LIFTS =
  'tcp_tw_reuse = {reuse} with timestamps on lets connect() take over TIME-WAIT ports about 1 s old, towards ~{usable}/s.';
const REAL_FIX =
  'The real fix is connection reuse in the application (HTTP keep-alive, a connection pool) instead of a new connection per request (docs/kernel/ports.md#capacity).';
const WIDER_RANGE =
  'ip_local_port_range is {range} ({usable} usable ports per destination): widen it to {proposed} for {newUsable} usable ports (~{newRate}/s per destination at 60 s TIME-WAIT). ' +
  "The low end stays at or above ip_unprivileged_port_start ({unprivileged}) and low and high keep different parity, since connect() tries ports of the low end's parity first (docs/kernel/ports.md#ip_local_port_range).";

interface PortRange {
  readonly low: number;
  readonly high: number;
  readonly reserved: readonly (readonly [number, number])[];
}

export const portExhaustion: Rule = {
  meta: {
    id: 'port-exhaustion',
    severity: 'warning',
    severities: { allowed: ['warning', 'error'], why: 'error when connects already fail (EADDRNOTAVAIL), warning when close' },
    description: 'One remote endpoint holds most of the usable ephemeral ports: connect() to it is about to fail with EADDRNOTAVAIL.',
    keys: [RANGE, RESERVED, REUSE, TIMESTAMPS, UNPRIVILEGED],
    needs: [['sockets']],
    references: [
      'docs/kernel/ports.md#capacity',
      'docs/kernel/time-wait.md#tcp_tw_reuse',
      'docs/kernel/ports.md#ip_local_port_range',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/inet_hashtables.c?h=v6.12.118 (__inet_hash_connect)',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
      'docs/kernel/evidence/twreuse_test.txt',
    ],
    messages: {
      exhausted: `Ephemeral ports run out towards a destination: connect() fails with EADDRNOTAVAIL; reuse connections\nEphemeral ports run out: {endpoints} of {usable} usable ports ({range}). Every port is held, so connect() fails now: it fails with EADDRNOTAVAIL once ESTABLISHED and TIME-WAIT sockets hold every port (no counter records it). ${TIME_WAIT_RATE} {pace}${REAL_FIX}`,
      exhaustedWithReuse: `Ephemeral ports run out towards a destination: connect() fails with EADDRNOTAVAIL; reuse connections\nEphemeral ports run out: {endpoints} of {usable} usable ports ({range}). Every port is held, {notTimeWait} of them by sockets that are not in TIME-WAIT, so even tcp_tw_reuse = {reuse} finds none to take over: connect() fails with EADDRNOTAVAIL (no counter records it). ${TIME_WAIT_RATE} ${REUSE_LIFTS} {pace}${REAL_FIX}`,
      pressure: `Ephemeral port pressure, not exhaustion yet: reuse connections in the application\nEphemeral port pressure, not exhaustion yet: {endpoints} of {usable} usable ports ({range}); connect() still finds free ports ({free} towards {endpoint}). It fails with EADDRNOTAVAIL once ESTABLISHED and TIME-WAIT sockets hold every port towards one destination (no counter records it). ${TIME_WAIT_RATE} {pace}${REAL_FIX}`,
      pressureWithReuse: `Ephemeral port pressure, not exhaustion yet: reuse connections in the application\nEphemeral port pressure, not exhaustion yet: {endpoints} of {usable} usable ports ({range}); connect() still finds free ports, and tcp_tw_reuse = {reuse} lets it take over the {timeWait} TIME-WAIT ones about 1 s old. It fails with EADDRNOTAVAIL once ESTABLISHED and TIME-WAIT sockets hold every port towards one destination (no counter records it). ${TIME_WAIT_RATE} ${REUSE_LIFTS} {pace}${REAL_FIX}`,
      twReuse:
        'Set tcp_tw_reuse to 1 so connect() can reuse TIME-WAIT ports towards busy destinations\ntcp_tw_reuse is {reuse} ({reuseMeaning}; kernel default {reuseDefault}): set it to 1 so connect() may take over a TIME-WAIT port towards {endpoint} once it is about 1 s old, which raises the ceiling from ~{rate}/s towards ~{usable}/s per destination. ' +
        'It affects only connections this host opens (connect()), never incoming ones, and needs timestamps (tcp_timestamps = {timestamps}): the new connection inherits the peer timestamp, so PAWS keeps old segments out (docs/kernel/time-wait.md#tcp_tw_reuse). ' +
        `Not tcp_tw_recycle: ${SENTENCES.twRecycleNatDrops} ${SENTENCES.twRecycleRemoved}`,
      reuseNeedsTimestamps:
        'tcp_tw_reuse cannot help while tcp_timestamps is 0: turn timestamps back on\ntcp_tw_reuse = {reuse} cannot help here: tcp_timestamps is 0, and a TIME-WAIT socket without a peer timestamp is never reused (docs/kernel/time-wait.md#tcp_tw_reuse). ' +
        `Turn timestamps back on (tcp_timestamps = 1, the kernel default; it also restores PAWS) before relying on tcp_tw_reuse. Not tcp_tw_recycle: ${SENTENCES.twRecycleRemoved}`,
      widenRange: `Widen ip_local_port_range from {range} to {proposed}\n${WIDER_RANGE}`,
      widenRangeOverListeners: `Widen ip_local_port_range from {range} to {proposed}, reserving listener ports {ports} first\n${WIDER_RANGE} Listeners on {ports} fall inside the wider range: add them to ip_local_reserved_ports first, or an outgoing connection may take the port before the service binds it.`,
    },
  },
  check({ facts, text, number, defaultOf }) {
    const sockets = facts.sockets;
    if (!sockets) return [];
    const range = portRangeInForce(text(RANGE), defaultOf(RANGE), text(RESERVED));
    const reservedInside = reservedPortsInside(range.reserved, range.low, range.high);
    const { usablePorts: usable, ratePerDestination: rate } = portCapacity(range.low, range.high, reservedInside);
    if (usable === 0) return [];

    const ranked = [...sockets.portsHeldByRemote].sort((a, b) => b.count - a.count);
    const flagged = ranked.filter((e) => e.count / usable >= WARNING_SHARE);
    if (flagged.length === 0) return [];
    const top = flagged[0]!;
    const topShare = top.count / usable;

    const reuse = number(REUSE);
    const timestamps = number(TIMESTAMPS);
    const allLoopback = flagged.every((e) => isLoopbackAddress(e.at.address));
    // tcp_tw_reuse=2 already covers loopback destinations (docs/kernel/time-wait.md#tcp_tw_reuse).
    const reuseEffective = timestamps !== 0 && (reuse === 1 || (reuse === 2 && allLoopback));
    // connect() fails only when every usable port towards the destination is held, and, with
    // tcp_tw_reuse in effect, held by sockets other than TIME-WAIT ones it could take over.
    const topTimeWait = sockets.timeWaitByRemote.find((t) => t.endpoint === top.endpoint)?.count ?? 0;
    const runsOut = top.count >= usable && (!reuseEffective || top.count - topTimeWait >= usable);
    const severity: Severity = runsOut ? 'error' : 'warning';
    const kernelDefault = defaultOf(RANGE);
    const rangeText =
      `ip_local_port_range ${range.low} ${range.high}${reservedInside ? ` minus ${reservedInside} reserved ports` : ''}` +
      (kernelDefault && kernelDefault !== `${range.low} ${range.high}` ? `; kernel default ${kernelDefault}` : ', the kernel default');

    const growth = facts.counterWindow?.portsHeldBefore?.get(top.endpoint);
    const pace = describePace(
      top.count,
      topTimeWait,
      usable,
      rate,
      reuseEffective,
      growth === undefined ? undefined : { before: growth, seconds: facts.counterWindow!.seconds },
    );
    const reports: RuleReport[] = [
      {
        messageId: `${runsOut ? 'exhausted' : 'pressure'}${reuseEffective ? 'WithReuse' : ''}`,
        severity,
        key: RANGE,
        data: {
          endpoints: describeEndpoints(flagged.slice(0, MAX_LISTED), usable, sockets.timeWaitByRemote),
          usable,
          range: rangeText,
          rate,
          pace,
          ...(reuseEffective
            ? { reuse: reuse ?? '?', notTimeWait: top.count - topTimeWait, timeWait: topTimeWait }
            : { free: usable - top.count, endpoint: top.endpoint }),
        },
        evidence: {
          topEndpoint: top.endpoint,
          portsHeld: top.count,
          sharePercent: percent(topShare),
          ...(growth !== undefined
            ? { portsHeldGrowthPerSecond: Math.round(((top.count - growth) / facts.counterWindow!.seconds) * 10) / 10 }
            : {}),
          usablePorts: usable,
          ip_local_port_range: `${range.low} ${range.high}`,
          reservedInside,
          ...(reuse !== undefined ? { tcp_tw_reuse: reuse } : {}),
          ...(timestamps !== undefined ? { tcp_timestamps: timestamps } : {}),
        },
      },
    ];

    if (timestamps === 0) {
      reports.push({
        messageId: 'reuseNeedsTimestamps',
        severity,
        key: REUSE,
        data: { reuse: reuse ?? '?' },
        evidence: { tcp_tw_reuse: reuse ?? '?', tcp_timestamps: 0 },
      });
    } else if (!reuseEffective && reuse !== 1) {
      const change: ProposedChange = {
        key: REUSE,
        to: '1',
        why: `${top.endpoint} holds ${top.count} of ${usable} usable ephemeral ports (${percent(topShare)}%); with tcp_tw_reuse = 1 and timestamps on, connect() reuses TIME-WAIT ports about 1 s old, lifting ~${rate}/s towards ~${usable}/s per destination. Outgoing connections only (docs/kernel/time-wait.md#tcp_tw_reuse; docs/kernel/ports.md#capacity).`,
        priority: 'evidence',
      };
      reports.push({
        messageId: 'twReuse',
        severity,
        key: REUSE,
        data: {
          reuse: reuse ?? '?',
          reuseMeaning: reuseMeaning(reuse),
          reuseDefault: defaultOf(REUSE) ?? '?',
          endpoint: top.endpoint,
          rate,
          usable,
          timestamps: timestamps ?? '?',
        },
        evidence: { tcp_tw_reuse: reuse ?? '?', tcp_timestamps: timestamps ?? '?' },
        change,
      });
    }

    const unprivileged = number(UNPRIVILEGED) ?? 1024;
    const wider = widerRange(range, unprivileged);
    if (wider) {
      const newReserved = reservedPortsInside(range.reserved, wider.low, wider.high);
      const wide = portCapacity(wider.low, wider.high, newReserved);
      const proposed = `${wider.low} ${wider.high}`;
      const clashing = listenerPortsAdded(facts, range, wider);
      reports.push({
        messageId: clashing.length ? 'widenRangeOverListeners' : 'widenRange',
        severity,
        key: RANGE,
        data: {
          range: `${range.low} ${range.high}`,
          usable,
          proposed,
          newUsable: wide.usablePorts,
          newRate: wide.ratePerDestination,
          unprivileged,
          ...(clashing.length ? { ports: clashing.join(', ') } : {}),
        },
        evidence: { ip_local_port_range: `${range.low} ${range.high}`, usablePorts: usable, proposedUsablePorts: wide.usablePorts },
        change: {
          key: RANGE,
          to: proposed,
          why: `${top.endpoint} holds ${top.count} of ${usable} usable ephemeral ports (${percent(topShare)}%); ${proposed} gives ${wide.usablePorts} ports per destination (~${wide.ratePerDestination}/s at 60 s TIME-WAIT) (docs/kernel/ports.md#capacity).`,
          priority: 'evidence',
        },
      });
    }
    return reports;
  },
};

/** The range in force, parsed; the kernel default when it is unknown or unreadable (docs/kernel/ports.md#ip_local_port_range). */
function portRangeInForce(rangeText: string | undefined, defaultText: string | undefined, reservedText: string | undefined): PortRange {
  const spec = findParam(RANGE)!;
  const fromDefault = parseRange(spec, defaultText);
  const fallback = { low: fromDefault?.low ?? KERNEL_RANGE.low, high: fromDefault?.high ?? KERNEL_RANGE.high };
  const parsed = parseRange(spec, rangeText);
  // A single value keeps the current high end; the default stands in for it.
  const low = parsed?.low ?? fallback.low;
  const high = parsed?.high ?? fallback.high;
  const reservedParsed = reservedText === undefined ? undefined : parseParamValue(findParam(RESERVED)!, reservedText);
  const reserved = reservedParsed?.ok && reservedParsed.shape === 'port-list' ? reservedParsed.ranges : [];
  return { low, high: Math.max(low, high), reserved };
}

function parseRange(spec: ParamSpec, value: string | undefined): { low: number; high: number | undefined } | undefined {
  if (value === undefined) return undefined;
  // The value was accepted by the kernel already; do not re-check it against ip_unprivileged_port_start.
  const parsed = parseParamValue(spec, value, { unprivilegedPortStart: 0 });
  return parsed.ok && parsed.shape === 'port-range' ? { low: parsed.low, high: parsed.high } : undefined;
}

/**
 * The current range widened to at least WIDE_LOW..WIDE_HIGH, never narrowed, with the low end at or
 * above ip_unprivileged_port_start and, where that allows, of the other parity than the high end.
 */
function widerRange(range: PortRange, unprivileged: number): { low: number; high: number } | undefined {
  let low = Math.min(range.low, Math.max(WIDE_LOW, unprivileged));
  const high = Math.max(range.high, WIDE_HIGH);
  if (low % 2 === high % 2 && low - 1 >= Math.max(1, unprivileged)) low -= 1;
  return low < range.low || high > range.high ? { low, high } : undefined;
}

/** Listening ports outside the current range but inside the wider one, not already reserved. */
function listenerPortsAdded(facts: Facts, range: PortRange, wider: { low: number; high: number }): number[] {
  const ports = new Set<number>();
  for (const listener of facts.sockets?.listeners ?? []) {
    const port = listener.at.port;
    if (!Number.isInteger(port) || port < wider.low || port > wider.high) continue;
    if (port >= range.low && port <= range.high) continue;
    if (range.reserved.some(([from, to]) => port >= from && port <= to)) continue;
    ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * How fast it fills: with a window, the growth of the ports held towards the destination and the
 * time left at that pace; without one, the pace its TIME-WAIT count implies (each lasts 60 s).
 */
function describePace(
  held: number,
  timeWait: number,
  usable: number,
  ceiling: number,
  reuseEffective: boolean,
  window: { before: number; seconds: number } | undefined,
): string {
  if (window) {
    const perSecond = (held - window.before) / window.seconds;
    if (perSecond <= 0) return `Over the last ${window.seconds} s the ports held towards it did not grow (${window.before} → ${held}). `;
    const left = Math.max(0, usable - held);
    return `Over the last ${window.seconds} s they grew by ${Math.round(perSecond * 10) / 10}/s (${window.before} → ${held}): at that pace every port is held in ~${Math.ceil(left / perSecond)} s${reuseEffective ? ', though tcp_tw_reuse can then take over TIME-WAIT ports' : ''}. `;
  }
  if (timeWait === 0) return '';
  const perSecond = Math.round((timeWait / 60) * 10) / 10;
  return `Its ${timeWait} TIME-WAIT sockets mean ~${perSecond} new connections/s over the last minute, against the ~${ceiling}/s ceiling; advise --interval 5 measures the growth. `;
}

function describeEndpoints(endpoints: readonly EndpointCount[], usable: number, timeWait: readonly EndpointCount[]): string {
  return endpoints
    .map((e) => {
      const tw = timeWait.find((t) => t.endpoint === e.endpoint)?.count;
      return `${e.endpoint} holds ${e.count} (${percent(e.count / usable)}%${tw !== undefined ? `, ${tw} in TIME-WAIT` : ''})`;
    })
    .join(', and ');
}

function reuseMeaning(reuse: number | undefined): string {
  if (reuse === 0) return 'never';
  if (reuse === 2) return 'loopback only';
  return reuse === undefined ? 'unknown' : 'enabled';
}

function percent(share: number): number {
  return Math.floor(share * 100);
}
