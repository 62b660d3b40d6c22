/**
 * tcp_abort_on_overflow ≠ 0 acts only when the accept queue is full at the moment a handshake's
 * final ACK arrives; with the queue already full, SYNs are dropped first (ListenOverflows), so it
 * does not make clients fail fast, and it turns a transient overflow, which clients survive by
 * retransmitting, into resets (docs/kernel/accept-queue.md#tcp_abort_on_overflow).
 */
import { configuredValue, firstNumber } from '../engine/key-values.js';
import { fillMessage } from '../engine/messages.js';
import type { Rule } from '../engine/types.js';

const KEY = 'net.ipv4.tcp_abort_on_overflow';

/** What the option does, said the same way whether a line or the running kernel has it on. */
const WHAT_IT_DOES =
  "It answers with a reset when a handshake's final ACK arrives while the accept queue is full. It does not make clients fail fast: once the queue is full, new SYNs are dropped before it can act (ListenOverflows/ListenDrops; measured: +21 for 3 extra clients and no reset, with 0 and with 1), and it turns a brief overflow, which clients survive by retransmitting their ACK, into connection resets (docs/kernel/accept-queue.md#tcp_abort_on_overflow).";

export const abortOnOverflow: Rule = {
  meta: {
    id: 'abort-on-overflow',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'RSTs clients on a momentary accept-queue overflow: worse behaviour' },
    description:
      'tcp_abort_on_overflow is on: it resets handshakes on a transient accept-queue overflow and does not make clients fail fast.',
    keys: [KEY],
    needs: [['config'], ['live']],
    references: [
      'docs/kernel/accept-queue.md#tcp_abort_on_overflow',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_minisocks.c?h=v6.12.118 (tcp_check_req)',
      'docs/kernel/evidence/acceptq_test.txt',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
    messages: {
      on: `tcp_abort_on_overflow = {value} resets clients on a brief accept-queue overflow: set it back to 0\n${WHAT_IT_DOES} Give slow accepters a bigger backlog (net.core.somaxconn and the application's listen()) or a faster accept loop.`,
      onLive: `tcp_abort_on_overflow is {value} at runtime and resets clients on a brief overflow: turn it off\n${WHAT_IT_DOES} No config line sets it: turn it off with "sysctl -w net.ipv4.tcp_abort_on_overflow=0" and find what turned it on.`,
    },
    reasons: {
      off: 'tcp_abort_on_overflow turns a transient accept-queue overflow into resets and does not make clients fail fast (docs/kernel/accept-queue.md#tcp_abort_on_overflow).',
    },
  },
  check({ facts }) {
    const state = facts.keys.get(KEY);
    const configured = state?.configured;
    const value = configured ? firstNumber(configuredValue(KEY, configured.value)) : firstNumber(state?.live);
    if (value === undefined || !Number.isInteger(value) || value === 0) return [];
    const overflows = facts.counters?.get('ListenOverflows');
    return [
      {
        messageId: configured ? 'on' : 'onLive',
        data: { value },
        key: KEY,
        evidence: { tcp_abort_on_overflow: value, ...(overflows !== undefined ? { ListenOverflows: overflows } : {}) },
        ...(configured
          ? {
              location: { file: configured.file, line: configured.line, column: configured.keyColumn },
              change: {
                key: KEY,
                to: '0',
                why: fillMessage(abortOnOverflow.meta.reasons!.off!),
                priority: 'evidence' as const,
              },
            }
          : {}),
      },
    ];
  },
};
