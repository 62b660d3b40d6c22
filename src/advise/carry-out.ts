/**
 * advise -o FILE / --apply: carrying out the plan through the tool, never through a shell
 * redirect. The running kernel is set first, with a rollback file, so a value the kernel refuses
 * leaves every file untouched; then the files are written atomically, each previous one kept as
 * FILE.bak. On a bundle (--root) only the drop-in can be written, for copying to its host.
 */
import { resolve } from 'node:path';
import { applyWithRollback, defaultRollbackFile, describeApplyResult } from '../writers/apply-with-rollback.js';
import { runtimeRefusal, type Runtime } from '../writers/guards.js';
import type { ApplyEntry } from '../writers/kernel-values.js';
import { editsFiles, type Change } from '../engine/types.js';
import { atomicWriteFile } from '../util/atomic-write.js';
import { InputError, UsageError } from '../util/errors.js';
import { writeProposedFiles } from '../writers/plan-files.js';
import type { AdviseReport } from '../reports/advise.js';

/** The running-kernel part of the plan: every change the files will not undo at boot. */
export function runtimeEntries(changes: readonly Change[]): ApplyEntry[] {
  return changes
    .filter((change) => change.runtime !== null && !change.overriddenBy)
    .map((change) => ({ key: change.key, value: change.runtime!.to }));
}

export interface CarryOutOptions {
  readonly root: string;
  /** -o FILE: on this host the target itself; on a bundle, where to put the drop-in for copying. */
  readonly output?: string;
  readonly apply: boolean;
  readonly runtime: Runtime;
  /** /proc/sys to write (the live one unless a test says otherwise). */
  readonly procSys?: string;
}

/** What was done, in lines for stderr, and the exit code (0, or apply's 1/3 when the kernel refused a value). */
export function carryOutPlan(report: AdviseReport, options: CarryOutOptions): { text: string; exitCode: number } {
  const lines: string[] = [];
  const live = resolve(options.root) === '/';
  if (options.apply) {
    const refusal = runtimeRefusal(options.runtime, options.root);
    if (refusal) throw new UsageError(`refusing to --apply: ${refusal}`);
    const entries = runtimeEntries(report.changes);
    if (entries.length === 0) {
      lines.push('The running kernel already has every value of the plan: nothing to apply.');
    } else {
      const applied = applyWithRollback({
        entries,
        rollbackFile: defaultRollbackFile(),
        appliedFrom: `the plan of sysctl-advisor advise (${report.target})`,
        ...(options.procSys ? { procSys: options.procSys } : {}),
      });
      const described = describeApplyResult(applied.result, applied.rollbackFile);
      if (described.exitCode !== 0) return { text: `${described.text}Nothing was written to the files.\n`, exitCode: described.exitCode };
      lines.push(described.text.trimEnd());
    }
  }
  if (options.output !== undefined) {
    const written = writeFiles(report, live, resolve(options.output), lines);
    for (const result of written) lines.push(`Wrote ${result.path}${result.backup ? ` (previous content kept in ${result.backup})` : ''}`);
    if (written.length === 0) lines.push(`The files already say what the plan says: nothing to write.`);
    if (!live && written.length)
      lines.push(
        `Copy it to the host collected in ${resolve(options.root)} as ${report.target}${report.files.removals.length ? `, and there remove the lines the diff removes from ${report.files.removals.map((edit) => edit.file).join(', ')}` : ''}.`,
      );
    if (live && !options.apply && report.changes.some((change) => change.runtime && !change.overriddenBy)) {
      lines.push('The running kernel is unchanged until the next boot; add --apply to set it now.');
    }
  } else if (options.apply && report.changes.some((change) => editsFiles(change) && !change.overriddenBy)) {
    lines.push('The files were not written (no -o): the values applied last until the next boot.');
  }
  return { text: lines.length ? `${lines.join('\n')}\n` : '', exitCode: 0 };
}

/** The files; when the kernel was already set and a write fails, the error says so and how to undo it. */
function writeFiles(report: AdviseReport, live: boolean, output: string, done: readonly string[]) {
  try {
    return live ? writeProposedFiles('/', report.files) : writeBundleDropIn(report, output);
  } catch (error) {
    if (done.length === 0 || !(error instanceof Error)) throw error;
    const message = error instanceof InputError ? error.oneLine() : error.message;
    throw new UsageError(`the running kernel was set, but writing the files failed: ${message}. ${done.join(' ').replace(/\s+/g, ' ')}`);
  }
}

function writeBundleDropIn(report: AdviseReport, output: string) {
  const edit = report.files.target;
  if (edit.after === edit.before || edit.after === '') return [];
  return [atomicWriteFile(output, edit.after)];
}
