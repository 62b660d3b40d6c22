/**
 * nf_conntrack_tcp_timeout_established below tcp_keepalive_time: an idle tracked connection loses
 * its conntrack entry before the first keepalive probe could refresh it. With
 * nf_conntrack_tcp_loose = 0 conntrack does not pick it up again mid-stream, so its next segment is
 * INVALID (docs/kernel/conntrack.md#nf_conntrack_tcp_timeout_established,
 * docs/kernel/keepalive.md#middlebox-idle-timeouts).
 */
import type { Rule, RuleReport } from '../engine/types.js';

const ESTABLISHED = 'net.netfilter.nf_conntrack_tcp_timeout_established';
const KEEPALIVE = 'net.ipv4.tcp_keepalive_time';
const LOOSE = 'net.netfilter.nf_conntrack_tcp_loose';

export const conntrackKeepalive: Rule = {
  meta: {
    id: 'conntrack-keepalive',
    severity: 'warning',
    description: 'The conntrack established timeout is shorter than the keepalive time: idle tracked connections lose their entry first.',
    keys: [ESTABLISHED, 'net.ipv4.tcp_keepalive_time'],
    needs: [['config']],
    references: [
      'docs/kernel/conntrack.md#nf_conntrack_tcp_timeout_established',
      'docs/kernel/keepalive.md#middlebox-idle-timeouts',
      'https://www.kernel.org/doc/html/v6.18/networking/nf_conntrack-sysctl.html',
      'https://www.rfc-editor.org/rfc/rfc5382#section-5',
    ],
    messages: {
      shorter:
        'nf_conntrack_tcp_timeout_established = {established} s expires idle connections before keepalive ({keepalive} s): raise it above\n' +
        'An idle connection tracked by this host (forwarded, NATed or filtered with ct state) loses its conntrack entry after {established} s, before the first keepalive probe at tcp_keepalive_time = {keepalive} s ({keepaliveSource}) could refresh it; hosts elsewhere use 7200 s by default. {loose} RFC 5382 (REQ-5) asks NATs to keep established flows at least 7440 s; the kernel default is 432000 s (docs/kernel/conntrack.md#nf_conntrack_tcp_timeout_established).',
    },
  },
  *check({ facts, number }): Generator<RuleReport> {
    const line = facts.keys.get(ESTABLISHED)?.configured;
    if (!line) return;
    const established = Number(line.value.trim().split(/\s+/)[0]);
    const keepalive = number(KEEPALIVE);
    if (!Number.isFinite(established) || keepalive === undefined || established >= keepalive) return;
    const keepaliveLine = facts.keys.get(KEEPALIVE)?.configured;
    const looseLine = facts.keys.get(LOOSE)?.configured;
    const strict = looseLine !== undefined && Number(looseLine.value.trim().split(/\s+/)[0]) === 0;
    yield {
      messageId: 'shorter',
      data: {
        established,
        keepalive,
        keepaliveSource: keepaliveLine ? `line ${keepaliveLine.line}` : 'the kernel default',
        loose: strict
          ? `With nf_conntrack_tcp_loose = 0 (line ${looseLine.line}) conntrack does not pick the connection up again: its next segment is INVALID, dropped by the usual "ct state invalid drop" rule, and a NATed one leaves untranslated.`
          : 'With nf_conntrack_tcp_loose = 1 (the default) conntrack picks it up again mid-stream, but a NATed flow may get a new mapping the peer does not know.',
      },
      key: ESTABLISHED,
      location: { file: line.file, line: line.line, column: line.valueColumn },
      evidence: { established, keepalive, loose: strict ? 0 : 1 },
    };
  },
};
