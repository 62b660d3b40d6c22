/**
 * The only module that loads the prompt library (inquirer). Everything else talks to the
 * Prompter interface, so the question logic is tested without a terminal and the flow with
 * injected streams (scripted keystrokes), and no other command pays for loading inquirer.
 */
import inquirer from 'inquirer';
import type { Choice } from './questions.js';

export interface CheckboxChoice {
  readonly name: string;
  readonly value: string;
  /** Shown in the one-line summary once the choice is made. */
  readonly short?: string;
  readonly checked: boolean;
  /** Why it cannot be chosen (shown instead of a box). */
  readonly disabled?: string;
  /** Shown under the list while the choice is highlighted. */
  readonly description?: string;
}

export interface Prompter {
  select(spec: { readonly message: string; readonly choices: readonly Choice[]; readonly default?: string }): Promise<string>;
  confirm(spec: { readonly message: string; readonly default: boolean }): Promise<boolean>;
  input(spec: {
    readonly message: string;
    readonly default?: string;
    readonly validate?: (value: string) => true | string;
  }): Promise<string>;
  number(spec: {
    readonly message: string;
    readonly default?: number;
    readonly validate?: (value: number | undefined) => true | string;
  }): Promise<number | undefined>;
  checkbox(spec: { readonly message: string; readonly choices: readonly CheckboxChoice[] }): Promise<string[]>;
}

export interface Terminal {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/** Ctrl-C at a prompt: inquirer rejects with ExitPromptError (matched by name: @inquirer/core is not our dependency). */
export function isPromptExit(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

export function createInquirerPrompter(terminal: Terminal): Prompter {
  const promptModule = inquirer.createPromptModule({ input: terminal.input, output: terminal.output });
  // inquirer's question typing is a deep generic over all prompt kinds; one question at a time
  // with a fixed answer name is all we need, so we state that shape instead.
  const ask = promptModule as unknown as (questions: readonly Record<string, unknown>[]) => Promise<{ answer: unknown }>;
  const one = async <T>(question: Record<string, unknown>): Promise<T> => (await ask([{ ...question, name: 'answer' }])).answer as T;
  return {
    select: (spec) =>
      one<string>({
        type: 'select',
        message: spec.message,
        choices: spec.choices.map((c) => ({ ...c })),
        default: spec.default,
        pageSize: Math.min(12, spec.choices.length),
      }),
    confirm: (spec) => one<boolean>({ type: 'confirm', message: spec.message, default: spec.default }),
    input: (spec) => one<string>({ type: 'input', message: spec.message, default: spec.default, validate: spec.validate }),
    number: (spec) => one<number | undefined>({ type: 'number', message: spec.message, default: spec.default, validate: spec.validate }),
    checkbox: (spec) =>
      one<string[]>({
        type: 'checkbox',
        message: spec.message,
        choices: spec.choices.map((c) => ({ ...c })),
        pageSize: Math.min(15, Math.max(7, spec.choices.length)),
      }),
  };
}
