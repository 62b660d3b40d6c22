/**
 * What a generated drop-in contains: for each key the profile (or the context) wants, either a
 * line with its explanation, or the reason it is left out. Pure: no I/O, deterministic.
 */
import { keepaliveHops } from '../rules/idle-chain.js';
import { describeMiddlebox } from '../params/middleboxes.js';
import { harmOf } from '../safety/harmful.js';
import { fitKeepaliveToIdleTimeout } from '../safety/keepalive.js';
import { atLeast, formatKernel, type KernelVersion } from '../kernel/version.js';
import { CATALOGUE } from '../params/catalogue.js';
import { defaultFor, existsOn } from '../params/defaults.js';
import { findParam } from '../params/lookup.js';
import { valueMeaning } from '../params/meaning.js';
import type { Context } from '../profiles/context.js';
import type { Profile } from '../profiles/types.js';
import type { GeneratePlan, PlannedLine } from '../reports/generate.js';

interface Wanted {
  readonly value: string;
  readonly why: string;
  readonly source: string;
  readonly only?: 'raise' | 'lower';
  readonly pin?: boolean;
  readonly force?: string;
}

export function planGeneratedFile(profile: Profile, context: Context, kernel: KernelVersion): GeneratePlan {
  const wanted = new Map<string, Wanted>(profile.targets);
  applyIdleTimeout(wanted, context, kernel);
  const value = (key: string) => wanted.get(key)?.value;
  const lines: PlannedLine[] = [];
  for (const spec of CATALOGUE) {
    const target = wanted.get(spec.key);
    if (!target) continue;
    const base = { key: spec.key, value: target.value };
    if (!existsOn(spec, kernel)) {
      const when = atLeast(kernel, spec.added) ? `removed in ${spec.removed}` : `added in ${spec.added}`;
      lines.push({ ...base, status: 'omit', reason: `not present on ${formatKernel(kernel)} (${when})` });
      continue;
    }
    const harm = harmOf(spec.key, target.value, { kernel });
    if (harm && !target.force) {
      lines.push({ ...base, status: 'refuse', reason: harm });
      continue;
    }
    const kernelDefault = defaultFor(spec, kernel);
    const defaultNumber = kernelDefault.value === undefined ? undefined : Number(kernelDefault.value.split(/\s+/)[0]);
    const targetNumber = Number(target.value.split(/\s+/)[0]);
    if (!harm && !target.pin && kernelDefault.value !== undefined && normalise(kernelDefault.value) === normalise(target.value)) {
      lines.push({ ...base, status: 'omit', reason: `already the default on ${formatKernel(kernel)}` });
      continue;
    }
    if (!harm && target.only && defaultNumber !== undefined && spec.shape === 'integer') {
      const wrongWay = target.only === 'raise' ? targetNumber < defaultNumber : targetNumber > defaultNumber;
      if (wrongWay) {
        lines.push({
          ...base,
          status: 'omit',
          reason: `the ${formatKernel(kernel)} default ${kernelDefault.value} is already ${target.only === 'raise' ? 'higher' : 'lower'} (only: ${target.only})`,
        });
        continue;
      }
    }
    const comments = [
      `${spec.key}: ${spec.summary}`,
      `Why: ${target.why}`,
      ...valueMeaning(spec.key, target.value, kernel, value).map((m) => `Means: ${m}`),
      `Kernel ${formatKernel(kernel)} default: ${kernelDefault.describe}.`,
      ...caveatsFor(spec.key, target.value, context),
      `Source: ${target.source}`,
      ...(harm ? [`WARNING: forced by the profile ("${target.force}") although the advisor refuses it: ${harm}.`] : []),
    ];
    lines.push({ ...base, status: 'write', comments, forced: Boolean(harm) });
  }
  return { profile, context, kernel, lines, notes: fileNotes(context) };
}

function normalise(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}

/** --idle-timeout, --nat, --lb: keepalive must probe before the smallest hop that counts probes forgets an idle connection. */
function applyIdleTimeout(wanted: Map<string, Wanted>, context: Context, kernel: KernelVersion): void {
  const hop = keepaliveHops(context)[0];
  if (!hop) return;
  const current = (key: string) => Number(wanted.get(key)?.value ?? defaultFor(findParam(key)!, kernel).value);
  const fit = fitKeepaliveToIdleTimeout(
    hop.seconds,
    {
      time: current('net.ipv4.tcp_keepalive_time'),
      intvl: current('net.ipv4.tcp_keepalive_intvl'),
      probes: current('net.ipv4.tcp_keepalive_probes'),
    },
    ...(hop.box ? [hop.name] : []),
  );
  if (!fit) return;
  const flag = hop.box ? `--${hop.box.role} ${hop.box.id === 'custom' ? hop.box.seconds : hop.box.id}` : '--idle-timeout';
  const source = `docs/kernel/keepalive.md#middlebox-idle-timeouts; ${flag}`;
  wanted.set('net.ipv4.tcp_keepalive_time', {
    value: String(fit.time),
    why: `Fitted to ${hop.box ? flag : `--idle-timeout ${hop.seconds}`}: ${fit.explanation}.`,
    source,
  });
  if (fit.intvl !== undefined) {
    wanted.set('net.ipv4.tcp_keepalive_intvl', {
      value: String(fit.intvl),
      why: `A lost probe is retried after ${fit.intvl} s, still inside the ${hop.seconds} s idle timeout.`,
      source,
    });
  }
}

function caveatsFor(key: string, value: string, context: Context): string[] {
  const caveats: string[] = [];
  const n = Number(value.split(/\s+/)[0]);
  if (key === 'net.ipv4.tcp_tw_reuse' && n !== 0) {
    caveats.push(
      'Caveat: needs tcp_timestamps on (it never reuses a TIME-WAIT socket without a peer timestamp); affects only connections this host opens.',
    );
    if (context.clientsBehindNat)
      caveats.push('NAT: clients behind NAT are unaffected (unlike the removed tcp_tw_recycle, this never drops incoming SYNs).');
  }
  if (key === 'net.ipv4.tcp_timestamps' && n === 0) {
    caveats.push('Caveat: disables tcp_tw_reuse and PAWS; SYN cookies then lose window scaling, SACK and ECN.');
  }
  if (key.startsWith('net.ipv4.tcp_keepalive_')) {
    caveats.push('Caveat: applies only to sockets that set SO_KEEPALIVE; TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT on a socket win.');
  }
  if (key === 'net.ipv4.ip_local_port_range') {
    caveats.push(
      'Caveat: a service that binds a fixed port inside this range can fail with EADDRINUSE while an outbound connection holds it; reserve such ports in ip_local_reserved_ports.',
    );
    if (context.natGateway) caveats.push("NAT gateway: translated connections use conntrack's port choice, not this range.");
  }
  if (key === 'net.core.somaxconn')
    caveats.push('Caveat: read at listen() time; running servers keep their old backlog until they listen() again.');
  if (key === 'net.ipv4.tcp_fin_timeout') caveats.push('Caveat: does not shorten TIME-WAIT (fixed 60 s).');
  return caveats;
}

function fileNotes(context: Context): string[] {
  const notes: string[] = [];
  if (context.clientsBehindNat) {
    notes.push(
      'Clients reach this host through NAT: tcp_tw_recycle, which dropped their SYNs, is never written (docs/kernel/time-wait.md#tcp_tw_recycle).',
    );
  }
  if (context.natGateway) {
    notes.push(
      'NAT gateway: size net.netfilter.nf_conntrack_max for the peak number of tracked flows; closed flows stay in conntrack for ' +
        "nf_conntrack_tcp_timeout_time_wait (120 s by default), independent of TCP's 60 s TIME-WAIT (docs/kernel/conntrack.md#nf_conntrack_tcp_timeout_time_wait).",
    );
  }
  if (context.idleTimeout !== null) notes.push(`Idle timeout on the path: ${context.idleTimeout} s (keepalive is fitted to it).`);
  for (const box of [context.lb, context.nat])
    if (box) notes.push(`${box.role === 'lb' ? 'Load balancer' : 'NAT'}: ${describeMiddlebox(box)}.`);
  return notes;
}
