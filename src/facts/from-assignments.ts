/**
 * The config half of Facts from assignments applied one after another by one tool, with no
 * sysctl.d precedence to resolve: the last line for a key wins and shadows the earlier ones. This
 * is what an embedded unit (a pod, a play, a script) does, and what rule tests describe.
 */
import type { Tool } from '../config/index.js';
import type { ConfigFacts } from './from-effective-config.js';
import type { ConfigAssignment, InvalidConfigLine, KeyState } from './types.js';

export function configFactsInOrder(
  tool: Tool,
  assignments: readonly ConfigAssignment[],
  invalidLines: readonly InvalidConfigLine[] = [],
): ConfigFacts {
  const keys = new Map<string, Omit<KeyState, 'live' | 'liveSource'>>();
  for (const assignment of assignments) {
    const previous = keys.get(assignment.key);
    keys.set(assignment.key, {
      key: assignment.key,
      shadowed: previous?.configured ? [...previous.shadowed, previous.configured] : [],
      configured: assignment,
    });
  }
  return { tool, keys, assignments, invalidLines };
}
