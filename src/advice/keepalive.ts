/**
 * Keepalive against a middlebox idle timeout (docs/kernel/keepalive.md#detection-time): a load balancer, firewall or NAT
 * drops state for connections idle longer than its timeout, silently. Probing at half the
 * timeout, with a retry interval that still lands before it, keeps idle connections known.
 */
export interface KeepaliveSettings {
  readonly time: number;
  readonly intvl: number;
  readonly probes: number;
}

export interface KeepaliveFit {
  readonly time: number;
  /** Set when the retry interval must shrink too, so one lost probe does not let the timer expire. */
  readonly intvl?: number;
  readonly explanation: string;
}

/** A fitted keepalive when `current` would let the middlebox expire idle connections; undefined when it already fits. */
export function fitKeepaliveToIdleTimeout(idleTimeout: number, current: KeepaliveSettings): KeepaliveFit | undefined {
  if (current.time < idleTimeout && current.time + current.intvl < idleTimeout) return undefined;
  const time = Math.max(1, Math.floor(idleTimeout / 2));
  const intvlLimit = Math.max(1, Math.floor((idleTimeout - time) / 2));
  const intvl = current.intvl > intvlLimit ? intvlLimit : undefined;
  const effectiveIntvl = intvl ?? current.intvl;
  return {
    time,
    ...(intvl !== undefined ? { intvl } : {}),
    explanation:
      `the idle timeout on the path is ${idleTimeout} s and the first keepalive probe comes after ${current.time} s` +
      (current.time < idleTimeout ? ` (a lost probe is retried at ${current.time + current.intvl} s)` : '') +
      `, so idle SO_KEEPALIVE connections are dropped silently by the middlebox; probing at ${time} s` +
      ` (retry at ${time + effectiveIntvl} s) keeps them alive`,
  };
}
