/**
 * The severity contract (docs/review.md#severity), rule by rule: error = the line fails to apply, is
 * rejected, or does harm; warning = it changes behaviour for the worse, or does not do what its
 * comment claims; info = true but harmless. Each rule may emit only the severities of its row, for
 * the reason given. ruleTester checks every finding of every rule test against it,
 * test/rules/severity-contract.test.ts checks the registry and the rules' sources, and the corpus
 * test checks every finding review makes on real files.
 */
import type { Severity } from '../../src/engine/types.js';

export interface SeverityRow {
  readonly severities: readonly Severity[];
  readonly why: string;
}

export const SEVERITY_CONTRACT: Readonly<Record<string, SeverityRow>> = {
  'abort-on-overflow': { severities: ['warning'], why: 'RSTs clients on a momentary accept-queue overflow: worse behaviour' },
  'ansible-first-duplicate': {
    severities: ['warning'],
    why: 'a later task silently undoes an earlier one: not what the first task claims',
  },
  'ansible-reload-fails': { severities: ['error'], why: 'the sysctl task fails on a key the kernel does not have' },
  'close-wait-leak': { severities: ['warning'], why: 'an application leaks sockets: worse behaviour, nothing rejected' },
  'backend-keepalive-order': {
    severities: ['warning'],
    why: 'the backend closes idle connections the load balancer still reuses: intermittent 502s, worse behaviour',
  },
  'conntrack-established-below-keepalive': {
    severities: ['warning'],
    why: 'idle tracked connections lose their conntrack entry before keepalive refreshes it: worse behaviour',
  },
  'container-namespace': { severities: ['info'], why: 'a fact about where values come from in a container, harmless' },
  'container-sysctl-namespace': {
    severities: ['error'],
    why: 'the runtime refuses a sysctl that is not namespaced: the container does not start',
  },
  'container-sysctl-value': { severities: ['error'], why: 'the value is rejected when the container starts' },
  'continuation-line': { severities: ['warning'], why: 'a backslash does not continue a line: the next line is not what the author wrote' },
  'dockerfile-build-sysctl': {
    severities: ['warning'],
    why: 'a sysctl at build time does not reach the running container: not what it claims',
  },
  drift: { severities: ['info'], why: 'live value differs from config: a fact to look at, no harm by itself' },
  'fin-timeout-misconception': {
    severities: ['info', 'warning'],
    why: 'info when harmless; warning when the comment claims a TIME_WAIT effect it does not have',
  },
  'inline-comment': {
    severities: ['info', 'warning', 'error'],
    why: 'info: number stored, text ignored; warning: text stored or name rejected; error: value rejected',
  },
  'invalid-syntax': { severities: ['error'], why: 'the tools reject the line' },
  'invalid-value': { severities: ['error'], why: 'the kernel rejects the value (EINVAL)' },
  'keepalive-idle-timeout': {
    severities: ['info', 'warning'],
    why: 'warning when idle connections die at a middlebox before the first probe',
  },
  'key-expectation': {
    severities: ['warning', 'error'],
    why: 'per row: error when the write is rejected (an unknown congestion control), else a harmful direction',
  },
  'kubernetes-unsafe-sysctl': { severities: ['warning'], why: 'the kubelet refuses the pod unless allowed: it does not do what it claims' },
  'listen-overflow': { severities: ['info', 'warning'], why: 'warning when the accept queue overflows on this host' },
  'nat-gateway-conntrack': {
    severities: ['info', 'warning', 'error'],
    why: 'error when the conntrack table is nearly full (new flows dropped), warning when sized too small',
  },
  orphans: { severities: ['warning'], why: 'orphaned sockets are reset early: worse behaviour' },
  'orphans-lowered': { severities: ['warning'], why: 'orphaned sockets past the lowered cap are reset instead of closed: worse behaviour' },
  'pool-idle-order': {
    severities: ['warning'],
    why: 'a client pool keeps idle connections longer than the server does: ECONNRESET on reuse, worse behaviour',
  },
  'port-exhaustion': { severities: ['warning', 'error'], why: 'error when connects already fail (EADDRNOTAVAIL), warning when close' },
  'port-range-services': {
    severities: ['warning'],
    why: 'an outgoing connection can hold a service port and make its bind() fail: worse behaviour',
  },
  'server-time-wait': { severities: ['info'], why: 'TIME_WAIT on a server is normal: informational' },
  'shadowed-assignment': { severities: ['info'], why: 'an earlier line a later one replaces: dead text, harmless' },
  'shell-unquoted-value': { severities: ['error'], why: 'the shell splits the value: sysctl -w fails or writes the wrong thing' },
  'socket-buffer-defaults': { severities: ['warning'], why: 'every socket starts with more buffer than intended: memory, worse behaviour' },
  'syn-backlog-ignored': {
    severities: ['info', 'warning'],
    why: 'warning when the value does nothing the comment claims (capped by somaxconn)',
  },
  'syn-flood': { severities: ['info', 'warning', 'error'], why: 'error when SYNs are being dropped now' },
  'syn-retries-timeline': { severities: ['info', 'warning'], why: 'warning when connects give up faster than a lossy path needs' },
  'syncookies-disabled': { severities: ['info', 'warning', 'error'], why: 'error: a SYN flood then drops every new connection (harm)' },
  'sysctl-files-deleted': { severities: ['warning'], why: "deletes other packages' sysctl files: worse behaviour" },
  'timestamps-off': { severities: ['warning'], why: 'loses PAWS, RTT measurement and tw_reuse: worse behaviour' },
  'tuned-modifier': { severities: ['error'], why: 'TuneD rejects or misapplies the modifier' },
  'tuned-overridden': { severities: ['warning'], why: 'a later profile replaces the value: not what it claims' },
  'tw-buckets-lowered': { severities: ['warning'], why: 'TIME_WAIT sockets are destroyed early: worse behaviour' },
  'tw-buckets-overflow': { severities: ['info', 'error'], why: 'error when TIME_WAIT overflows now (sockets destroyed)' },
  'tw-recycle': { severities: ['error'], why: 'the key is gone (sysctl -p fails) or drops SYNs behind NAT (harm)' },
  'tw-reuse-without-timestamps': { severities: ['warning'], why: 'tw_reuse needs timestamps: it does not do what it claims' },
  'unknown-key': {
    severities: ['info', 'warning', 'error'],
    why: 'error: the key does not exist, the line fails; warning: a likely typo the lab cannot vouch for; info: exists only with a module or on other kernels',
  },
  // Review's own ids (not in the rule registry).
  'profile-policy': {
    severities: ['info', 'warning', 'error'],
    why: 'a profile sets its own severity (rules:); a missing key already met is a note',
  },
  waiver: { severities: ['warning'], why: 'a waiver that silences nothing or has no reason: not what it claims' },
  'not-sysctl': {
    severities: ['info', 'warning'],
    why: 'info when named on its own (it belongs elsewhere); warning inside sysctl.d, where the tools apply it line by line',
  },
  'not-checked': { severities: ['info'], why: 'a value review cannot evaluate without running something' },
};

/** Why a finding breaks the contract, or undefined when it keeps it. */
export function severityBreach(rule: string, severity: Severity): string | undefined {
  const row = SEVERITY_CONTRACT[rule];
  if (!row) return `${rule} has no row in the severity contract (test/helpers/severity-contract.ts)`;
  return row.severities.includes(severity)
    ? undefined
    : `${rule} emitted ${severity}; its row allows ${row.severities.join(', ')} (${row.why})`;
}
