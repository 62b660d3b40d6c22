/** What review takes from its command line (src/commands/review.ts declares the flags). */
import type { FailOn } from '../engine/severity.js';
import type { ContextFlags } from '../profiles/context.js';
import type { ReviewFormat } from '../reports/review.js';

export interface ReviewArgs extends ContextFlags {
  readonly paths: readonly string[];
  readonly root?: string;
  readonly profile?: string;
  readonly format: ReviewFormat;
  readonly failOn: FailOn;
  readonly diffBase?: string;
  readonly kubernetes?: string;
}
