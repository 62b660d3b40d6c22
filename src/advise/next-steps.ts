/**
 * The follow-up commands advise prints. Each repeats the whole context of the run (root, profile,
 * answers, context flags, kernel, target), so pasting it reproduces the same plan instead of
 * analysing another host, and each writes through the tool (-o, --apply): a shell redirect onto
 * the drop-in would truncate it before advise reads it, and lose every line the plan keeps.
 */
import { resolve } from 'node:path';
import type { AdviseArgs } from './args.js';
import { editsFiles, type Change } from '../engine/types.js';

const DEFAULT_PROFILE = 'conservative';

/** A word as the shell must see it: plain when safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The flags that reproduce this run's context, as given (never the defaults it fell back to). */
export function contextWords(args: AdviseArgs, options: { readonly withRoot: boolean; readonly withTarget: boolean }): string[] {
  const words: string[] = [];
  if (options.withRoot && resolve(args.root) !== '/') words.push('--root', resolve(args.root));
  if (args.answers !== undefined) words.push('--answers', resolve(args.answers));
  if (args.profile !== DEFAULT_PROFILE && args.answers === undefined) words.push('--profile', args.profile);
  if (args.clientsBehindNat !== undefined) words.push(args.clientsBehindNat ? '--clients-behind-nat' : '--no-clients-behind-nat');
  if (args.natGateway !== undefined) words.push(args.natGateway ? '--nat-gateway' : '--no-nat-gateway');
  if (args.idleTimeout !== undefined) words.push('--idle-timeout', String(args.idleTimeout));
  if (args.kernel !== undefined) words.push('--kernel', args.kernel);
  if (args.container) words.push('--container');
  if (options.withTarget && args.target !== undefined) words.push('--target', args.target);
  return words;
}

function command(words: readonly string[]): string {
  return ['sysctl-advisor', 'advise', ...words].map(shellWord).join(' ');
}

export interface NextStepsInput {
  readonly args: AdviseArgs;
  readonly changes: readonly Change[];
  /** The drop-in, as a path on the host the plan is for. */
  readonly target: string;
  /** Whether the drop-in's content changes (a plan may only remove lines elsewhere). */
  readonly targetChanges: boolean;
  /** Files other than the target that lose a line. */
  readonly removalFiles: readonly string[];
}

/** What to run next, or nothing when the plan is empty or this run already carried it out. */
export function nextSteps({ args, changes, target, targetChanges, removalFiles }: NextStepsInput): string[] {
  const actionable = changes.filter((change) => !change.overriddenBy);
  if (actionable.length === 0 || args.output !== undefined || args.apply) return [];
  const writes = actionable.some(editsFiles);
  const runtime = actionable.some((change) => change.runtime !== null);
  const files = [
    targetChanges ? `writes ${target}` : '',
    removalFiles.length ? `removes the lines shown from ${removalFiles.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  if (resolve(args.root) === '/') {
    const words = [
      ...contextWords(args, { withRoot: false, withTarget: false }),
      ...(writes ? ['-o', target] : []),
      ...(runtime ? ['--apply'] : []),
    ];
    const what = [
      writes ? `${files} (each previous file kept as FILE.bak)` : '',
      runtime ? 'sets the running kernel (previous values saved to a rollback file first)' : '',
    ].filter(Boolean);
    return ['Carry it out (as root):', `  ${command(words)}`, `  It ${what.join(', then ')}.`];
  }
  // A bundle: the plan is for the host it was collected on, not for this machine.
  const lines = [
    `This plan is for the host collected in ${resolve(args.root)}, not for this machine. On that host (as root), carry out the whole plan, files and running kernel:`,
    `  ${command([...contextWords(args, { withRoot: false, withTarget: true }), ...(writes ? ['-o', target] : []), ...(runtime ? ['--apply'] : [])])}`,
  ];
  if (targetChanges) {
    const rest = [
      removalFiles.length ? `remove the lines the diff removes from ${removalFiles.join(', ')}` : '',
      runtime ? 'apply it (sysctl-advisor apply FILE)' : '',
    ].filter(Boolean);
    lines.push(
      `Or write the drop-in here and copy it to that host as ${target}${rest.length ? `, then there ${rest.join(' and ')}` : ''}:`,
      `  ${command([...contextWords(args, { withRoot: true, withTarget: true }), '-o', `./${target.split('/').pop()!}`])}`,
    );
  }
  return lines;
}
