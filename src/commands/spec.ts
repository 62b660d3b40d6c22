import type { Argv } from 'yargs';
import type { CommandEnvironment, CommandOutput } from '../util/command-io.js';

/**
 * A command as the CLI registers it. `builder` only declares options (cheap); `run` imports
 * the implementation when the command actually runs, so `review` never loads the wizard.
 * `Args` is what the handler takes: the flags `builder` declares, as yargs has checked them.
 */
export interface CommandSpec<Args> {
  readonly command: string | readonly string[];
  readonly describe: string;
  // yargs' builder typing is too generic to state precisely here; `Args` states what it yields.
  readonly builder: (yargs: Argv) => Argv<unknown>;
  readonly run: (args: Args, environment: CommandEnvironment) => Promise<CommandOutput>;
  /** Said instead of yargs' "Not enough non-option arguments" when the command's required argument is missing. */
  readonly missingArgument?: string;
}

/**
 * Any command, whatever its args: only main.ts calls `run`, with what yargs parsed against the
 * command's own builder (a parameter of type `never` accepts every command's `run`).
 */
export type AnyCommandSpec = CommandSpec<never>;
