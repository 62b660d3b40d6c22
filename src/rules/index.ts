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
  // Code-unit order, not localeCompare: the first localeCompare in a process sets up an ICU collator
  // (about a tenth of `node -e 0`, bench/cold-start.ts), and this runs when the module loads. Ids
  // are lowercase kebab-case, where both orders agree.
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
