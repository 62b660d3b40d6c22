/** What advise takes from its command line (src/commands/advise.ts declares the flags). */
import type { FailOn } from '../engine/severity.js';
import type { AdviseFormat } from '../reports/advise.js';
import type { ContextFlags } from '../profiles/context.js';
import type { ReplayableArgs } from '../profiles/answers.js';
import type { CounterSample } from '../readers/counter-sample.js';
import type { SysctlDump } from '../snapshot/types.js';

export interface AdviseArgs extends ContextFlags, ReplayableArgs {
  readonly root: string;
  readonly profile: string;
  readonly target?: string;
  readonly format: AdviseFormat;
  readonly failOn: FailOn;
  readonly container?: boolean;
  /** -o FILE: write the plan's files through the tool (atomically, FILE.bak kept). */
  readonly output?: string;
  /** Set the running kernel to the plan's runtime values (with a rollback file). */
  readonly apply?: boolean;
  /** --interval SECONDS: read the counters (and sockets) twice, this far apart, for rates (live host only). */
  readonly interval?: number;
  /** --from FILE: a pasted `sysctl -a` output ("-" for stdin) whose values stand for the live ones. */
  readonly from?: string;
  /** That dump, read by runAdvise (reading stdin is asynchronous; building the report is not). */
  readonly sysctlDump?: SysctlDump;
  /** The first reading of a sampling window, taken by the caller (the wizard, or --interval). */
  readonly earlier?: CounterSample;
}
