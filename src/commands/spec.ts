import type { Argv } from 'yargs';
import type { CommandEnvironment, CommandOutput } from '../util/command-io.js';

/**
 * A command as the CLI registers it. `builder` only declares options (cheap); `run` imports
 * the implementation when the command actually runs, so `review` never loads the wizard.
 */
export interface CommandSpec {
  readonly command: string | readonly string[];
  readonly describe: string;
  // yargs' builder typing is too generic to state precisely here; each command narrows its own args.
  readonly builder: (yargs: Argv) => Argv<unknown>;
  readonly run: (args: Record<string, unknown>, environment: CommandEnvironment) => Promise<CommandOutput>;
  /** Said instead of yargs' "Not enough non-option arguments" when the command's required argument is missing. */
  readonly missingArgument?: string;
}
