/**
 * Many hosts' summaries folded into one report: each finding (rule, key, severity) and each proposed change with the
 * hosts that share it, the hosts grouped by identical advice, the hosts that drift from their
 * group (Ansible group, else the whole fleet) in kernel or in a key's value, and the hosts that
 * could not be read. Hosts are added one at a time, so only their small summaries are held.
 */
import type { Severity } from '../engine/types.js';
import type { HostSummary } from './host-summary.js';

/** The formats fleet prints its report in (src/reporters/index.ts). */
export type FleetFormat = 'text' | 'json' | 'markdown';

export interface FleetHost {
  readonly host: string;
  readonly kernel: string;
  readonly kernelRelease: string | null;
  readonly collectedAt: string | null;
  readonly groups: readonly string[];
  readonly findings: Readonly<Record<Severity, number>>;
  readonly changes: number;
  /** The advice group (identical proposed changes) it belongs to; null when nothing is proposed. */
  readonly advice: string | null;
}

export interface SharedFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly key?: string;
  /** The first host's headline (the message's first line). */
  readonly headline: string;
  readonly count: number;
  readonly hosts: readonly string[];
  /** The whole message on the first of these hosts (its numbers, caveats, source). */
  readonly example: { readonly host: string; readonly message: string };
}

export interface SharedChange {
  readonly key: string;
  /** The value proposed (at boot, else in the running kernel); null when a line is removed. */
  readonly value: string | null;
  readonly removeLine: boolean;
  /** Hosts whose files are right but whose running kernel differs get only the runtime part. */
  readonly runtimeOnly: number;
  readonly count: number;
  readonly hosts: readonly string[];
  readonly why: string;
}

export interface AdviceGroup {
  /** "advice-1", "advice-2", ... by descending size: the file stem `--emit` uses. */
  readonly id: string;
  readonly count: number;
  readonly hosts: readonly string[];
  readonly changes: readonly GroupChange[];
  /** The oldest kernel among its hosts (what a delivery must suit). */
  readonly oldestKernel: string;
}

/**
 * A change as delivered to a group: `value` goes into the drop-in (the boot value, else the
 * running kernel's when only that changes); null with `removeLine` when the plan removes a file's line.
 */
export interface GroupChange {
  readonly key: string;
  readonly value: string | null;
  readonly removeLine: boolean;
  readonly why: string;
}

export interface Drift {
  readonly key: string;
  /** "kernel": the kernel release; "now": the value in force; "boot": what the files set. */
  readonly aspect: 'kernel' | 'now' | 'boot';
  /** The value most of the group has (null: the files do not set it). */
  readonly usual: string | null;
  readonly usualCount: number;
  readonly drifting: readonly { readonly host: string; readonly value: string | null }[];
}

export interface GroupDrift {
  readonly group: string;
  readonly hosts: number;
  readonly drifts: readonly Drift[];
}

export interface UnreadableHost {
  readonly host: string;
  readonly reason: string;
}

export interface FleetReport {
  readonly profile: string;
  readonly bundles: number;
  readonly hosts: readonly FleetHost[];
  readonly findings: readonly SharedFinding[];
  readonly changes: readonly SharedChange[];
  readonly advice: readonly AdviceGroup[];
  readonly drift: readonly GroupDrift[];
  readonly unreadable: readonly UnreadableHost[];
}

export interface HostRecord extends HostSummary {
  readonly collectedAt: string | null;
  readonly groups: readonly string[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Collects hosts one at a time; `report()` folds them. */
export class FleetCollector {
  private readonly hosts: FleetHost[] = [];
  private readonly findings = new Map<string, { finding: Omit<SharedFinding, 'count' | 'hosts'>; hosts: string[] }>();
  private readonly changes = new Map<
    string,
    { key: string; value: string | null; removeLine: boolean; why: string; runtimeOnly: number; hosts: string[] }
  >();
  private readonly plans = new Map<string, { changes: AdviceGroup['changes']; hosts: string[]; kernels: string[] }>();
  private readonly values = new Map<
    string,
    { host: string; kernel: string; now: Readonly<Record<string, string>>; boot: Readonly<Record<string, string>> }[]
  >();
  private readonly unreadable: UnreadableHost[] = [];
  private planOf = new Map<string, string>();

  constructor(private readonly profile: string) {}

  add(record: HostRecord): void {
    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const finding of record.findings) {
      counts[finding.severity]++;
      // The same rule on the same key at the same severity is the same advice; the messages differ
      // only by each host's numbers, which the example keeps for the first host.
      const id = JSON.stringify([finding.rule, finding.severity, finding.key ?? '']);
      const shared = this.findings.get(id);
      if (shared) shared.hosts.push(record.host);
      else
        this.findings.set(id, {
          finding: {
            rule: finding.rule,
            severity: finding.severity,
            ...(finding.key !== undefined ? { key: finding.key } : {}),
            headline: finding.headline,
            example: { host: record.host, message: finding.message },
          },
          hosts: [record.host],
        });
    }
    for (const change of record.changes) {
      const value = change.to ?? change.runtimeTo;
      const removeLine = change.to === null && change.from !== null;
      const id = JSON.stringify([change.key, value, removeLine]);
      const shared = this.changes.get(id) ?? { key: change.key, value, removeLine, why: change.why, runtimeOnly: 0, hosts: [] };
      shared.hosts.push(record.host);
      // The files already give the value at boot (or leave the default that is wanted): only the running kernel changes.
      if (change.runtimeTo !== null && change.from === change.to) shared.runtimeOnly++;
      this.changes.set(id, shared);
    }
    const planChanges: GroupChange[] = [...record.changes]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((c) => ({ key: c.key, value: c.to ?? c.runtimeTo, removeLine: c.to === null && c.from !== null, why: c.why }));
    const signature = JSON.stringify(planChanges.map((c) => [c.key, c.value, c.removeLine]));
    if (planChanges.length > 0) {
      const plan = this.plans.get(signature) ?? { changes: planChanges, hosts: [], kernels: [] };
      plan.hosts.push(record.host);
      plan.kernels.push(record.kernel);
      this.plans.set(signature, plan);
      this.planOf.set(record.host, signature);
    }
    // Drift is judged within the host's first Ansible group (the playbook records group_names), else the whole fleet.
    const group = record.groups[0] ?? 'all';
    const members = this.values.get(group) ?? [];
    members.push({ host: record.host, kernel: record.kernelRelease ?? record.kernel, now: record.now, boot: record.boot });
    this.values.set(group, members);
    this.hosts.push({
      host: record.host,
      kernel: record.kernel,
      kernelRelease: record.kernelRelease,
      collectedAt: record.collectedAt,
      groups: record.groups,
      findings: counts,
      changes: record.changes.length,
      advice: null,
    });
  }

  /** Each read host's values in force, for the textfile metrics. */
  hostValues(): { host: string; now: Readonly<Record<string, string>> }[] {
    return [...this.values.values()]
      .flat()
      .map(({ host, now }) => ({ host, now }))
      .sort((a, b) => a.host.localeCompare(b.host));
  }

  addUnreadable(host: string, reason: string): void {
    this.unreadable.push({ host, reason });
  }

  report(bundles: number): FleetReport {
    const advice = [...this.plans.entries()]
      .sort(([, a], [, b]) => b.hosts.length - a.hosts.length || a.hosts[0]!.localeCompare(b.hosts[0]!))
      .map(([signature, plan], index) => ({ signature, group: groupOf(`advice-${index + 1}`, plan) }));
    const adviceOf = new Map(advice.map(({ signature, group }) => [signature, group.id]));
    const byCount = <T extends { hosts: readonly string[] }>(a: T, b: T) => b.hosts.length - a.hosts.length;
    return {
      profile: this.profile,
      bundles,
      hosts: this.hosts
        .map((host) => ({ ...host, advice: adviceOf.get(this.planOf.get(host.host) ?? '') ?? null }))
        .sort((a, b) => a.host.localeCompare(b.host)),
      findings: [...this.findings.values()]
        .map(({ finding, hosts }) => ({ ...finding, count: hosts.length, hosts: hosts.sort() }))
        .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || byCount(a, b) || a.rule.localeCompare(b.rule)),
      changes: [...this.changes.values()]
        .map((change) => ({ ...change, count: change.hosts.length, hosts: change.hosts.sort() }))
        .sort((a, b) => byCount(a, b) || a.key.localeCompare(b.key)),
      advice: advice.map(({ group }) => group),
      drift: [...this.values.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([group, members]) => ({ group, hosts: members.length, drifts: driftsOf(members) }))
        .filter((group) => group.drifts.length > 0),
      unreadable: [...this.unreadable].sort((a, b) => a.host.localeCompare(b.host)),
    };
  }
}

function groupOf(id: string, plan: { changes: AdviceGroup['changes']; hosts: string[]; kernels: string[] }): AdviceGroup {
  const oldestKernel = [...plan.kernels].sort(compareKernels)[0]!;
  return { id, count: plan.hosts.length, hosts: [...plan.hosts].sort(), changes: plan.changes, oldestKernel };
}

function compareKernels(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

type Member = { host: string; kernel: string; now: Readonly<Record<string, string>>; boot: Readonly<Record<string, string>> };

/** Where a group's hosts differ: the value most of them have, and the hosts with another. */
function driftsOf(members: readonly Member[]): Drift[] {
  if (members.length < 2) return [];
  const drifts: Drift[] = [];
  const kernel = driftOf('kernel', 'kernel', members, (m) => m.kernel);
  if (kernel) drifts.push(kernel);
  const keys = new Set<string>();
  for (const member of members) for (const key of [...Object.keys(member.now), ...Object.keys(member.boot)]) keys.add(key);
  for (const key of [...keys].sort()) {
    for (const aspect of ['now', 'boot'] as const) {
      const drift = driftOf(key, aspect, members, (m) => m[aspect][key] ?? null);
      if (drift) drifts.push(drift);
    }
  }
  return drifts;
}

function driftOf(
  key: string,
  aspect: Drift['aspect'],
  members: readonly Member[],
  valueOf: (m: Member) => string | null,
): Drift | undefined {
  const counts = new Map<string | null, number>();
  for (const member of members) counts.set(valueOf(member), (counts.get(valueOf(member)) ?? 0) + 1);
  if (counts.size < 2) return undefined;
  // The usual value: the most common; a tie goes to the smaller value, so the report is stable.
  const [usual, usualCount] = [...counts.entries()].sort(([va, a], [vb, b]) => b - a || String(va).localeCompare(String(vb)))[0]!;
  const drifting = members.filter((m) => valueOf(m) !== usual).map((m) => ({ host: m.host, value: valueOf(m) }));
  return { key, aspect, usual, usualCount, drifting };
}
