/**
 * The whole CLI as a function of argv and an environment, returning what to print and the
 * exit code. cli.ts is the only caller that touches process.*; tests call runCli directly.
 */
import yargs from 'yargs';
import { flagNotes } from './commands/flag-checks.js';
import { COMMANDS } from './commands/index.js';
import type { CommandEnvironment, CommandOutput } from './util/command-io.js';
import { describeError, InputErrors, UsageError } from './util/errors.js';
import { packageVersion } from './util/package-info.js';

export async function runCli(argv: readonly string[], environment: CommandEnvironment): Promise<CommandOutput> {
  const debug = argv.includes('--debug');
  let result: CommandOutput | undefined;
  try {
    const parser = yargs([...argv])
      .scriptName('sysctl-advisor')
      .usage('$0 [command] [options]\n\nExplained, profile-based advice for Linux TCP connection-lifecycle sysctls.')
      .option('debug', { type: 'boolean', describe: 'Show stack traces on errors', global: true })
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        // yargs spreads some messages over indented lines ("Invalid values:\n  Argument: ..."); an
        // error is one line on stderr. Its own errors (a flag without its value, a coerce that
        // refused one) come as YError, which is bad usage, not a bug.
        if (error && error.name !== 'YError') throw error;
        const text = (error?.message ?? message).replace(/\s*\n\s*/g, ' ');
        const missing = /^Not enough arguments following: (\S+)$/.exec(text);
        if (missing) throw new UsageError(`--${missing[1]} needs a value`);
        // A command's required argument, said in its own words ("explain needs a sysctl key, ...").
        const spec = /^Not enough non-option arguments/.test(text)
          ? COMMANDS.find((c) => [c.command].flat()[0]!.split(' ')[0] === argv[0])
          : undefined;
        throw new UsageError(spec?.missingArgument ?? text);
      })
      .version(packageVersion())
      .help()
      .alias('h', 'help')
      .wrap(Math.min(110, process.stdout.columns || 100));
    for (const spec of COMMANDS) {
      parser.command(spec.command as string | string[], spec.describe, spec.builder, async (args) => {
        const output = await spec.run(args, environment);
        const notes = flagNotes(args);
        result = notes ? { ...output, stderr: notes + (output.stderr ?? '') } : output;
      });
    }
    if (!COMMANDS.some((spec) => [spec.command].flat().some((c) => c.startsWith('$0'))))
      parser.demandCommand(1, 'Name a command (see --help).');
    let helpText = '';
    await parser.parseAsync([...argv], {}, (error, _args, output) => {
      if (error) throw error;
      helpText = output;
    });
    return result ?? { stdout: helpText ? `${helpText}\n` : '', exitCode: 0 };
  } catch (error) {
    // Several problems (a profile with three mistakes) are one line each, each with the prefix.
    const lines = error instanceof InputErrors && !debug ? error.errors.map((e) => e.oneLine()) : [describeError(error, debug)];
    return { stdout: '', stderr: lines.map((line) => `sysctl-advisor: ${line}\n`).join(''), exitCode: 2 };
  }
}
