/** Every command, in the order --help lists them. Adding a command = one file + one line here. */
import type { CommandSpec } from './spec.js';
import { explainCommand } from './explain.js';
import { generateCommand } from './generate.js';
import { profilesCommand } from './profiles.js';

export const COMMANDS: readonly CommandSpec[] = [generateCommand, explainCommand, profilesCommand];
