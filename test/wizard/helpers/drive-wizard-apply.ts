/**
 * Child process for the wizard's apply test, run inside unshare --net --mount: drives a wizard
 * session on root "/" (the namespace's own kernel values), rejecting the first proposed change,
 * accepting the rest, writing the default drop-in and saying yes to applying. Prints the
 * session's exit code and screen as JSON.
 */
import { runWizardSession } from '../../../src/wizard/run.js';
import { KEYS, ScriptedTerminal } from './scripted-terminal.js';

const [rollbackFile] = process.argv.slice(2) as [string];
const terminal = new ScriptedTerminal();
const running = runWizardSession(
  { root: '/', profile: 'outbound-client', clientsBehindNat: false, natGateway: false, idleTimeout: 300, saveRollback: rollbackFile },
  { terminal, env: { NO_COLOR: '1' }, runtime: { platform: process.platform, uid: process.getuid?.() } },
);
await terminal.answer('Which changes do you accept?', '1', KEYS.enter);
await terminal.answer('Write the drop-in to:', KEYS.enter);
await terminal.answer(/Write .*\?/, KEYS.enter);
await terminal.answer(/Also apply \d+ value\(s\) to the running kernel now/, 'y', KEYS.enter);
const output = await running;
process.stdout.write(`${JSON.stringify({ exitCode: output.exitCode, stderr: output.stderr ?? '', screen: terminal.text })}\n`);
