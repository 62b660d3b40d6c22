/**
 * tcp_syn_retries / tcp_synack_retries in seconds, on the target kernel: the retry count is not
 * what people think it is (6.5+ adds tcp_syn_linear_timeouts retransmissions 1 s apart), and the
 * time to failure is what matters (docs/kernel/retransmission-timing.md#tcp_syn_retries).
 */
import { firstNumber } from '../engine/key-values.js';
import type { Facts } from '../facts/types.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { atLeast } from '../kernel/version.js';
import { findParam } from '../params/lookup.js';
import { humanSeconds, synackTimeline, synTimeline } from '../params/timing.js';
import { parseParamValue } from '../params/values.js';

const SYN = 'net.ipv4.tcp_syn_retries';
const SYNACK = 'net.ipv4.tcp_synack_retries';
const LINEAR = 'net.ipv4.tcp_syn_linear_timeouts';
/** tcp_syn_retries at or above this blocks connect() for more than 4 minutes (8 → 367 s). */
const MANY_SYN_RETRIES = 8;
/** The default tcp_syn_linear_timeouts since 6.5, for the "other kernels" comparison. */
const DEFAULT_LINEAR = 4;

/** The SYN timeline on 6.5+, where tcp_syn_linear_timeouts spaces the first retransmissions 1 s apart, compared with before 6.5. */
const SYN_TIMELINE_LINEAR =
  'connect() to a host that never answers fails after {givesUp} on {kernel}, with SYN retransmissions at {at} s (tcp_syn_linear_timeouts = {linear}: the first {linear} retransmissions come 1 s apart, and they add to the retry budget), instead of {defaultGivesUp} with the default {default}. Before 6.5 the same value retransmits at {otherAt} s and fails after {otherGivesUp} (docs/kernel/retransmission-timing.md#tcp_syn_retries).';
/** The SYN timeline before 6.5 (exponential from the first retransmission), compared with 6.5+. */
const SYN_TIMELINE_EXPONENTIAL =
  'connect() to a host that never answers fails after {givesUp} on {kernel}, with SYN retransmissions at {at} s, instead of {defaultGivesUp} with the default {default}. From 6.5 on (tcp_syn_linear_timeouts = 4) the same value retransmits at {otherAt} s and fails after {otherGivesUp} (docs/kernel/retransmission-timing.md#tcp_syn_retries).';
const SYNACK_AFTER =
  'is dropped after {givesUp} s, instead of {defaultGivesUp} s with the default {default} (tcp_syn_linear_timeouts does not apply here; when young requests are few in a SYN queue over half full, the kernel already lowers the count, down to 2, to drop old ones sooner) (docs/kernel/retransmission-timing.md#tcp_synack_retries).';
const SYNACK_TIMELINE = `A half-open connection to this host's listeners gets SYN-ACK retransmissions at {at} s and ${SYNACK_AFTER}`;
const SYNACK_NO_RETRANSMISSION = `A half-open connection to this host's listeners gets no SYN-ACK retransmission and ${SYNACK_AFTER}`;

const SYN_HEADLINES = {
  synTimeline: 'tcp_syn_retries = {value}: connect() to a silent host fails after {givesUp} on {kernel}',
  synTooFew: 'tcp_syn_retries = {value} gives up after {givesUp}: too little for a lossy path; keep at least 2',
  synTooMany: 'tcp_syn_retries = {value}: connect() to a dead address blocks for {givesUp}; prefer a per-socket limit',
} as const;
const SYN_ADVICE = {
  synTimeline: '',
  synTooFew:
    ' That is too little for a lossy path or a brief outage: losing the SYN and its retransmissions for {givesUp} fails the connection. Keep at least 2 (~7 s on any kernel).',
  synTooMany:
    ' A connect() to a dead address blocks for more than 4 minutes before ETIMEDOUT; prefer a per-socket TCP_SYNCNT or an application timeout for the rare callers that need it.',
} as const;
const SYNACK_HEADLINES = {
  synackTimeline: 'tcp_synack_retries = {value}: half-open connections are dropped after {givesUp} s',
  synackTooFew: 'tcp_synack_retries = {value} drops half-open connections after {givesUp} s: keep at least 2',
} as const;
const SYNACK_ADVICE = {
  synackTimeline: '',
  synackTooFew:
    " If the client's final ACK is lost and no other one arrives within those {givesUp} s, the request is dropped while the client believes it is connected, and its first data gets a reset. Keep at least 2 (7 s).",
} as const;

/**
 * Every message: the SYN ones in a linear (6.5+) and an exponential (older kernel) form, the
 * SYN-ACK ones with retransmissions and without (tcp_synack_retries = 0).
 */
function timelineMessages(): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [id, headline] of Object.entries(SYN_HEADLINES)) {
    const advice = SYN_ADVICE[id as keyof typeof SYN_ADVICE];
    messages[id] = `${headline}\n${SYN_TIMELINE_LINEAR}${advice}`;
    messages[`${id}Exponential`] = `${headline}\n${SYN_TIMELINE_EXPONENTIAL}${advice}`;
  }
  for (const [id, headline] of Object.entries(SYNACK_HEADLINES)) {
    const advice = SYNACK_ADVICE[id as keyof typeof SYNACK_ADVICE];
    messages[id] = `${headline}\n${SYNACK_TIMELINE}${advice}`;
    messages[`${id}NoRetransmission`] = `${headline}\n${SYNACK_NO_RETRANSMISSION}${advice}`;
  }
  return messages;
}

export const synRetriesTimeline: Rule = {
  meta: {
    id: 'syn-retries-timeline',
    severity: 'info',
    severities: { allowed: ['info', 'warning'], why: 'warning when connects give up faster than a lossy path needs' },
    description: 'tcp_syn_retries / tcp_synack_retries differ from the default: what that means in seconds on the target kernel.',
    keys: [SYN, SYNACK, LINEAR],
    needs: [['config'], ['live']],
    references: [
      'docs/kernel/retransmission-timing.md#tcp_syn_retries',
      'docs/kernel/retransmission-timing.md#tcp_synack_retries',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=ccce324dabfe (tcp: make the first N SYN RTO backoffs linear)',
      'docs/kernel/evidence/syn_retry_timing.jsonl',
      'docs/kernel/evidence/synack_timing.txt',
    ],
    messages: timelineMessages(),
  },
  check(context) {
    const { facts } = context;
    const reports: RuleReport[] = [];
    const syn = valueOf(facts, SYN);
    const synDefault = firstNumber(context.defaultOf(SYN));
    if (syn && synDefault !== undefined && syn.value !== synDefault) {
      const newKernel = atLeast(facts.kernel, '6.5');
      const linear = newKernel ? (context.number(LINEAR) ?? DEFAULT_LINEAR) : 0;
      const timeline = synTimeline(syn.value, linear);
      const other = synTimeline(syn.value, newKernel ? 0 : DEFAULT_LINEAR);
      const messageId = syn.value <= 1 ? 'synTooFew' : syn.value >= MANY_SYN_RETRIES ? 'synTooMany' : 'synTimeline';
      reports.push({
        messageId: newKernel ? messageId : `${messageId}Exponential`,
        data: {
          value: syn.value,
          kernel: facts.kernel.text,
          givesUp: humanSeconds(timeline.givesUpAt),
          at: timeline.retransmissionsAt.join(', '),
          ...(newKernel ? { linear } : {}),
          defaultGivesUp: humanSeconds(synTimeline(synDefault, linear).givesUpAt),
          default: synDefault,
          otherAt: other.retransmissionsAt.join(', '),
          otherGivesUp: humanSeconds(other.givesUpAt),
        },
        key: SYN,
        evidence: {
          tcp_syn_retries: syn.value,
          tcp_syn_linear_timeouts: linear,
          failsAfterSeconds: timeline.givesUpAt,
          retransmissions: timeline.retransmissionsAt.length,
        },
        ...(syn.location ? { location: syn.location } : {}),
        ...(messageId === 'synTimeline' ? {} : { severity: 'warning' }),
      });
    }
    const synack = valueOf(facts, SYNACK);
    const synackDefault = firstNumber(context.defaultOf(SYNACK));
    if (synack && synackDefault !== undefined && synack.value !== synackDefault) {
      const timeline = synackTimeline(synack.value);
      const tooFew = synack.value <= 1;
      reports.push({
        messageId: `${tooFew ? 'synackTooFew' : 'synackTimeline'}${timeline.retransmissionsAt.length ? '' : 'NoRetransmission'}`,
        data: {
          value: synack.value,
          ...(timeline.retransmissionsAt.length ? { at: timeline.retransmissionsAt.join(', ') } : {}),
          givesUp: timeline.givesUpAt,
          defaultGivesUp: synackTimeline(synackDefault).givesUpAt,
          default: synackDefault,
        },
        key: SYNACK,
        evidence: { tcp_synack_retries: synack.value, droppedAfterSeconds: timeline.givesUpAt },
        ...(synack.location ? { location: synack.location } : {}),
        ...(tooFew ? { severity: 'warning' } : {}),
      });
    }
    return reports;
  },
};

/** The configured value (the line that wins; a value the kernel rejects is invalid-value's), else the live one. */
function valueOf(
  facts: Facts,
  key: string,
): { value: number; where: string; location?: { file: string; line: number; column: number } } | undefined {
  const state = facts.keys.get(key);
  const configured = state?.configured;
  const parsed = configured ? parseParamValue(findParam(key)!, configured.value, facts.host) : undefined;
  if (parsed && !parsed.ok) return undefined;
  const value = parsed?.ok && parsed.shape === 'integer' ? parsed.value : firstNumber(state?.live);
  if (value === undefined || !Number.isInteger(value) || value < 0) return undefined;
  if (!configured) return { value, where: 'live, no config line' };
  return {
    value,
    where: `${configured.file}:${configured.line}`,
    location: { file: configured.file, line: configured.line, column: configured.keyColumn },
  };
}
