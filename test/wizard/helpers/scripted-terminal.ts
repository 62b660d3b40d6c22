/**
 * A terminal made of streams for driving the wizard in-process: keystrokes go into `input`,
 * everything the prompts and the flow print lands in `text` (ANSI codes stripped). Each
 * `expect` waits for text that appears after what the previous `expect` matched, so a script
 * reads like the session it drives.
 */
import { PassThrough, Writable } from 'node:stream';

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]/g;

export const KEYS = { enter: '\r', down: '\u001b[B', up: '\u001b[A', space: ' ', ctrlC: '\u0003' } as const;

/**
 * Like process.stdout, it outlives every prompt: each inquirer prompt pipes into it and ends its
 * own stream when done, and pipe() ends any destination except stdout and stderr.
 */
class TerminalOutput extends Writable {
  /** Wide enough that prompts do not wrap, so scripts can match whole messages. */
  readonly columns = 250;
  readonly rows = 50;

  constructor(private readonly append: (chunk: Buffer | string) => void) {
    super();
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.append(chunk);
    callback();
  }

  override end(): this {
    return this;
  }
}

export class ScriptedTerminal {
  readonly input = new PassThrough();
  readonly output: Writable;
  private raw = '';
  private consumed = 0;

  constructor() {
    const append = (chunk: Buffer | string) => {
      this.raw += chunk.toString();
    };
    this.output = new TerminalOutput(append);
  }

  /** Everything printed so far, without ANSI codes. */
  get text(): string {
    return this.raw.replace(ANSI, '');
  }

  /** Waits until `pattern` appears after the last match; returns the text up to and including it. */
  async expect(pattern: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.text;
      const rest = text.slice(this.consumed);
      const match =
        typeof pattern === 'string'
          ? rest.includes(pattern)
            ? { index: rest.indexOf(pattern), length: pattern.length }
            : undefined
          : (() => {
              const m = pattern.exec(rest);
              return m ? { index: m.index, length: m[0].length } : undefined;
            })();
      if (match) {
        this.consumed += match.index + match.length;
        return rest.slice(0, match.index + match.length);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; last output:\n${text.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Types keys (a prompt reads them once it is on screen: call expect first). */
  send(...keys: string[]): void {
    for (const key of keys) this.input.write(key);
  }

  /** expect(pattern) then send(keys). */
  async answer(pattern: string | RegExp, ...keys: string[]): Promise<void> {
    await this.expect(pattern);
    // Let the prompt finish its first render and attach its keypress handler.
    await new Promise((resolve) => setTimeout(resolve, 30));
    this.send(...keys);
  }
}
