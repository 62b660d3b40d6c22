/** Every command, in the order --help lists them. Adding a command = one file + one line here. */
import type { CommandSpec } from './spec.js';

export const COMMANDS: readonly CommandSpec[] = [];
