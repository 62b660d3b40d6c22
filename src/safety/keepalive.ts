/**
 * Keepalive against a middlebox idle timeout (docs/kernel/keepalive.md#detection-time): a load balancer, firewall or NAT
 * drops state for connections idle longer than its timeout, silently. Probing at half the
 * timeout, with a retry interval that still lands before it, keeps idle connections known.
 */
import { SHORTEST_IDLE_TIMEOUT } from '../params/middleboxes.js';

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
export function fitKeepaliveToIdleTimeout(
  idleTimeout: number,
  current: KeepaliveSettings,
  /** What sets the timeout, as a phrase ("the AWS NAT Gateway (--nat aws-nat-gateway, 350 s) idle timeout"). */
  hop = 'the idle timeout on the path',
): KeepaliveFit | undefined {
  if (current.time < idleTimeout && current.time + current.intvl < idleTimeout) return undefined;
  const time = Math.max(1, Math.floor(idleTimeout / 2));
  const intvlLimit = Math.max(1, Math.floor((idleTimeout - time) / 2));
  const intvl = current.intvl > intvlLimit ? intvlLimit : undefined;
  const effectiveIntvl = intvl ?? current.intvl;
  return {
    time,
    ...(intvl !== undefined ? { intvl } : {}),
    explanation:
      `${hop} is ${idleTimeout} s and the first keepalive probe comes after ${current.time} s` +
      (current.time < idleTimeout ? ` (a lost probe is retried at ${current.time + current.intvl} s)` : '') +
      `, so idle SO_KEEPALIVE connections are ${hop === 'the idle timeout on the path' ? 'dropped silently' : 'forgotten'} by the middlebox; probing at ${time} s` +
      ` (retry at ${time + effectiveIntvl} s) keeps them alive`,
  };
}

/**
 * Why `seconds` cannot be taken as a middlebox idle timeout, as a phrase that follows its
 * subject ("--idle-timeout ...", "The idle timeout ..."); undefined when it can. The flag, the
 * wizard's question, answers files and profiles all ask this one function.
 */
export function idleTimeoutProblem(seconds: number): string | undefined {
  if (!Number.isSafeInteger(seconds) || seconds <= 0) return 'takes whole seconds > 0, e.g. 300';
  if (seconds < SHORTEST_IDLE_TIMEOUT) {
    return (
      `of ${seconds} s is too short for TCP keepalive (the smallest accepted is ${SHORTEST_IDLE_TIMEOUT} s): every SO_KEEPALIVE ` +
      `socket in the network namespace would probe after ${Math.max(1, Math.floor(seconds / 2))} s idle, and keepalive does ` +
      "nothing for connections with unacknowledged data; raise the middlebox's idle timeout, or have the application send heartbeats"
    );
  }
  return undefined;
}
