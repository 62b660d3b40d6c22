/** The context in force: command-line flags win over the profile's defaults, which win over ours. */
import { parseMiddlebox, type Middlebox, type MiddleboxRole } from '../params/middleboxes.js';
import type { ContextDefaults } from './types.js';

/** Facts about the path to this host that no file on it records, as the command line gives them. */
export interface ContextFlags {
  readonly clientsBehindNat?: boolean;
  readonly natGateway?: boolean;
  readonly idleTimeout?: number;
  readonly lb?: Middlebox;
  readonly nat?: Middlebox;
  readonly kernel?: string;
}

export interface Context {
  readonly clientsBehindNat: boolean;
  readonly natGateway: boolean;
  /** Seconds, or null when no middlebox idle timeout is known. */
  readonly idleTimeout: number | null;
  /** --lb: the load balancer in front of this host (a preset or seconds); absent when none is known. */
  readonly lb?: Middlebox;
  /** --nat: the NAT between this host and its peers (a preset or seconds); absent when none is known. */
  readonly nat?: Middlebox;
}

/** A profile's or answers file's `lb:`/`nat:` (a preset name or seconds; null: none) as a middlebox. */
export function middleboxOfSetting(role: MiddleboxRole, setting: string | number | null | undefined): Middlebox | undefined {
  if (setting === null || setting === undefined) return undefined;
  const box = parseMiddlebox(role, String(setting));
  return typeof box === 'string' ? undefined : box;
}

/** How a middlebox is recorded in a profile or answers file: its preset name, or its seconds. */
export function middleboxSetting(box: Middlebox | undefined): string | number | null {
  if (!box) return null;
  return box.id === 'custom' ? box.seconds : box.id;
}

export function resolveContext(flags: ContextFlags, profile: ContextDefaults): Context {
  const lb = flags.lb ?? middleboxOfSetting('lb', profile.lb);
  const nat = flags.nat ?? middleboxOfSetting('nat', profile.nat);
  return {
    // Most public services have some clients behind NAT (carrier-grade NAT, offices), so assume it.
    clientsBehindNat: flags.clientsBehindNat ?? profile.clientsBehindNat ?? true,
    natGateway: flags.natGateway ?? profile.natGateway ?? false,
    idleTimeout: flags.idleTimeout ?? profile.idleTimeout ?? null,
    ...(lb ? { lb } : {}),
    ...(nat ? { nat } : {}),
  };
}
