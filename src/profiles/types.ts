import type { Location } from '../util/errors.js';

export type Direction = 'raise' | 'lower';
export type SeverityOverride = 'off' | 'info' | 'warning' | 'error';

/** What a profile wants for one key, after `extends` is resolved. */
export interface ProfileTarget {
  readonly key: string;
  /** As the kernel prints it ("4096", "10240 65535"). */
  readonly value: string;
  readonly why: string;
  readonly source: string;
  readonly only?: Direction;
  readonly pin?: boolean;
  /** Present when the profile forces a value the advisor refuses; the text is the user's reason. */
  readonly force?: string;
  /** The profile file and line that set it (a child overrides its parent per key). */
  readonly definedIn: Location;
}

/** Facts about the network path that no file on the host records (see context-options.ts). */
export interface ContextDefaults {
  readonly clientsBehindNat?: boolean;
  readonly natGateway?: boolean;
  /** null: explicitly "no middlebox idle timeout on the path". */
  readonly idleTimeout?: number | null;
  /** The load balancer in front (a preset name from params/middleboxes.ts, or seconds); null: none. */
  readonly lb?: string | number | null;
  /** The NAT on the path (a preset name or seconds); null: none. */
  readonly nat?: string | number | null;
}

export interface MonitorThresholds {
  readonly warn?: Readonly<Record<string, number>>;
  readonly crit?: Readonly<Record<string, number>>;
}

export interface Profile {
  readonly name: string;
  readonly summary: string;
  /** The file it was read from. */
  readonly file: string;
  /** Names from the root of the `extends` chain down to this profile. */
  readonly chain: readonly string[];
  readonly targets: ReadonlyMap<string, ProfileTarget>;
  readonly context: ContextDefaults;
  readonly rules: Readonly<Record<string, SeverityOverride>>;
  readonly monitor?: MonitorThresholds;
}
