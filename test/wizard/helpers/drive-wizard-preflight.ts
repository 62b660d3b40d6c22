/**
 * Child process for the wizard's preflight test, run inside unshare --mount where ROOT is
 * mounted read-only: starts a session on ROOT saving answers to ANSWERS and prints, as JSON, the
 * error it ends with and what the terminal showed (no question may have been asked).
 */
import { runWizardSession } from '../../../src/wizard/run.js';
import { ScriptedTerminal } from './scripted-terminal.js';

const [root, answers] = process.argv.slice(2) as [string, string];
const terminal = new ScriptedTerminal();
try {
  await runWizardSession(
    { root, saveAnswers: answers },
    { terminal, env: { NO_COLOR: '1' }, runtime: { platform: process.platform, uid: process.getuid?.() } },
  );
  process.stdout.write(`${JSON.stringify({ error: null, screen: terminal.text })}\n`);
} catch (error) {
  const message = error instanceof Error && 'oneLine' in error ? (error as Error & { oneLine(): string }).oneLine() : String(error);
  process.stdout.write(`${JSON.stringify({ error: message, screen: terminal.text })}\n`);
}
