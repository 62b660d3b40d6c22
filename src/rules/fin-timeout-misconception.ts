/**
 * tcp_fin_timeout bounds only orphaned FIN-WAIT-2 sockets; TIME-WAIT stays 60 s
 * (TCP_TIMEWAIT_LEN, a compile-time constant). Above 60 the lifetime is 2×(v−60), so 65 gives
 * ~10 s: shorter, not longer (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout).
 */
import { configuredValue, firstNumber } from '../engine/key-values.js';
import { fillMessage } from '../engine/messages.js';
import type { Rule } from '../engine/types.js';
import { orphanFinWait2Seconds, TIME_WAIT_SECONDS } from '../params/timing.js';

const KEY = 'net.ipv4.tcp_fin_timeout';
/** "TIME_WAIT", "TIME-WAIT", "time wait", "timewait" in the author's words. */
const MENTIONS_TIME_WAIT = /time[-_ ]?wait/i;

const LIFETIMES = {
  upTo60:
    'an orphaned FIN-WAIT-2 socket lives ~{lifetime} s (never less than 3.5×RTO) instead of {defaultLifetime} s with the default {default}',
  above60:
    'above 60 an orphaned FIN-WAIT-2 socket lives 2×({value}−60) = ~{lifetime} s ({comparison} the {defaultLifetime} s of the default {default}; measured: 65 → 10.4 s, 90 → 62.7 s, 120 → 122.1 s)',
} as const;

export const finTimeoutMisconception: Rule = {
  meta: {
    id: 'fin-timeout-misconception',
    severity: 'info',
    severities: {
      allowed: ['info', 'warning'],
      why: 'info when harmless; warning when the comment claims a TIME_WAIT effect it does not have',
    },
    description: 'tcp_fin_timeout differs from the default: it bounds only orphaned FIN-WAIT-2 sockets, never TIME-WAIT.',
    keys: [KEY],
    needs: [['config'], ['live']],
    references: [
      'docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout',
      'docs/kernel/time-wait.md#time-wait-length',
      'docs/kernel/evidence/fin_timeout_orphan_lifetime.jsonl',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
    ],
    messages: {
      timeWaitMisconception:
        'tcp_fin_timeout does not shorten TIME-WAIT: remove the line if that was the goal\ntcp_fin_timeout = {value} does not shorten TIME_WAIT, although {intent} suggests it should: TIME-WAIT always lasts {timeWait} s (TCP_TIMEWAIT_LEN, a compile-time constant). This key bounds only orphaned FIN-WAIT-2 sockets (the application already closed them): {lifetime} (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout). If TIME-WAIT was the goal, remove the line; for clients that run out of ports, tcp_tw_reuse (with timestamps on) is the knob (docs/kernel/time-wait.md#tcp_tw_reuse).',
      aboveSixty:
        'tcp_fin_timeout = {value} does not lengthen the FIN-WAIT-2 wait: use 60 or less\ntcp_fin_timeout = {value} does not lengthen the FIN-WAIT-2 wait: {lifetime}. The mapping is not monotonic (60 → 60 s, 65 → ~10 s, 90 → ~60 s; docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout). TIME-WAIT stays {timeWait} s whatever this is. Use a value of 60 or less for the lifetime you want.',
      onlyOrphans:
        'tcp_fin_timeout = {value} bounds only orphaned FIN-WAIT-2 sockets, not TIME-WAIT\ntcp_fin_timeout = {value} bounds only orphaned FIN-WAIT-2 sockets (the application already closed them): {lifetime}. TIME-WAIT stays {timeWait} s, and a socket that only called shutdown(SHUT_WR) has no timer at all (docs/kernel/fin-timeout-and-orphans.md#tcp_fin_timeout).',
    },
  },
  check({ facts, defaultOf }) {
    const state = facts.keys.get(KEY);
    const configured = state?.configured;
    const value = configured ? firstNumber(configuredValue(KEY, configured.value)) : firstNumber(state?.live);
    const defaultValue = firstNumber(defaultOf(KEY)) ?? TIME_WAIT_SECONDS;
    if (value === undefined || !Number.isInteger(value) || value === defaultValue) return [];
    const lifetimeSeconds = orphanFinWait2Seconds(value);
    const defaultLifetime = orphanFinWait2Seconds(defaultValue);
    const lifetimeData = { value, lifetime: lifetimeSeconds, default: defaultValue, defaultLifetime };
    const lifetime =
      value > TIME_WAIT_SECONDS
        ? fillMessage(LIFETIMES.above60, {
            ...lifetimeData,
            comparison:
              lifetimeSeconds < defaultLifetime ? 'shorter than' : lifetimeSeconds > defaultLifetime ? 'longer than' : 'the same as',
          })
        : fillMessage(LIFETIMES.upTo60, lifetimeData);
    const intent = configured ? statedIntent(configured.commentAbove, configured.value) : undefined;
    const where = configured ? `${configured.file}:${configured.line}` : 'live, no config line';
    const messageId = intent ? 'timeWaitMisconception' : value > TIME_WAIT_SECONDS ? 'aboveSixty' : 'onlyOrphans';
    return [
      {
        messageId,
        data: { value, where, lifetime, timeWait: TIME_WAIT_SECONDS, ...(intent ? { intent } : {}) },
        key: KEY,
        evidence: { tcp_fin_timeout: value, orphanFinWait2Seconds: lifetimeSeconds, timeWaitSeconds: TIME_WAIT_SECONDS },
        ...(configured ? { location: { file: configured.file, line: configured.line, column: configured.keyColumn } } : {}),
        ...(messageId === 'onlyOrphans' ? {} : { severity: 'warning' as const }),
      },
    ];
  },
};

/** The author's words that tie the line to TIME_WAIT: the comment above it, or an inline comment. */
function statedIntent(commentAbove: readonly string[], value: string): string | undefined {
  const comment = commentAbove.find((c) => MENTIONS_TIME_WAIT.test(c));
  if (comment) return `the comment above ("${comment.trim()}")`;
  const inline = /\s[#;](.*)$/.exec(value)?.[1];
  return inline && MENTIONS_TIME_WAIT.test(inline) ? `the inline comment ("${inline.trim()}")` : undefined;
}
