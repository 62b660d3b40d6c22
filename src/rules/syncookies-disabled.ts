/**
 * tcp_syncookies = 0: a full SYN queue drops SYNs (TCPReqQFullDrop), so a SYN flood, or any
 * burst beyond the listen backlog, shuts out real clients (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies). Values 3..255 act
 * like 1 (the code tests only "!= 0" and "== 2"); 2 cookies every SYN (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies, docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).
 */
import { configuredValue, firstNumber } from '../engine/key-values.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { SENTENCES } from '../safety/sentences.js';

const KEY = 'net.ipv4.tcp_syncookies';
const TIMESTAMPS = 'net.ipv4.tcp_timestamps';
/** Profiles (anywhere in the extends chain) whose listeners face the public. */
const PUBLIC_FACING = ['web-server', 'reverse-proxy', 'edge'];

const DISABLED =
  'When a listener\'s SYN queue is full, new SYNs are dropped (TCPReqQFullDrop; "Possible SYN flooding on port ... Dropping request."), so a SYN flood, or any burst beyond the listen backlog, shuts out real clients. With 1 the kernel answers those SYNs with a cookie and keeps no state (measured: listen(4), 20 SYNs → 15 dropped with 0, 15 cookied with 1; docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).';
/** Why the finding has its severity, by who the host serves. */
const SEVERITY_BECAUSE = {
  Public: 'Severity: profile {profile} is public-facing ({role} in its chain).',
  Nat: 'Severity: clients reach this host through NAT (context clientsBehindNat), so it serves remote clients.',
  Private: 'Severity: no public-facing profile and no clients behind NAT, hence a warning.',
} as const;
const FIX_LIVE =
  'No config line sets it, so something turned it off at runtime: the plan turns it on now and writes 1 to the drop-in; find what turned it off.';
const EVERY_SYN =
  'Every SYN gets a cookie and no request socket is kept, even without a flood, and the "Possible SYN flooding" warning is never logged (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies). Cookies carry window scaling, SACK and ECN only in the timestamp option.';

/** disabledPublic, disabledNat, disabledPrivate and their Live variants (no line sets it; the running kernel has 0). */
function disabledMessages(): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [who, because] of Object.entries(SEVERITY_BECAUSE)) {
    messages[`disabled${who}`] = `tcp_syncookies = 0: a SYN flood shuts out real clients; set it to 1\n${DISABLED} ${because}`;
    messages[`disabledLive${who}`] =
      `tcp_syncookies is 0 at runtime: a SYN flood shuts out real clients; turn it on\n${DISABLED} ${because} ${FIX_LIVE}`;
  }
  return messages;
}

export const syncookiesDisabled: Rule = {
  meta: {
    id: 'syncookies-disabled',
    severity: 'error',
    severities: { allowed: ['info', 'warning', 'error'], why: 'error: a SYN flood then drops every new connection (harm)' },
    description: 'tcp_syncookies = 0: a full SYN queue drops SYNs, so a SYN flood shuts out real clients.',
    keys: [KEY, TIMESTAMPS],
    needs: [['config'], ['live']],
    references: [
      'docs/kernel/syn-queue-and-cookies.md#tcp_syncookies',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/ipv4/tcp_input.c?h=v6.12.118 (tcp_conn_request, tcp_syn_flood_action)',
      'docs/kernel/evidence/syncookie_test.txt',
      'https://www.kernel.org/doc/html/v6.12/networking/ip-sysctl.html',
    ],
    messages: {
      ...disabledMessages(),
      actsLikeOne:
        'tcp_syncookies = {value} acts like 1: write 1 to say what it does\ntcp_syncookies = {value} acts like 1: the kernel only tests "!= 0" and "== 2" (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies). Write 1 to say what it does.',
      everySyn: `tcp_syncookies = 2 cookies every SYN, even without a flood: use 1 unless you measured a reason\n${EVERY_SYN} Use 1 unless you measured a reason for 2.`,
      everySynNoTimestamps: `tcp_syncookies = 2 with tcp_timestamps = 0: every connection loses window scaling, SACK and ECN; use 1\n${EVERY_SYN} With tcp_timestamps = 0 here every connection loses them. Use 1 unless you measured a reason for 2.`,
    },
  },
  check({ facts, profile, context }) {
    const state = facts.keys.get(KEY);
    const configured = state?.configured;
    const value = configured ? firstNumber(configuredValue(KEY, configured.value)) : firstNumber(state?.live);
    if (value === undefined || !Number.isInteger(value) || value === 1 || value < 0 || value > 255) return [];
    const location = configured ? { location: { file: configured.file, line: configured.line, column: configured.keyColumn } } : {};
    if (value === 2) {
      const ts = facts.keys.get(TIMESTAMPS);
      const timestampsOff = (ts?.configured ? firstNumber(configuredValue(TIMESTAMPS, ts.configured.value)) : firstNumber(ts?.live)) === 0;
      return [
        {
          messageId: timestampsOff ? 'everySynNoTimestamps' : 'everySyn',
          key: KEY,
          severity: 'info',
          evidence: { tcp_syncookies: 2 },
          ...location,
        },
      ];
    }
    if (value !== 0)
      return [{ messageId: 'actsLikeOne', data: { value }, key: KEY, severity: 'info', evidence: { tcp_syncookies: value }, ...location }];
    const role = PUBLIC_FACING.find((name) => profile.chain.includes(name));
    const who: keyof typeof SEVERITY_BECAUSE = role ? 'Public' : context.clientsBehindNat ? 'Nat' : 'Private';
    const drops = facts.counters?.get('TCPReqQFullDrop');
    const report: RuleReport = {
      messageId: `disabled${configured ? '' : 'Live'}${who}`,
      data: role ? { profile: profile.name, role } : {},
      key: KEY,
      evidence: { tcp_syncookies: 0, ...(drops !== undefined ? { TCPReqQFullDrop: drops } : {}) },
      ...location,
      ...(role || context.clientsBehindNat ? {} : { severity: 'warning' as const }),
      // Also when only the running kernel has 0: a file edit alone would leave it off until a reboot.
      change: {
        key: KEY,
        to: '1',
        why: SENTENCES.syncookiesOff,
        priority: 'safety' as const,
      },
    };
    return [report];
  },
};
