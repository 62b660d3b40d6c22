/**
 * apply FILE: write a drop-in's values into the running kernel now, after saving the values
 * they replace to a rollback file; apply --rollback FILE: put those values back. Shared with the
 * wizard, which applies its accepted changes through applyWithRollback.
 */
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CommandOutput } from '../util/command-io.js';
import { createDirectories, createFileExclusive } from '../util/atomic-write.js';
import { UsageError } from '../util/errors.js';
import { applyValues, readPreviousValues, type ApplyEntry, type ApplyResult, type KeyChange } from '../writers/kernel-values.js';
import { bootTimeReapply, describeBootReapply } from '../writers/boot-reapply.js';
import { checkBootOrder, describeOverride, runtimeRefusal, type Runtime } from '../writers/guards.js';
import { LIVE_PROC_SYS } from '../writers/proc-sys.js';
import { readAssignments, renderRollbackFile } from '../writers/rollback-file.js';

export const ROLLBACK_DIRECTORY = '/var/lib/sysctl-advisor';

/** /var/lib/sysctl-advisor/rollback-2025-01-31T10-00-00-000Z.conf: a new file for every apply, named by its time. */
export function defaultRollbackFile(now = new Date()): string {
  return `${ROLLBACK_DIRECTORY}/rollback-${now.toISOString().replace(/[:.]/g, '-')}.conf`;
}

/** The instant a rollback file's name was made from (defaultRollbackFile), or undefined for another name. */
export function rollbackFileInstant(file: string): Date | undefined {
  const match = /(?:^|\/)rollback-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.conf$/.exec(file);
  if (!match) return undefined;
  const instant = new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5]}Z`);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/**
 * Rollback files are never overwritten (each holds the only copy of some values): an existing
 * --save-rollback path is refused before anything is read or written. (The file is also created
 * with no-clobber semantics, so a race cannot overwrite one either.)
 */
export function refuseExistingRollbackFile(file: string): void {
  if (existsSync(file)) {
    throw new UsageError(
      `--save-rollback ${file}: the file exists, and rollback files are never overwritten; give a new path, or leave the option out (a new file named by time in ${ROLLBACK_DIRECTORY})`,
    );
  }
}

function liveRuntime(): Runtime {
  return { platform: process.platform, uid: process.getuid?.() };
}

function readOrUndefined(read: () => string): string | undefined {
  try {
    return read().trim();
  } catch {
    return undefined;
  }
}

export interface AppliedWithRollback {
  readonly result: ApplyResult;
  /** Where the previous values were saved before anything was written. */
  readonly rollbackFile: string;
}

/**
 * Reads the current values, saves them to `rollbackFile` (atomically) and only then writes the
 * new ones. Throws UsageError, with nothing written, when a current value cannot be read.
 */
export function applyWithRollback(options: {
  readonly entries: readonly ApplyEntry[];
  readonly rollbackFile: string;
  /** What is being applied, for the rollback file's header. */
  readonly appliedFrom: string;
  readonly procSys?: string;
}): AppliedWithRollback {
  const procSys = options.procSys ?? LIVE_PROC_SYS;
  const previous = readPreviousValues(procSys, options.entries);
  if (previous.status === 'failed') {
    const first = previous.failures[0]!;
    throw new UsageError(`cannot read ${first.key}: ${first.reason}; nothing was changed`);
  }
  const rollbackFile = resolve(options.rollbackFile);
  createDirectories(dirname(rollbackFile));
  const kernelRelease = readOrUndefined(() => readFileSync(`${procSys}/kernel/osrelease`, 'utf8'));
  const netns = readOrUndefined(() => readlinkSync('/proc/self/ns/net'));
  // A name made by defaultRollbackFile says when: the header says the same instant.
  const writtenAt = (rollbackFileInstant(rollbackFile) ?? new Date()).toISOString();
  const header = { writtenAt, appliedFrom: options.appliedFrom, ...(kernelRelease ? { kernelRelease } : {}), ...(netns ? { netns } : {}) };
  // Never over an existing file, even one created a moment ago by another run: nothing is written to the kernel then.
  createFileExclusive(
    rollbackFile,
    renderRollbackFile(
      header,
      options.entries.map(({ key }) => ({ key, value: previous.values.get(key)! })),
    ),
  );
  return { result: applyValues(procSys, options.entries, previous.values), rollbackFile };
}

const arrow = (change: KeyChange) => `  ${change.key}: ${change.previous} → ${change.value}`;

/** The result in words, and the exit code: 0 applied, 1 refused by the kernel and undone, 3 partly undone. */
export function describeApplyResult(
  result: ApplyResult,
  rollbackFile: string | undefined,
  restoredFrom?: string,
): { text: string; exitCode: number } {
  if (result.status === 'applied') {
    const what = restoredFrom
      ? `Restored ${result.changed.length} value(s) from ${restoredFrom}`
      : `Applied ${result.changed.length} value(s)`;
    const lines = [
      `${what} to the running kernel (until the next boot; per-namespace keys in this network namespace only), each read back:`,
      ...result.changed.map(arrow),
    ];
    if (rollbackFile) lines.push(`Previous values saved in ${rollbackFile}`, `Undo with: sysctl-advisor apply --rollback ${rollbackFile}`);
    return { text: `${lines.join('\n')}\n`, exitCode: 0 };
  }
  const failure = `${result.failed.key} = ${result.failed.value}: ${result.failed.reason}`;
  const restored = result.restored.map((change) => `  ${change.key}: restored to ${change.previous}`);
  if (result.status === 'rolled-back') {
    return {
      text:
        [
          `sysctl-advisor: ${failure}.`,
          result.restored.length ? 'Rolled back the values already written:' : 'Nothing had been written yet.',
          ...restored,
          'The running kernel is as it was before.',
        ].join('\n') + '\n',
      exitCode: 1,
    };
  }
  return {
    text:
      [
        `sysctl-advisor: ${failure}.`,
        'Rolling back FAILED for:',
        ...result.notRestored.map((f) => `  ${f.key}: could not restore ${f.value}: ${f.reason}`),
        ...(restored.length ? ['Restored:', ...restored] : []),
        rollbackFile ? `The previous values are in ${rollbackFile}.` : '',
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    exitCode: 3,
  };
}

export interface ApplyArgs {
  readonly file?: string;
  readonly rollback?: string;
  readonly saveRollback?: string;
  readonly root: string;
}

export async function runApply(args: ApplyArgs): Promise<CommandOutput> {
  if ((args.file === undefined) === (args.rollback === undefined))
    throw new UsageError('give a drop-in to apply (apply FILE) or a rollback file to restore (apply --rollback FILE)');
  const refusal = runtimeRefusal(liveRuntime(), args.root);
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
