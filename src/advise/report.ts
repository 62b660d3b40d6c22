/** What advise hands to its reporters: the engine result plus the proposed files and their diff. */
import type { Result } from '../engine/types.js';
import type { ProposedFiles } from './target-file.js';

export interface AdviseReport extends Result {
  /** The drop-in the changes go to. */
  readonly target: string;
  /** Unified diff of the target (and of files that lose a line), every added line explained above it. */
  readonly diff: string;
  /** The whole proposed target file. */
  readonly conf: string;
  readonly files: ProposedFiles;
  /** Follow-up commands for the text report, with the run's whole context (empty when none apply). */
  readonly nextSteps: readonly string[];
}
