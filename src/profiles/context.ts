/** The context in force: command-line flags win over the profile's defaults, which win over ours. */
import type { ContextDefaults } from './types.js';

/** Facts about the path to this host that no file on it records, as the command line gives them. */
export interface ContextFlags {
  readonly clientsBehindNat?: boolean;
  readonly natGateway?: boolean;
  readonly idleTimeout?: number;
  readonly kernel?: string;
}

export interface Context {
  readonly clientsBehindNat: boolean;
  readonly natGateway: boolean;
  /** Seconds, or null when no middlebox idle timeout is known. */
  readonly idleTimeout: number | null;
}

export function resolveContext(flags: ContextFlags, profile: ContextDefaults): Context {
  return {
    // Most public services have some clients behind NAT (carrier-grade NAT, offices), so assume it.
    clientsBehindNat: flags.clientsBehindNat ?? profile.clientsBehindNat ?? true,
    natGateway: flags.natGateway ?? profile.natGateway ?? false,
    idleTimeout: flags.idleTimeout ?? profile.idleTimeout ?? null,
  };
}
