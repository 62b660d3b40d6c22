/** Every rule, in id order. Adding a rule = one file here + docs/rules/<id>.md + test/rules/<id>.test.ts + one line below. */
import type { Rule } from '../engine/types.js';
import { abortOnOverflow } from './abort-on-overflow.js';
import { ansibleFirstDuplicate } from './ansible-first-duplicate.js';
import { ansibleReloadFails } from './ansible-reload-fails.js';
import { backendKeepaliveOrder } from './backend-keepalive-order.js';
import { closeWaitLeak } from './close-wait-leak.js';
import { conntrackEstablishedBelowKeepalive } from './conntrack-established-below-keepalive.js';
import { containerNamespace } from './container-namespace.js';
import { containerSysctlNamespace } from './container-sysctl-namespace.js';
import { containerSysctlValue } from './container-sysctl-value.js';
import { continuationLine } from './continuation-line.js';
import { dockerfileBuildSysctl } from './dockerfile-build-sysctl.js';
import { drift } from './drift.js';
import { finTimeoutMisconception } from './fin-timeout-misconception.js';
import { inlineComment } from './inline-comment.js';
import { invalidSyntax } from './invalid-syntax.js';
import { invalidValue } from './invalid-value.js';
import { keepaliveIdleTimeout } from './keepalive-idle-timeout.js';
import { keyExpectation } from './key-expectation.js';
import { kubernetesUnsafeSysctl } from './kubernetes-unsafe-sysctl.js';
import { listenOverflow } from './listen-overflow.js';
import { natGatewayConntrack } from './nat-gateway-conntrack.js';
import { orphans } from './orphans.js';
import { orphansLowered } from './orphans-lowered.js';
import { poolIdleOrder } from './pool-idle-order.js';
import { portExhaustion } from './port-exhaustion.js';
import { portRangeServices } from './port-range-services.js';
import { serverTimeWait } from './server-time-wait.js';
import { shadowedAssignment } from './shadowed-assignment.js';
import { shellUnquotedValue } from './shell-unquoted-value.js';
import { synBacklogIgnored } from './syn-backlog-ignored.js';
import { synFlood } from './syn-flood.js';
import { synRetriesTimeline } from './syn-retries-timeline.js';
import { socketBufferDefaults } from './socket-buffer-defaults.js';
import { syncookiesDisabled } from './syncookies-disabled.js';
import { sysctlFilesDeleted } from './sysctl-files-deleted.js';
import { timestampsOff } from './timestamps-off.js';
import { tunedModifier } from './tuned-modifier.js';
import { tunedOverridden } from './tuned-overridden.js';
import { twBucketsLowered } from './tw-buckets-lowered.js';
import { twBucketsOverflow } from './tw-buckets-overflow.js';
import { twRecycle } from './tw-recycle.js';
import { twReuseWithoutTimestamps } from './tw-reuse-without-timestamps.js';
import { unknownKey } from './unknown-key.js';

export const RULES: readonly Rule[] = [
  abortOnOverflow,
  ansibleFirstDuplicate,
  ansibleReloadFails,
  backendKeepaliveOrder,
  closeWaitLeak,
  conntrackEstablishedBelowKeepalive,
  containerNamespace,
  containerSysctlNamespace,
  containerSysctlValue,
  continuationLine,
  dockerfileBuildSysctl,
  drift,
  finTimeoutMisconception,
  inlineComment,
  invalidSyntax,
  invalidValue,
  keepaliveIdleTimeout,
  keyExpectation,
  kubernetesUnsafeSysctl,
  listenOverflow,
  natGatewayConntrack,
  orphans,
  orphansLowered,
  poolIdleOrder,
  portExhaustion,
  portRangeServices,
  serverTimeWait,
  shadowedAssignment,
  shellUnquotedValue,
  socketBufferDefaults,
  synBacklogIgnored,
  synFlood,
  synRetriesTimeline,
  syncookiesDisabled,
  sysctlFilesDeleted,
  timestampsOff,
  tunedModifier,
  tunedOverridden,
  twBucketsLowered,
  twBucketsOverflow,
  twRecycle,
  twReuseWithoutTimestamps,
  unknownKey,
  // Written in id order (test/rules/registry.test.ts checks it), not sorted here, so the check can fail.
];
