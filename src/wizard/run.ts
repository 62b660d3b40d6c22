/**
 * The wizard command's implementation (loaded only when "wizard" runs): refuse without a
 * terminal, run the flow on the terminal's streams, and turn Ctrl-C into exit 130.
 */
import type { CommandEnvironment, CommandOutput } from '../util/command-io.js';
import type { WizardArgs } from './flow.js';
import type { Runtime } from '../writers/guards.js';
import { paintFor } from '../reporters/colour.js';
import { UsageError } from '../util/errors.js';
import { runWizardFlow } from './flow.js';
import { createInquirerPrompter, isPromptExit, type Terminal } from './prompter.js';

export const NOT_A_TERMINAL =
  'the wizard needs a terminal (stdin and stdout must be a TTY); non-interactively use: sysctl-advisor advise --profile NAME -o FILE [--apply], or replay a saved run: sysctl-advisor advise --answers FILE -o FILE [--apply]';

/** Exit status of a process ended by SIGINT (128 + 2), which is what Ctrl-C means to a shell. */
export const INTERRUPTED_EXIT = 130;

export interface WizardSession {
  readonly terminal: Terminal;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly runtime: Runtime;
  /** /proc/sys to apply to; the live one by default. */
  readonly procSys?: string;
}

/** Runs the flow on a terminal (real or, in tests, scripted streams). */
export async function runWizardSession(args: WizardArgs, session: WizardSession): Promise<CommandOutput> {
  const prompter = createInquirerPrompter(session.terminal);
  const print = (text: string) => void session.terminal.output.write(text);
  try {
    const outcome = await runWizardFlow(args, {
      prompter,
      print,
      paint: paintFor(true, session.env),
      runtime: session.runtime,
      ...(session.procSys ? { procSys: session.procSys } : {}),
    });
    return { stdout: '', exitCode: outcome.exitCode };
  } catch (error) {
    // Every prompt precedes the first write, so an interrupted wizard has written nothing.
    if (isPromptExit(error))
      return { stdout: '', stderr: 'sysctl-advisor: wizard interrupted; nothing was written\n', exitCode: INTERRUPTED_EXIT };
    throw error;
  }
}

/** The wizard on the terminal the CLI hands over (CommandEnvironment.terminal). */
export async function runWizard(args: WizardArgs, environment: CommandEnvironment): Promise<CommandOutput> {
  if (!environment.stdinIsTTY || !environment.stdoutIsTTY) throw new UsageError(NOT_A_TERMINAL);
  return runWizardSession(args, {
    terminal: environment.terminal,
    env: environment.env,
    runtime: { platform: environment.platform, uid: environment.uid },
  });
}
