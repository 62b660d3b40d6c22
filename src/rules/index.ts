/** Every rule, in id order. Adding a rule = one file here + docs/rules/<id>.md + test/rules/<id>.test.ts + one line below. */
import type { Rule } from '../engine/types.js';
import { closeWaitLeak } from './close-wait-leak.js';
import { containerNamespace } from './container-namespace.js';
import { keepaliveIdleTimeout } from './keepalive-idle-timeout.js';
import { listenOverflow } from './listen-overflow.js';
import { natGatewayConntrack } from './nat-gateway-conntrack.js';
import { orphans } from './orphans.js';
import { portExhaustion } from './port-exhaustion.js';
import { synFlood } from './syn-flood.js';
import { twBucketsOverflow } from './tw-buckets-overflow.js';
import { twRecycle } from './tw-recycle.js';

export const RULES: readonly Rule[] = [
  closeWaitLeak,
  containerNamespace,
  keepaliveIdleTimeout,
  listenOverflow,
  natGatewayConntrack,
  orphans,
  portExhaustion,
  synFlood,
  twBucketsOverflow,
  twRecycle,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
