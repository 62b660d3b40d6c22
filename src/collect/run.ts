/** The `collect` command: --out DIR writes a bundle, --script prints the shell equivalent. */
import type { CollectArgs } from '../commands/collect.js';
import { ok, type CommandOutput } from '../commands/types.js';
import { UsageError } from '../util/errors.js';
import { collectInto } from './copy.js';
import { collectScript } from './script.js';

export async function runCollect(args: CollectArgs): Promise<CommandOutput> {
  if (args.script && args.out !== undefined) throw new UsageError('--out and --script exclude each other');
  if (args.script) return ok(collectScript());
  if (args.out === undefined) throw new UsageError('give --out DIR (write a bundle here) or --script (print a shell script that does it)');
  const result = collectInto(args.out, args.root ?? '/');
  const notes = result.unreadable.map((u) => `sysctl-advisor: skipped /${u.path}: ${u.reason}\n`).join('');
  return ok(
    '',
    `${notes}collected ${result.copied.length} files and ${result.linked.length} links into ${result.out} (${result.missing.length} planned files absent here); read it with --root ${result.out}\n`,
  );
}
