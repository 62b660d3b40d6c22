/**
 * tcp_max_syn_backlog is consulted only when tcp_syncookies = 0; otherwise each listener's SYN
 * queue is bounded by its own backlog, min(listen() backlog, net.core.somaxconn) (docs/kernel/accept-queue.md#somaxconn,
 * docs/kernel/syn-queue-and-cookies.md#tcp_max_syn_backlog; listen(2)). And net.core.somaxconn below the kernel default caps every listener's
 * accept queue (5.4+ default 4096, commit 19f92a030ca6).
 */
import { configuredValue, firstNumber } from '../engine/key-values.js';
import type { Rule, RuleReport } from '../engine/types.js';

const BACKLOG = 'net.ipv4.tcp_max_syn_backlog';
const COOKIES = 'net.ipv4.tcp_syncookies';
const SOMAXCONN = 'net.core.somaxconn';

const SOMAXCONN_LOW =
  'net.core.somaxconn = {value} is below the kernel default {default} on {kernel}: every listen() backlog is capped at {value}, so an accept queue holds at most {queue} connections and a burst of connections overflows it (ListenOverflows); with SYN cookies on, the SYN queue is cookied above {value} too (docs/kernel/accept-queue.md#somaxconn).';

export const synBacklogIgnored: Rule = {
  meta: {
    id: 'syn-backlog-ignored',
    severity: 'info',
    severities: { allowed: ['info', 'warning'], why: 'warning when the value does nothing the comment claims (capped by somaxconn)' },
    description: 'tcp_max_syn_backlog is set while SYN cookies are on (it is ignored then), or net.core.somaxconn is below the default.',
    keys: [BACKLOG, COOKIES, SOMAXCONN],
    needs: [['config'], ['live']],
    references: [
      'docs/kernel/syn-queue-and-cookies.md#tcp_max_syn_backlog',
      'docs/kernel/accept-queue.md#somaxconn',
      'https://man7.org/linux/man-pages/man2/listen.2.html',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_input.c?h=v6.12.118 (tcp_conn_request)',
      'docs/kernel/evidence/syncookie_test.txt',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=19f92a030ca6 (net: increase SOMAXCONN to 4096)',
    ],
    messages: {
      ignored:
        "tcp_max_syn_backlog is ignored while SYN cookies are on: this line can go\ntcp_max_syn_backlog = {value} is ignored while tcp_syncookies = {cookies}: the kernel consults it only when syncookies are off. Each listener's SYN queue is bounded by its own backlog, min(listen() backlog, net.core.somaxconn = {somaxconn}), and SYNs beyond it get cookies (measured: listen(4) with tcp_max_syn_backlog = 2048 kept only 5 SYN-RECV entries; docs/kernel/syn-queue-and-cookies.md#tcp_max_syn_backlog; listen(2)). To hold more half-open connections, raise net.core.somaxconn and the backlog the application passes to listen(); this line can go.",
      somaxconnLow: `net.core.somaxconn = {value} is below the default {default}: remove the line, then restart the listeners\n${SOMAXCONN_LOW} Remove the line (default {default}); listeners pick up a new cap only when they call listen() again (restart them).`,
      somaxconnLowLive: `net.core.somaxconn is {value} at runtime, below the default {default}: raise it and restart the listeners\n${SOMAXCONN_LOW} No config line sets it: raise it with "sysctl -w net.core.somaxconn={default}", find what lowered it, and restart the listeners (the cap is read at listen() time).`,
    },
  },
  check({ facts, defaultOf, number }) {
    const reports: RuleReport[] = [];
    const backlog = facts.keys.get(BACKLOG)?.configured;
    // The value after boot: the configured line wins over a live value that drifted.
    const cookiesLine = facts.keys.get(COOKIES)?.configured;
    const cookies = (cookiesLine ? firstNumber(configuredValue(COOKIES, cookiesLine.value)) : number(COOKIES)) ?? 1;
    const backlogValue = backlog ? firstNumber(configuredValue(BACKLOG, backlog.value)) : undefined;
    if (backlog && backlogValue !== undefined && cookies !== 0 && String(backlogValue) !== defaultOf(BACKLOG)) {
      reports.push({
        messageId: 'ignored',
        data: { value: backlogValue, cookies, somaxconn: number(SOMAXCONN) ?? 'unknown' },
        key: BACKLOG,
        location: { file: backlog.file, line: backlog.line, column: backlog.keyColumn },
        evidence: { tcp_max_syn_backlog: backlogValue, tcp_syncookies: cookies },
      });
    }
    const state = facts.keys.get(SOMAXCONN);
    const configured = state?.configured;
    const somaxconn = configured ? firstNumber(configuredValue(SOMAXCONN, configured.value)) : firstNumber(state?.live);
    const defaultSomaxconn = firstNumber(defaultOf(SOMAXCONN));
    if (somaxconn !== undefined && defaultSomaxconn !== undefined && somaxconn >= 0 && somaxconn < defaultSomaxconn) {
      const overflows = facts.counters?.get('ListenOverflows');
      reports.push({
        messageId: configured ? 'somaxconnLow' : 'somaxconnLowLive',
        data: { value: somaxconn, default: defaultSomaxconn, kernel: facts.kernel.text, queue: somaxconn + 1 },
        key: SOMAXCONN,
        severity: 'warning',
        evidence: { somaxconn, default: defaultSomaxconn, ...(overflows !== undefined ? { ListenOverflows: overflows } : {}) },
        ...(configured ? { location: { file: configured.file, line: configured.line, column: configured.keyColumn } } : {}),
      });
    }
    return reports;
  },
};
