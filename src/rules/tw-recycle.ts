/**
 * tcp_tw_recycle anywhere is an error: gone since 4.12 (sysctl -p fails on it), and before that
 * it dropped SYNs from clients behind NAT, and on 4.10, whose timestamps had per-connection offsets,
 * from everyone (docs/kernel/time-wait.md#tcp_tw_recycle).
 */
import { atLeast } from '../kernel/version.js';
import { firstNumber } from '../engine/key-values.js';
import { fillMessage } from '../engine/messages.js';
import type { Rule, RuleReport } from '../engine/types.js';
import { applierOf, messageIdFor, shellFailure } from './applier.js';
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
    severities: { allowed: ['error'], why: 'the key is gone (sysctl -p fails) or drops SYNs behind NAT (harm)' },
    description: 'tcp_tw_recycle is set: removed in 4.12, and it drops SYNs from clients behind NAT before that.',
    keys: [KEY],
    needs: [['config'], ['live']],
    references: [
      'docs/kernel/time-wait.md#tcp_tw_recycle',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=4396e46187ca (tcp: remove tcp_tw_recycle)',
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=95a22caee396 (tcp: randomize tcp timestamp offsets for each connection)',
      'https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux (secondary: Vincent Bernat, "Coping with the TCP TIME-WAIT state on busy Linux servers")',
      'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/ (Kubernetes, "Using sysctls in a Kubernetes Cluster": pods with disallowed sysctls fail to launch)',
      'https://github.com/opencontainers/runc/blob/main/libcontainer/standard_init_linux.go (runc libcontainer/standard_init_linux.go: each sysctl written at container start, an error aborts it)',
      'https://github.com/redhat-performance/tuned/blob/master/tuned/plugins/plugin_sysctl.py (TuneD tuned/plugins/plugin_sysctl.py: a missing key is logged and skipped)',
    ],
    messages: {
      removedKey: `tcp_tw_recycle does not exist on {kernel}: sysctl -p fails on this line; remove it\n${SENTENCES.twRecycleRemoved}`,
      // The same key, applied by something other than procps (rules/applier.ts).
      removedKeyPod:
        'tcp_tw_recycle: the pod never starts on {kernel}, which has no such key (removed in 4.12); remove it from sysctls.\nThe kubelet rejects a sysctl outside its allowlist (SysctlForbidden; tcp_tw_recycle is not a safe sysctl); allowlisted, runc\'s write to /proc/sys/net/ipv4/tcp_tw_recycle fails ("no such file or directory") and the pod sandbox is not created (FailedCreatePodSandBox).',
      removedKeyContainer:
        'tcp_tw_recycle: the container fails to start on {kernel}, which has no such key (removed in 4.12); remove it from sysctls.\nThe runtime (runc) writes each sysctl into /proc/sys of the container\'s namespaces as it starts it, and "open /proc/sys/net/ipv4/tcp_tw_recycle: no such file or directory" aborts the start.',
      removedKeyAnsible:
        'tcp_tw_recycle: this sysctl task fails on {kernel}, which has no such key (removed in 4.12); remove the task.\nThe module writes tcp_tw_recycle={value} to {file}; its reload ("sysctl -p {file}", the default) cannot stat the key and exits 1 (ansible-reload-fails). With reload: false or ignoreerrors the task passes, but the line stays in {file}, where every later "sysctl -p" fails on it.',
      removedKeyTuned:
        "tcp_tw_recycle: TuneD skips this option on {kernel}, which has no such key (removed in 4.12); remove the line.\nTuneD reads each [sysctl] option's current value before writing it; for a missing key it logs \"Failed to read sysctl parameter 'net.ipv4.tcp_tw_recycle', the parameter does not exist\" and applies the rest of the profile, so the line only hides that the setting does nothing.",
      removedKeyShell: 'tcp_tw_recycle: this command fails on {kernel}, which has no such key (removed in 4.12); remove it.\n{failure}.',
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
      const via = assignment.via;
      yield {
        messageId: removed ? messageIdFor('removedKey', applierOf(via)) : anyClient ? 'natDropsAnyClient' : 'natDrops',
        data: {
          value: assignment.value.trim(),
          kernel,
          file: via?.tool === 'ansible' ? (via.sysctlFile ?? 'its sysctl_file') : '',
          failure: shellFailure(via, 'net/ipv4/tcp_tw_recycle'),
        },
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
