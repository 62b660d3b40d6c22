import { ok, type CommandOutput } from '../util/command-io.js';
import { targetKernel } from '../kernel/target.js';
import { loadProfile } from '../profiles/load.js';
import { atomicWriteFile } from '../util/atomic-write.js';
import { UsageError } from '../util/errors.js';
import { applyAnswers, type ReplayableArgs } from '../profiles/answers.js';
import { resolveContext, type ContextFlags } from '../profiles/context.js';
import { planGeneratedFile } from './plan.js';
import { renderGeneratedFile } from '../reporters/sysctl-conf.js';

export interface GenerateArgs extends ContextFlags, ReplayableArgs {
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
  if (!args.output) return ok(text, warnings || undefined);
  const written = atomicWriteFile(args.output, text);
  return ok('', `${warnings}wrote ${written.path}${written.backup ? ` (previous content kept in ${written.backup})` : ''}\n`);
}
