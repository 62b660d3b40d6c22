/** What advise hands to its reporters: the engine result plus the proposed files and their diff. */
import type { CounterBaseline } from '../facts/types.js';
import type { Result } from '../engine/types.js';
import type { ProposedFiles } from '../writers/target-file.js';

/** advise --format: the report, JSON, the unified diff, or the whole proposed file. */
export type AdviseFormat = 'text' | 'json' | 'diff' | 'conf';

/** The counters the rules read: what their totals count from, and their growth over a window. */
export interface CountersReport {
  readonly since: CounterBaseline;
  /** The sampling window in seconds; null without one (totals only). */
  readonly intervalSeconds: number | null;
  readonly values: readonly { readonly name: string; readonly total: number; readonly growth?: number; readonly perSecond?: number }[];
}

export interface AdviseReport extends Result {
  /** null when no counters were read (a bundle without proc/net/netstat, config only). */
  readonly counters: CountersReport | null;
  /** The drop-in the changes go to. */
  readonly target: string;
  /** Unified diff of the target (and of files that lose a line), every added line explained above it. */
  readonly diff: string;
  /** The whole proposed target file. */
  readonly conf: string;
  readonly files: ProposedFiles;
  /** Follow-up commands for the text report, with the run's whole context (empty when none apply). */
  readonly nextSteps: readonly string[];
  /** One line when the idle-timeout chain (--lb, --nat, application keep-alives, keepalive) is in order. */
  readonly chain?: string;
}
