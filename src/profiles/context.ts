/** The context in force: command-line flags win over the profile's defaults, which win over ours. */
import type { ContextFlags } from '../commands/context-options.js';
import type { ContextDefaults } from './types.js';

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
