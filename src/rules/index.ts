/** Every rule, in id order. Adding a rule = one file here + docs/rules/<id>.md + test/rules/<id>.test.ts + one line below. */
import type { Rule } from '../engine/types.js';
import { abortOnOverflow } from './abort-on-overflow.js';
import { closeWaitLeak } from './close-wait-leak.js';
import { containerNamespace } from './container-namespace.js';
import { continuationLine } from './continuation-line.js';
import { drift } from './drift.js';
import { finTimeoutMisconception } from './fin-timeout-misconception.js';
import { inlineComment } from './inline-comment.js';
import { invalidSyntax } from './invalid-syntax.js';
import { invalidValue } from './invalid-value.js';
import { keepaliveIdleTimeout } from './keepalive-idle-timeout.js';
import { listenOverflow } from './listen-overflow.js';
import { natGatewayConntrack } from './nat-gateway-conntrack.js';
import { orphans } from './orphans.js';
import { portExhaustion } from './port-exhaustion.js';
import { serverTimeWait } from './server-time-wait.js';
import { shadowedAssignment } from './shadowed-assignment.js';
import { synBacklogIgnored } from './syn-backlog-ignored.js';
import { synFlood } from './syn-flood.js';
import { synRetriesTimeline } from './syn-retries-timeline.js';
import { syncookiesDisabled } from './syncookies-disabled.js';
import { timestampsOff } from './timestamps-off.js';
import { twBucketsLowered } from './tw-buckets-lowered.js';
import { twBucketsOverflow } from './tw-buckets-overflow.js';
import { twRecycle } from './tw-recycle.js';
import { twReuseWithoutTimestamps } from './tw-reuse-without-timestamps.js';
import { unknownKey } from './unknown-key.js';
import { compareText } from '../util/compare-text.js';

export const RULES: readonly Rule[] = [
  abortOnOverflow,
  closeWaitLeak,
  containerNamespace,
  continuationLine,
  drift,
  finTimeoutMisconception,
  inlineComment,
  invalidSyntax,
  invalidValue,
  keepaliveIdleTimeout,
  listenOverflow,
  natGatewayConntrack,
  orphans,
  portExhaustion,
  serverTimeWait,
  shadowedAssignment,
  synBacklogIgnored,
  synFlood,
  synRetriesTimeline,
  syncookiesDisabled,
  timestampsOff,
  twBucketsLowered,
  twBucketsOverflow,
  twRecycle,
  twReuseWithoutTimestamps,
  unknownKey,
  // Ids are lowercase kebab-case, where code-unit order and a collator's agree (util/compare-text.ts).
].sort((a, b) => compareText(a.meta.id, b.meta.id));
