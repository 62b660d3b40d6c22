/**
 * fleet: every bundle under BUNDLES/ analysed as `advise --root` would (analysis/analyse-root.ts),
 * in this process and one bundle at a time, so memory holds one host's facts plus every host's
 * small summary; then one report, and with --emit the files each engine applies.
 */
import { join, resolve } from 'node:path';
import type { FleetArgs } from './args.js';
import { analyseRoot } from '../analysis/analyse-root.js';
import { FleetCollector, type AdviceGroup, type FleetReport } from '../analysis/fleet-report.js';
import { summariseHost } from '../analysis/host-summary.js';
import { parseKernelVersion } from '../kernel/version.js';
import { NEWEST_KNOWN_KUBERNETES } from '../params/kubernetes-sysctls.js';
import { resolveContext, type Context } from '../profiles/context.js';
import { loadProfile } from '../profiles/load.js';
import type { Profile } from '../profiles/types.js';
import { listBundles, readCollectionRecord } from '../readers/bundle-set.js';
import { requireHostRoot } from '../readers/root-path.js';
import { renderDeliveryConf, type Delivery } from '../reporters/delivery.js';
import { emitAnsibleSite } from '../reporters/emit-ansible.js';
import { deliveryFiles } from '../reporters/emit.js';
import type { EmittedFile } from '../writers/emitted-files.js';
import { fleetPrometheus } from '../reporters/fleet-prometheus.js';
import { hostList } from '../reporters/fleet-text.js';
import type { CommandEnvironment, ReportOutcome } from '../util/command-io.js';
import { InputError, UsageError } from '../util/errors.js';
import { writeEmittedFiles } from '../writers/emitted-files.js';

const TARGET = '/etc/sysctl.d/90-sysctl-advisor.conf';
/** Progress is shown on a terminal for runs longer than this many bundles. */
const PROGRESS_FROM = 50;

export async function runFleet(args: FleetArgs, environment: CommandEnvironment): Promise<ReportOutcome<FleetReport>> {
  const emit = args.emit ?? [];
  if (emit.length > 0 && args.outDir === undefined) throw new UsageError('--emit writes files: give --out-dir DIR');
  if (emit.length === 0 && args.outDir !== undefined) throw new UsageError('--out-dir goes with --emit FORMAT');
  const dir = resolve(args.bundles);
  const hosts = listBundles(dir);
  if (hosts.length === 0)
    throw new InputError('holds no bundle folders (one sub-folder per host, e.g. from ansible/collect.yml)', { file: args.bundles });
  const profile = loadProfile(args.profile);
  const context = resolveContext(args, profile.context);
  const progress = hosts.length >= PROGRESS_FROM ? environment.progress : undefined;
  const collector = new FleetCollector(profile.name);
  for (const [index, host] of hosts.entries()) {
    readHost(collector, join(dir, host), host, profile, context, args.kernel);
    if (progress && (index % 25 === 0 || index === hosts.length - 1))
      progress.write(`\rsysctl-advisor fleet: read ${index + 1}/${hosts.length} bundles`);
  }
  progress?.write('\r\u001b[K');
  const report = collector.report(hosts.length);
  let written = '';
  if (emit.length > 0) {
    const files: EmittedFile[] = report.advice.flatMap((group) =>
      deliveryFiles(deliveryOf(group, profile), emit, args.kubernetes ?? NEWEST_KNOWN_KUBERNETES),
    );
    if (emit.includes('ansible') && report.advice.length > 0)
      files.push({ path: 'sysctl-advisor.yml', content: emitAnsibleSite(report.advice.map((g) => g.id)) });
    if (emit.includes('node-exporter'))
      files.push({ path: 'sysctl-advisor.prom', content: fleetPrometheus(report, collector.hostValues()) });
    const paths = writeEmittedFiles(args.outDir!, files);
    written = paths.length > 0 ? `wrote ${paths.join(', ')}\n` : `nothing to emit: no host needs a change\n`;
  }
  return { report, ...(written ? { stderr: written } : {}) };
}

/** One bundle, analysed as advise --root would; a bundle that cannot be read is reported, not fatal. */
function readHost(
  collector: FleetCollector,
  bundle: string,
  host: string,
  profile: Profile,
  context: Context,
  kernel: string | undefined,
): void {
  try {
    requireHostRoot(bundle);
    const record = readCollectionRecord(bundle);
    const { snapshot, facts, result } = analyseRoot({
      root: bundle,
      target: TARGET,
      profile,
      context,
      ...(kernel !== undefined ? { kernelFlag: kernel } : {}),
    });
    const release = snapshot.kernelRelease.status === 'present' ? snapshot.kernelRelease.value : record.kernelRelease;
    collector.add({
      ...summariseHost(host, facts, release, result.findings, result.changes),
      collectedAt: record.collectedAt,
      groups: record.groups,
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    collector.addUnreadable(host, error.oneLine());
  }
}

/** An advice group as what the emitters deliver: its changes with values, explained; removals as notes. */
function deliveryOf(group: AdviceGroup, profile: Profile): Delivery {
  const settings = group.changes
    .filter((c) => !c.removeLine && c.value !== null)
    .map((c) => ({ key: c.key, value: c.value!, why: [c.why] }));
  const notes = group.changes.filter((c) => c.removeLine).map((c) => `remove the line that sets ${c.key} on these hosts: ${c.why}`);
  const title = `advice group ${group.id} (profile ${profile.name}), ${group.count} hosts: ${hostList(group.hosts)}`;
  return {
    name: group.id,
    title,
    hosts: group.hosts,
    kernel: parseKernelVersion(group.oldestKernel)!,
    settings,
    conf: renderDeliveryConf(
      [
        `fleet --profile ${profile.name}, ${group.id}`,
        `Hosts (${group.count}): ${hostList(group.hosts)}`,
        `Oldest kernel: ${group.oldestKernel}`,
      ],
      settings,
      notes,
    ),
    notes,
  };
}
