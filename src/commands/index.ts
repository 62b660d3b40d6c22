/** Every command, in the order --help lists them. Adding a command = one file + one line here. */
import type { AnyCommandSpec } from './spec.js';
import { adviseCommand } from './advise.js';
import { explainCommand } from './explain.js';
import { generateCommand } from './generate.js';
import { profilesCommand } from './profiles.js';
import { statesCommand } from './states.js';
import { collectCommand } from './collect.js';
import { wizardCommand } from './wizard.js';
import { applyCommand } from './apply.js';
import { reviewCommand } from './review.js';
import { completionCommand } from './completion.js';
import { fleetCommand } from './fleet.js';

export const COMMANDS: readonly AnyCommandSpec[] = [
  adviseCommand,
  reviewCommand,
  generateCommand,
  explainCommand,
  profilesCommand,
  statesCommand,
  collectCommand,
  fleetCommand,
  wizardCommand,
  applyCommand,
  completionCommand,
];
