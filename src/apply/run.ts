/**
 * apply FILE: write a drop-in's values into the running kernel now, after saving the values
 * they replace to a rollback file (src/writers/apply-with-rollback.ts, shared with advise --apply
 * and the wizard); apply --rollback FILE: put those values back.
 */
import { resolve } from 'node:path';
import type { CommandEnvironment, CommandOutput } from '../util/command-io.js';
import { UsageError } from '../util/errors.js';
import { applyValues, readPreviousValues } from '../writers/kernel-values.js';
import { applyWithRollback, defaultRollbackFile, describeApplyResult, refuseExistingRollbackFile } from '../writers/apply-with-rollback.js';
import { bootTimeReapply, describeBootReapply } from '../writers/boot-reapply.js';
import { checkBootOrder, describeOverride, runtimeRefusal } from '../writers/guards.js';
import { LIVE_PROC_SYS } from '../writers/proc-sys.js';
import { readAssignments } from '../writers/rollback-file.js';

export interface ApplyArgs {
  readonly file?: string;
  readonly rollback?: string;
  readonly saveRollback?: string;
  readonly root: string;
}

export async function runApply(args: ApplyArgs, environment: CommandEnvironment): Promise<CommandOutput> {
  if ((args.file === undefined) === (args.rollback === undefined))
    throw new UsageError('give a drop-in to apply (apply FILE) or a rollback file to restore (apply --rollback FILE)');
  const refusal = runtimeRefusal({ platform: environment.platform, uid: environment.uid }, args.root);
  if (refusal) throw new UsageError(`refusing to apply: ${refusal}`);
  if (args.rollback !== undefined) {
    if (args.saveRollback !== undefined) throw new UsageError('--save-rollback goes with apply FILE; --rollback restores without saving');
    const entries = readAssignments(args.rollback);
    const previous = readPreviousValues(LIVE_PROC_SYS, entries);
    if (previous.status === 'failed')
      throw new UsageError(`cannot read ${previous.failures[0]!.key}: ${previous.failures[0]!.reason}; nothing was changed`);
    const { text, exitCode } = describeApplyResult(applyValues(LIVE_PROC_SYS, entries, previous.values), undefined, args.rollback);
    if (exitCode !== 0) return { stdout: '', stderr: text, exitCode };
    // The running kernel is restored; the files that set the values are read again at the next boot.
    return { stdout: text + describeBootReapply(bootTimeReapply(entries)), exitCode };
  }
  if (args.saveRollback !== undefined) refuseExistingRollbackFile(resolve(args.saveRollback));
  const dropIn = resolve(args.file!);
  const entries = readAssignments(dropIn);
  const boot = checkBootOrder(
    entries.map((entry) => entry.key),
    dropIn,
  );
  if (boot.overrides.length) throw new UsageError(`refusing to apply: ${describeOverride(boot.overrides[0]!, dropIn)}`);
  const { result, rollbackFile } = applyWithRollback({
    entries,
    rollbackFile: args.saveRollback ?? defaultRollbackFile(),
    appliedFrom: dropIn,
  });
  const { text, exitCode } = describeApplyResult(result, rollbackFile);
  const note = boot.notReadAtBoot ? `note: ${boot.notReadAtBoot}; the values last until the next boot.\n` : '';
  return exitCode === 0 ? { stdout: text, exitCode, ...(note ? { stderr: note } : {}) } : { stdout: '', stderr: note + text, exitCode };
}
