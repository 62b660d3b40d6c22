/** The `collect` command: --out DIR writes a bundle, --script prints the shell equivalent. */
import { ok, type CommandOutput } from '../util/command-io.js';
import { UsageError } from '../util/errors.js';
import { collectInto } from './copy.js';
import { collectScript } from './script.js';

export interface CollectArgs {
  readonly out?: string;
  readonly script?: boolean;
  readonly root?: string;
  /** Read the kernel counters this many seconds before the rest, so advise --root gives rates. */
  readonly interval?: number;
}

export async function runCollect(args: CollectArgs): Promise<CommandOutput> {
  if (args.script && args.out !== undefined) throw new UsageError('--out and --script exclude each other');
  if (args.script && args.interval !== undefined)
    throw new UsageError('--interval goes with --out; the script takes the seconds as its second argument: sh collect.sh DIR SECONDS');
  if (args.script) return ok(collectScript());
  if (args.out === undefined) throw new UsageError('give --out DIR (write a bundle here) or --script (print a shell script that does it)');
  if (args.interval !== undefined && (!Number.isFinite(args.interval) || args.interval <= 0 || args.interval > 3600)) {
    throw new UsageError(
      `--interval ${args.interval}: give the seconds between the two readings of the counters, more than 0 and at most 3600`,
    );
  }
  const result = collectInto(args.out, args.root ?? '/', args.interval !== undefined ? { interval: args.interval } : {});
  const notes = result.unreadable.map((u) => `sysctl-advisor: skipped /${u.path}: ${u.reason}\n`).join('');
  return ok(
    '',
    `${notes}collected ${result.copied.length} files and ${result.linked.length} links into ${result.out} (${result.missing.length} planned files absent here); read it with --root ${result.out}\n`,
  );
}
