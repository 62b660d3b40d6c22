/** Every rule, in id order. Adding a rule = one file here + docs/rules/<id>.md + test/rules/<id>.test.ts + one line below. */
import type { Rule } from '../engine/types.js';
import { twBucketsOverflow } from './tw-buckets-overflow.js';
import { twRecycle } from './tw-recycle.js';

export const RULES: readonly Rule[] = [twBucketsOverflow, twRecycle].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
