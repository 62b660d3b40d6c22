/**
 * tcp_max_tw_buckets below the kernel default, in a config file or only in the running kernel: at
 * the cap closing sockets skip TIME-WAIT unprotected, and lowering it "to get rid of TIME-WAIT"
 * trades that protection for nothing (docs/kernel/time-wait.md#tcp_max_tw_buckets). Proposes removing the line (the running
 * kernel gets the default back now); a live-only value is put back to the default without a line,
 * since a pinned number would outlive the memory it was computed for. When TIME-WAIT already overflows,
 * tw-buckets-overflow sizes the new cap from the observed peak (never below the default), so
 * this rule leaves the change to it rather than proposing a removal that could be too small.
 */
import { LARGEST_TW_BUCKETS_DEFAULT } from '../safety/harmful.js';
import type { Facts } from '../facts/types.js';
import { firstNumber } from '../engine/key-values.js';
import { SENTENCES } from '../safety/sentences.js';
import type { Rule, RuleContext, RuleReport } from '../engine/types.js';
import { defaultFor } from '../params/defaults.js';
import { findParam } from '../params/lookup.js';
import { parseParamValue } from '../params/values.js';

const KEY = 'net.ipv4.tcp_max_tw_buckets';
const OVERFLOW_RULE = 'tw-buckets-overflow';
/** alloc_large_system_hash: one ehash bucket per 128 KiB of memory (docs/kernel/syn-queue-and-cookies.md#tcp_max_syn_backlog). */
const BYTES_PER_EHASH_BUCKET = 128 * 1024;
/** Why the plan removes the line (or restores the default): the harm said once, in src/safety/sentences.ts. */
const WHY = SENTENCES.twBucketsLowered;

const CONSEQUENCE =
  'At the cap, closing sockets skip TIME-WAIT entirely, with no protection against old duplicate segments on a reused 4-tuple; only TCPTimeWaitOverflow counts them (6.x logs nothing). TIME-WAIT is not a problem to remove: the kernel documentation says not to lower this cap artificially (docs/kernel/time-wait.md#tcp_max_tw_buckets).';

export const twBucketsLowered: Rule = {
  meta: {
    id: 'tw-buckets-lowered',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'TIME_WAIT sockets are destroyed early: worse behaviour' },
    description: 'tcp_max_tw_buckets is below the kernel default, in a config file or at runtime: TIME-WAIT protection traded for nothing.',
    keys: [KEY],
    needs: [['config'], ['live']],
    references: [
      'docs/kernel/time-wait.md#tcp_max_tw_buckets',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/inet_timewait_sock.c?h=v6.12.118 (inet_twsk_alloc)',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
    messages: {
      lowered: `tcp_max_tw_buckets = {value} is below the default {default}: remove the line\ntcp_max_tw_buckets = {value} is below the kernel default {default} on {kernel} for this host ({describe}). ${CONSEQUENCE} Remove the line to get the default back.`,
      loweredUnknownMemory: `tcp_max_tw_buckets = {value} is below the default of hosts with more than {memory}: remove the line\ntcp_max_tw_buckets = {value} is below the kernel default (ehash_entries / 2, up to 262144) on any host with more than {memory} of RAM; this host's memory is unknown. ${CONSEQUENCE} Remove the line to get the default back.`,
      loweredUnknownMemoryLive: `tcp_max_tw_buckets is {value}, below the default of hosts with more than {memory}: set it to 262144\ntcp_max_tw_buckets = {value} is below the kernel default (ehash_entries / 2, up to 262144) on any host with more than {memory} of RAM; this host's memory is unknown, so the default it would get back cannot be computed. ${CONSEQUENCE} Set it to ${LARGEST_TW_BUCKETS_DEFAULT}, the largest default any host has.`,
      loweredLive: `tcp_max_tw_buckets is {value} at runtime, below the default {default}: put the default back\ntcp_max_tw_buckets is {value} in the running kernel although no config file sets it: below the kernel default {default} on {kernel} for this host ({describe}). ${CONSEQUENCE} Put the default back now (no line needed: the default returns at boot) and find what lowered it at runtime.`,
      loweredAndOverflowing: `tcp_max_tw_buckets = {value} is below the default {default} and TIME-WAIT reaches it: raise it\ntcp_max_tw_buckets = {value} is below the kernel default {default} on {kernel} for this host ({describe}), and TIME-WAIT already reaches the cap here. ${CONSEQUENCE} tw-buckets-overflow proposes the new cap from the observed peak, never below the default.`,
    },
  },
  check(context) {
    const { facts } = context;
    const state = facts.keys.get(KEY);
    const configured = state?.configured;
    const text = configured?.value ?? (facts.assignments.some((a) => a.key === KEY) ? undefined : state?.live);
    if (text === undefined) return [];
    const parsed = parseParamValue(findParam(KEY)!, text, facts.host);
    if (!parsed.ok || parsed.shape !== 'integer') return [];
    const value = parsed.value;
    const resolved = defaultFor(findParam(KEY)!, facts.kernel, facts.host);
    const defaultValue = firstNumber(resolved.value);
    const where = configured ? `${configured.file}:${configured.line}` : 'live';
    const base = { value, where, kernel: facts.kernel.text, describe: resolved.describe };
    const report = (messageId: string, data: Record<string, string | number>, to: string | null | undefined): RuleReport => ({
      messageId,
      data,
      key: KEY,
      ...(configured ? { location: { file: configured.file, line: configured.line, column: configured.keyColumn } } : {}),
      evidence: { tcp_max_tw_buckets: value, ...(defaultValue !== undefined ? { default: defaultValue } : {}) },
      ...(to !== undefined ? { change: { key: KEY, to, why: WHY, priority: 'safety' as const } } : {}),
    });
    if (defaultValue === undefined) {
      const memory = memoryAbove(value);
      if (memory === undefined) return [];
      // With the running kernel read, removing the line must come with a value for it now; unknown
      // memory hides the default, so the plan carries the largest one (raising the cap costs nothing until used).
      return state?.live === undefined
        ? [report('loweredUnknownMemory', { ...base, memory }, null)]
        : [report('loweredUnknownMemoryLive', { ...base, memory }, String(LARGEST_TW_BUCKETS_DEFAULT))];
    }
    if (value >= defaultValue) return [];
    if (overflowRuleFires(context))
      return configured ? [report('loweredAndOverflowing', { ...base, default: defaultValue }, undefined)] : [];
    return [report(configured ? 'lowered' : 'loweredLive', { ...base, default: defaultValue }, null)];
  },
};

/**
 * The memory above which the default (ehash/2) exceeds `value`, as text; undefined when no host's
 * default does. ehash = next_pow2(memory / 128 KiB), capped (docs/kernel/time-wait.md#tcp_max_tw_buckets).
 */
function memoryAbove(value: number): string | undefined {
  if (value >= LARGEST_TW_BUCKETS_DEFAULT) return undefined;
  let ehash = 1;
  while (ehash <= 2 * value) ehash *= 2;
  // next_pow2(buckets) >= ehash as soon as buckets > ehash / 2.
  const bytes = (ehash / 2) * BYTES_PER_EHASH_BUCKET;
  return bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GiB` : `${bytes / 2 ** 20} MiB`;
}

/** Mirrors tw-buckets-overflow's trigger: live values plus counters or sockets, and an overflow or a full cap. */
function overflowRuleFires({ facts, profile, number }: RuleContext): boolean {
  if (profile.rules[OVERFLOW_RULE] === 'off' || !facts.liveRead || (facts.counters === undefined && facts.sockets === undefined))
    return false;
  const cap = number(KEY);
  if (cap === undefined) return false;
  const overflows = facts.counters?.get('TCPTimeWaitOverflow') ?? 0;
  const timewait = timewaitCount(facts);
  return overflows > 0 || (timewait !== undefined && timewait >= cap);
}

function timewaitCount(facts: Facts): number | undefined {
  return facts.sockstat?.tw ?? facts.sockets?.byState.TIME_WAIT;
}
