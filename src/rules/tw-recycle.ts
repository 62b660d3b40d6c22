/**
 * tcp_tw_recycle anywhere is an error: gone since 4.12 (sysctl -p fails on it), and before that
 * it dropped SYNs from clients behind NAT, and on 4.10, whose timestamps had per-connection offsets,
 * from everyone (docs/kernel/time-wait.md#tcp_tw_recycle).
 */
import { atLeast } from '../kernel/version.js';
import { firstNumber } from '../engine/key-values.js';
import { fillMessage } from '../engine/messages.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { SENTENCES, TW_RECYCLE_REMOVED_IN } from '../safety/sentences.js';

const KEY = 'net.ipv4.tcp_tw_recycle';

const NAT_DROPS = 'It keeps the last timestamp per remote address and drops SYNs with an older one (counted as PAWSPassive).';
const ANY_CLIENT_410 = 'On 4.10 timestamps have per-connection offsets, so that check fails for every client.';
const REMOVED_LATER = `The key was removed in ${TW_RECYCLE_REMOVED_IN} (docs/kernel/time-wait.md#tcp_tw_recycle).`;
const LIVE_PLAN = `No config file sets it. The plan turns it off now (0, the kernel default) and writes no line, which would fail on ${TW_RECYCLE_REMOVED_IN} and later; find what set it at runtime.`;

export const twRecycle: Rule = {
  meta: {
    id: 'tw-recycle',
    severity: 'error',
    description: 'tcp_tw_recycle is set: removed in 4.12, and it drops SYNs from clients behind NAT before that.',
    keys: [KEY],
    needs: [['config'], ['live']],
    references: [
      'docs/kernel/time-wait.md#tcp_tw_recycle',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=4396e46187ca (tcp: remove tcp_tw_recycle)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=95a22caee396 (tcp: randomize tcp timestamp offsets for each connection)',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
    ],
    messages: {
      removedKey: `tcp_tw_recycle does not exist on {kernel}: sysctl -p fails on this line; remove it\n${SENTENCES.twRecycleRemoved}`,
      natDrops: `tcp_tw_recycle = {value} drops SYNs from clients behind NAT: remove the line\n${NAT_DROPS} ${REMOVED_LATER}`,
      natDropsAnyClient: `tcp_tw_recycle = {value} drops SYNs from every client on 4.10: remove the line\n${NAT_DROPS} ${ANY_CLIENT_410} ${REMOVED_LATER}`,
      liveOn: `tcp_tw_recycle is {value} at runtime, so SYNs from clients behind NAT are dropped: turn it off\n${NAT_DROPS} ${LIVE_PLAN}`,
      liveOnAnyClient: `tcp_tw_recycle is {value} at runtime, so SYNs from every client are dropped on 4.10: turn it off\n${NAT_DROPS} ${ANY_CLIENT_410} ${LIVE_PLAN}`,
    },
    reasons: {
      remove: `${SENTENCES.twRecycleNatDrops} ${SENTENCES.twRecycleRemoved}`,
      live: `${SENTENCES.twRecycleNatDrops} No file sets it, so only the running kernel needs 0.`,
    },
  },
  *check({ facts }): Generator<RuleReport> {
    const removed = atLeast(facts.kernel, TW_RECYCLE_REMOVED_IN);
    // 4.10 gave each connection its own timestamp offset (commit 95a22caee396), which broke it for every
    // client; 4.11 went back to per-host offsets for tcp_tw_recycle's sake (commit 28ee1b746f49).
    const anyClient = atLeast(facts.kernel, '4.10') && !atLeast(facts.kernel, '4.11');
    const kernel = facts.kernel.text;
    for (const assignment of facts.assignments.filter((a) => a.key === KEY)) {
      const off = removed ? false : firstNumber(assignment.value) === 0;
      if (off) continue; // 0 on an old kernel is the default and harmless
      yield {
        messageId: removed ? 'removedKey' : anyClient ? 'natDropsAnyClient' : 'natDrops',
        data: { value: assignment.value.trim(), kernel },
        key: KEY,
        location: { file: assignment.file, line: assignment.line, column: assignment.keyColumn },
        evidence: { configured: assignment.value.trim() },
        change: { key: KEY, to: null, why: fillMessage(twRecycle.meta.reasons!.remove!), priority: 'safety' },
      };
    }
    const live = facts.keys.get(KEY)?.live;
    if (live !== undefined && Number(live) !== 0 && !facts.assignments.some((a) => a.key === KEY)) {
      yield {
        messageId: anyClient ? 'liveOnAnyClient' : 'liveOn',
        data: { value: live },
        key: KEY,
        evidence: { live },
        // No line to remove: the plan's runtime part turns it off (the default 0 wins with no line).
        change: { key: KEY, to: null, why: fillMessage(twRecycle.meta.reasons!.live!), priority: 'safety' },
      };
    }
  },
};
