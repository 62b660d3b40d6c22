/** What a generated drop-in contains, line by line: the data the sysctl.conf reporter renders. */
import type { KernelVersion } from '../kernel/version.js';
import type { Context } from '../profiles/context.js';
import type { Profile } from '../profiles/types.js';

export type PlannedLine =
  | {
      readonly status: 'write';
      readonly key: string;
      readonly value: string;
      readonly comments: readonly string[];
      readonly forced: boolean;
    }
  | { readonly status: 'omit'; readonly key: string; readonly value: string; readonly reason: string }
  | { readonly status: 'refuse'; readonly key: string; readonly value: string; readonly reason: string };

export interface GeneratePlan {
  readonly profile: Profile;
  readonly context: Context;
  readonly kernel: KernelVersion;
  readonly lines: readonly PlannedLine[];
  /** Caveats that apply to the whole file (NAT gateway, clients behind NAT). */
  readonly notes: readonly string[];
}
