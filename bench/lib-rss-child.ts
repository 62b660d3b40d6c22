/**
 * Runs the CLI in this process and reports its peak RSS on stderr as "maxRssKb N": the fallback
 * for bench/states.ts when /usr/bin/time is not installed.
 */
import { runCli } from '../src/main.js';
import { textOf } from '../src/util/pieces.js';
import { inProcessEnvironment } from '../test/helpers/environment.js';

const output = await runCli(process.argv.slice(2), inProcessEnvironment());
process.stdout.write(textOf(output.stdout));
process.stderr.write(`${output.stderr ?? ''}maxRssKb ${process.resourceUsage().maxRSS}\n`);
process.exitCode = output.exitCode;
