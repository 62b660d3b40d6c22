/**
 * Writing values into the running kernel with a way back: the values they replace are saved to a
 * new rollback file first, and the result is told in words with apply's exit codes. Used by
 * apply, advise --apply and the wizard.
 */
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createDirectories, createFileExclusive } from '../util/atomic-write.js';
import { UsageError } from '../util/errors.js';
import { applyValues, readPreviousValues, type ApplyEntry, type ApplyResult, type KeyChange } from './kernel-values.js';
import { LIVE_PROC_SYS } from './proc-sys.js';
import { renderRollbackFile } from './rollback-file.js';

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
