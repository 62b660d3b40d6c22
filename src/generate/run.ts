import { ok, type CommandOutput } from '../util/command-io.js';
import { targetKernel } from '../kernel/target.js';
import { loadProfile } from '../profiles/load.js';
import { atomicWriteFile } from '../util/atomic-write.js';
import { UsageError } from '../util/errors.js';
import { applyAnswers, type ReplayableArgs } from '../profiles/answers.js';
import { resolveContext, type ContextFlags } from '../profiles/context.js';
import { planGeneratedFile } from './plan.js';
import type { GeneratePlan } from '../reports/generate.js';
import { formatKernel } from '../kernel/version.js';
import { NEWEST_KNOWN_KUBERNETES } from '../params/kubernetes-sysctls.js';
import type { Delivery } from '../reporters/delivery.js';
import { deliveryFiles, type EmitFlags } from '../reporters/emit.js';
import { writeEmittedFiles } from '../writers/emitted-files.js';
import { renderGeneratedFile } from '../reporters/sysctl-conf.js';

export interface GenerateArgs extends ContextFlags, ReplayableArgs, EmitFlags {
  /** Required unless --answers gives it. */
  readonly profile?: string;
  readonly output?: string;
}

export async function runGenerate(given: GenerateArgs): Promise<CommandOutput> {
  const args = applyAnswers(given);
  if (args.profile === undefined) throw new UsageError('Missing required argument: profile (or --answers FILE from a wizard run)');
  const profile = loadProfile(args.profile);
  const context = args.replayedContext ?? resolveContext(args, profile.context);
  const plan = planGeneratedFile(profile, context, targetKernel(args.kernel));
  const text = renderGeneratedFile(plan);
  const refused = plan.lines.filter((line) => line.status === 'refuse');
  const warnings = refused.map((line) => `sysctl-advisor: refused ${line.key} = ${line.value}: ${line.reason}\n`).join('');
  const emitted = emit(args, plan, text);
  if (!args.output) return ok(text, warnings + emitted || undefined);
  const written = atomicWriteFile(args.output, text);
  return ok('', `${warnings}${emitted}wrote ${written.path}${written.backup ? ` (previous content kept in ${written.backup})` : ''}\n`);
}

/** --emit: the plan's written lines, for the engines that apply them (reporters/emit.ts), in --out-dir. */
function emit(args: GenerateArgs, plan: GeneratePlan, conf: string): string {
  const formats = args.emit ?? [];
  if (formats.length > 0 && args.outDir === undefined) throw new UsageError('--emit writes files: give --out-dir DIR');
  if (formats.length === 0 && args.outDir !== undefined) throw new UsageError('--out-dir goes with --emit FORMAT');
  if (formats.length === 0) return '';
  const written = plan.lines.filter((line) => line.status === 'write');
  const delivery: Delivery = {
    // A profile given as a file is named by its name: field; anything else in it would make a path.
    name: plan.profile.name.replace(/[^A-Za-z0-9._-]+/g, '-'),
    title: `profile ${plan.profile.name} for kernel ${formatKernel(plan.kernel)} (sysctl-advisor generate)`,
    hosts: null,
    kernel: plan.kernel,
    settings: written.map((line) => ({ key: line.key, value: line.value, why: line.comments })),
    conf,
    notes: plan.lines
      .filter((line) => line.status !== 'write')
      .map((line) => `${line.key} = ${line.value}: ${'reason' in line ? line.reason : ''}`),
  };
  const paths = writeEmittedFiles(args.outDir!, deliveryFiles(delivery, formats, args.kubernetes ?? NEWEST_KNOWN_KUBERNETES));
  return `wrote ${paths.join(', ')}\n`;
}
