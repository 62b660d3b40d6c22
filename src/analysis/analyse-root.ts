/**
 * One host's analysis from a root (this host, or a collected bundle): read it, resolve its
 * config files, assemble the facts and run the rules. `advise` builds its report on this, and
 * `fleet` runs it once per bundle in the same process.
 */
import { effectiveConfig, laterOverrides, type EffectiveConfig, type TargetFate } from '../config/index.js';
import type { ConfigAssignment, Facts } from '../facts/types.js';
import { assembleFacts, type FactsInput } from '../facts/assemble.js';
import { bootToolOf, factsFromConfig } from '../facts/from-effective-config.js';
import { BUILTIN_CHECKS, builtinMessage } from '../engine/builtin-checks.js';
import { runEngine } from '../engine/run.js';
import type { Finding, Result } from '../engine/types.js';
import type { Context } from '../profiles/context.js';
import type { Profile } from '../profiles/types.js';
import { readApps } from '../readers/apps/index.js';
import { readHostSnapshot } from '../readers/host.js';
import { snapshotFromSysctlDump } from '../readers/sysctl-dump.js';
import { procSysKeys } from '../readers/proc-sys-keys.js';
import { RULES } from '../rules/index.js';
import type { HostSnapshot, SysctlDump } from '../snapshot/types.js';

export interface RootAnalysisInput {
  /** An absolute root: "/" or a bundle. */
  readonly root: string;
  /** The drop-in the changes go to, as a path inside the root. */
  readonly target: string;
  readonly profile: Profile;
  readonly context: Context;
  readonly kernelFlag?: string;
  readonly containerFlag?: boolean;
  readonly earlier?: FactsInput['earlier'];
  /** advise --from: a saved `sysctl -a` stands for the live values; the root gives only config files. */
  readonly sysctlDump?: SysctlDump;
}

export interface RootAnalysis {
  readonly snapshot: HostSnapshot;
  readonly facts: Facts;
  readonly effective: EffectiveConfig;
  /** The engine's result; its findings include the target file's own (a masked or unread target). */
  readonly result: Result;
}

export function analyseRoot(input: RootAnalysisInput): RootAnalysis {
  const { root, target } = input;
  const snapshot = input.sysctlDump ? snapshotFromSysctlDump(input.sysctlDump, root) : readHostSnapshot(root);
  const effective = effectiveConfig(root, { knownKeys: procSysKeys(root) });
  const config = factsFromConfig(effective);
  // nginx, Apache httpd, HAProxy and Envoy configs under the root: the idle-timeout chain rules read them.
  const apps = readApps(root);
  const facts = assembleFacts({
    snapshot,
    config,
    ...(apps ? { apps } : {}),
    ...(input.kernelFlag !== undefined ? { kernelFlag: input.kernelFlag } : {}),
    ...(input.containerFlag ? { containerFlag: true } : {}),
    ...(input.earlier ? { earlier: input.earlier } : {}),
  });
  const result = runEngine({
    facts,
    profile: input.profile,
    context: input.context,
    rules: RULES,
    laterOverride: (key) => laterOverride(effective, key, target),
  });
  // Whether the target is read at all (masked, outside sysctl.d) does not depend on the key asked about.
  const targetFate = laterOverrides(effective, 'net.core.somaxconn', target)[bootToolOf(effective)];
  return { snapshot, facts, effective, result: { ...result, findings: [...result.findings, ...targetFindings(targetFate, target)] } };
}

/** The last line applied after the target that sets `key` under the boot tool (or procps' /etc/sysctl.conf). */
function laterOverride(effective: EffectiveConfig, key: string, target: string): ConfigAssignment | undefined {
  const fates = laterOverrides(effective, key, target);
  for (const fate of [fates[bootToolOf(effective)], fates.procps]) {
    if (fate.status !== 'applied') continue;
    const last = [...fate.overriddenBy].reverse().find((line) => line.kind === 'assignment');
    if (last) {
      return {
        file: last.realFile,
        line: last.line,
        keyColumn: last.column,
        valueColumn: last.column,
        key,
        keyAsWritten: last.keyAsWritten,
        value: last.value ?? '',
        commentAbove: [],
      };
    }
  }
  return undefined;
}

function targetFindings(fate: TargetFate, target: string): Finding[] {
  if (fate.status === 'applied') return [];
  const message =
    fate.status === 'masked'
      ? builtinMessage('target-file', 'masked', { target, by: fate.by })
      : builtinMessage('target-file', 'notRead', { target, reason: fate.reason });
  return [{ rule: BUILTIN_CHECKS['target-file'].meta.id, ...message, severity: 'warning', file: target }];
}
