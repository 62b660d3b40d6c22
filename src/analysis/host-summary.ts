/**
 * What a fleet report keeps of one host's analysis: its findings and changes in a few strings,
 * and the values of the catalogue keys (for drift). Small on purpose: a fleet of thousands of
 * hosts holds these, never the facts or the sockets behind them.
 */
import { formatKernel } from '../kernel/version.js';
import type { Change, Finding, Severity } from '../engine/types.js';
import type { Facts } from '../facts/types.js';
import { CATALOGUE } from '../params/catalogue.js';

export interface HostFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly key?: string;
  /** The message's first line: what is wrong and what to do. */
  readonly headline: string;
  /** The whole message, with this host's numbers. */
  readonly message: string;
}

export interface HostChange {
  readonly key: string;
  /** What the files set at boot today; null when no file sets it. */
  readonly from: string | null;
  /** What the files set at boot after the plan; null: every line setting the key goes. */
  readonly to: string | null;
  /** What the running kernel gets now, when it differs from what it has. */
  readonly runtimeTo: string | null;
  readonly why: string;
}

export interface HostSummary {
  readonly host: string;
  /** The kernel the rules judged (the bundle's osrelease, else the newest known). */
  readonly kernel: string;
  /** proc/sys/kernel/osrelease as collected; null when the bundle lacks it. */
  readonly kernelRelease: string | null;
  readonly findings: readonly HostFinding[];
  readonly changes: readonly HostChange[];
  /** Catalogue keys: the value in force now (/proc/sys), when read. */
  readonly now: Readonly<Record<string, string>>;
  /** Catalogue keys: the value the files set at boot; absent when no file sets it. */
  readonly boot: Readonly<Record<string, string>>;
}

const CATALOGUE_KEYS = new Set(CATALOGUE.map((spec) => spec.key));

export function summariseHost(
  host: string,
  facts: Facts,
  kernelRelease: string | null,
  findings: readonly Finding[],
  changes: readonly Change[],
): HostSummary {
  const now: Record<string, string> = {};
  const boot: Record<string, string> = {};
  for (const [key, state] of facts.keys) {
    if (!CATALOGUE_KEYS.has(key)) continue;
    if (state.live !== undefined) now[key] = state.live;
    if (state.configured) boot[key] = state.configured.value;
  }
  return {
    host,
    kernel: formatKernel(facts.kernel),
    kernelRelease,
    findings: findings.map((finding) => ({
      rule: finding.rule,
      severity: finding.severity,
      ...(finding.key !== undefined ? { key: finding.key } : {}),
      headline: finding.message.split('\n', 1)[0]!,
      message: finding.message,
    })),
    changes: changes.map((change) => ({
      key: change.key,
      from: change.from,
      to: change.to,
      runtimeTo: change.runtime?.to ?? null,
      why: change.why,
    })),
    now,
    boot,
  };
}
