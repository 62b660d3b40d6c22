/**
 * tcp_syncookies = 0: a full SYN queue drops SYNs (TCPReqQFullDrop), so a SYN flood, or any
 * burst beyond the listen backlog, shuts out real clients (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies). Values 3..255 act
 * like 1 (the code tests only "!= 0" and "== 2"); 2 cookies every SYN (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies, docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).
 */
import { configuredValue, firstNumber } from '../engine/key-values.js';
import { fillMessage } from '../engine/messages.js';
import type { Rule, RuleReport } from '../engine/types.js';

const KEY = 'net.ipv4.tcp_syncookies';
const TIMESTAMPS = 'net.ipv4.tcp_timestamps';
/** Profiles (anywhere in the extends chain) whose listeners face the public. */
const PUBLIC_FACING = ['web-server', 'reverse-proxy', 'edge'];

const FRAGMENTS = {
  publicProfile: 'profile {profile} is public-facing ({role} in its chain)',
  natClients: 'clients reach this host through NAT (context clientsBehindNat), so it serves remote clients',
  privateHost: 'no public-facing profile and no clients behind NAT, hence a warning',
  dropped: ' This host already counted {drops} TCPReqQFullDrop.',
  fixConfigured: 'Set it to 1 (the default).',
  fixLive:
    'No config line sets it, so something turned it off at runtime: the plan turns it on now and writes 1 to the drop-in; find what turned it off.',
  timestampsOff: ', and with tcp_timestamps = 0 here every connection loses them',
} as const;

export const syncookiesDisabled: Rule = {
  meta: {
    id: 'syncookies-disabled',
    severity: 'error',
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
      disabled:
        'tcp_syncookies = 0 ({where}): when a listener\'s SYN queue is full, new SYNs are dropped (TCPReqQFullDrop; "Possible SYN flooding on port ... Dropping request."), so a SYN flood, or any burst beyond the listen backlog, shuts out real clients. With 1 the kernel answers those SYNs with a cookie and keeps no state (measured: listen(4), 20 SYNs → 15 dropped with 0, 15 cookied with 1; docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).{dropped} Severity: {reason}. {fix}',
      actsLikeOne:
        'tcp_syncookies = {value} ({where}) acts like 1: the kernel only tests "!= 0" and "== 2" (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies). Write 1 to say what it does.',
      everySyn:
        'tcp_syncookies = 2 ({where}) is a deliberate choice: every SYN gets a cookie and no request socket is kept, even without a flood, and the "Possible SYN flooding" warning is never logged (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies). Cookies carry window scaling, SACK and ECN only in the timestamp option{timestampsOff}. Use 1 unless you measured a reason for 2.',
    },
  },
  check({ facts, profile, context }) {
    const state = facts.keys.get(KEY);
    const configured = state?.configured;
    const value = configured ? firstNumber(configuredValue(KEY, configured.value)) : firstNumber(state?.live);
    if (value === undefined || !Number.isInteger(value) || value === 1 || value < 0 || value > 255) return [];
    const where = configured ? `${configured.file}:${configured.line}` : 'live, no config line';
    const location = configured ? { location: { file: configured.file, line: configured.line, column: configured.keyColumn } } : {};
    if (value === 2) {
      const ts = facts.keys.get(TIMESTAMPS);
      const timestampsOff = (ts?.configured ? firstNumber(configuredValue(TIMESTAMPS, ts.configured.value)) : firstNumber(ts?.live)) === 0;
      return [
        {
          messageId: 'everySyn',
          data: { where, timestampsOff: timestampsOff ? FRAGMENTS.timestampsOff : '' },
          key: KEY,
          severity: 'info',
          evidence: { tcp_syncookies: 2 },
          ...location,
        },
      ];
    }
    if (value !== 0)
      return [
        { messageId: 'actsLikeOne', data: { value, where }, key: KEY, severity: 'info', evidence: { tcp_syncookies: value }, ...location },
      ];
    const role = PUBLIC_FACING.find((name) => profile.chain.includes(name));
    const reason = role
      ? fillMessage(FRAGMENTS.publicProfile, { profile: profile.name, role })
      : context.clientsBehindNat
        ? FRAGMENTS.natClients
        : FRAGMENTS.privateHost;
    const drops = facts.counters?.get('TCPReqQFullDrop');
    const report: RuleReport = {
      messageId: 'disabled',
      data: {
        where,
        reason,
        dropped: drops ? fillMessage(FRAGMENTS.dropped, { drops }) : '',
        fix: configured ? FRAGMENTS.fixConfigured : FRAGMENTS.fixLive,
      },
      key: KEY,
      evidence: { tcp_syncookies: 0, ...(drops !== undefined ? { TCPReqQFullDrop: drops } : {}) },
      ...location,
      ...(role || context.clientsBehindNat ? {} : { severity: 'warning' as const }),
      // Also when only the running kernel has 0: a file edit alone would leave it off until a reboot.
      change: {
        key: KEY,
        to: '1',
        why: 'Without SYN cookies a full SYN queue drops SYNs (TCPReqQFullDrop), so a SYN flood shuts out real clients (docs/kernel/syn-queue-and-cookies.md#tcp_syncookies).',
        priority: 'safety' as const,
      },
    };
    return [report];
  },
};
