/**
 * The config half of the engine's Facts for a list of files in application order: every
 * assignment and invalid line, and per key the line that wins and the lines it shadows. The
 * same shape advise gets from factsFromConfig(effectiveConfig(root)), built here from one run of
 * the tool model over exactly the files under review (named files have no root to resolve).
 */
import {
  describeInvalid,
  dottedKey,
  simulateLoad,
  type KeyIndex,
  type LoadedFile,
  type LineRef,
  type Tool,
  type ToolWrite,
} from '../config/index.js';
import { assembleFacts } from './assemble.js';
import { GLOB_SKIPS, toConfigAssignment, type ConfigFacts } from './from-effective-config.js';
import type { AppFacts } from '../readers/apps/types.js';
import type { ConfigAssignment, Facts, InvalidConfigLine, KeyState } from './types.js';

const idOf = (loaded: LoadedFile): string => loaded.realPath ?? loaded.path;

/**
 * `applied`: the files the tool applies, in order (they decide which line wins).
 * `lineOnly`: files whose lines are checked but that this tool does not apply.
 */
export function configFacts(tool: Tool, applied: readonly LoadedFile[], lineOnly: readonly LoadedFile[], knownKeys: KeyIndex): ConfigFacts {
  const assignments: ConfigAssignment[] = [];
  const invalidLines: InvalidConfigLine[] = [];
  // Per file, the assignment on each line (an array indexed by line number: tens of thousands of lookups follow).
  const byLocation = new Map<string, ConfigAssignment[]>();
  for (const loaded of [...applied, ...lineOnly]) {
    const id = idOf(loaded);
    // Debian's /etc/sysctl.d/99-sysctl.conf links to /etc/sysctl.conf, which procps also reads last: one file, listed once.
    if (byLocation.has(id)) continue;
    const byLine: ConfigAssignment[] = [];
    byLocation.set(id, byLine);
    for (const line of loaded.file.lines) {
      if (line.kind === 'assignment') {
        const assignment = toConfigAssignment(id, loaded.file.lines, line);
        assignments.push(assignment);
        byLine[line.line] = assignment;
      } else if (line.kind === 'invalid') {
        invalidLines.push({ file: id, line: line.line, text: line.text, reason: describeInvalid(line) });
      }
    }
  }

  const run = simulateLoad(tool, applied, knownKeys);
  const writesByPath = new Map<string, ToolWrite[]>();
  for (const write of run.writes) {
    if (write.procPath === null) continue;
    let list = writesByPath.get(write.procPath);
    if (!list) writesByPath.set(write.procPath, (list = []));
    list.push(write);
  }
  const at = (ref: LineRef): ConfigAssignment | undefined => byLocation.get(ref.realFile)?.[ref.line];
  const keys = new Map<string, Omit<KeyState, 'live' | 'liveSource'>>();
  for (const path of new Set([...writesByPath.keys(), ...run.skipped.keys()])) {
    const writes = writesByPath.get(path) ?? [];
    const winner = writes.length > 0 ? at(writes[writes.length - 1]!.applied) : undefined;
    // Earlier writes are overwritten by the last; systemd repeats never took effect. A glob skipped for this key
    // (an explicit line or a "-key" protects it) is not dead: it still sets every other key it matches.
    const skipped = (run.skipped.get(path) ?? []).filter((s) => !GLOB_SKIPS.has(s.reason));
    const shadowed = [...writes.slice(0, -1).map((w) => at(w.applied)), ...skipped.map(at)].filter(
      (a): a is ConfigAssignment => a !== undefined && a !== winner,
    );
    const key = dottedKey(path);
    keys.set(key, { key, shadowed: [...new Set(shadowed)], ...(winner ? { configured: winner } : {}) });
  }
  return { tool, keys, assignments, invalidLines };
}

/** Facts from config files alone (review): no live values, sockets or counters; the kernel is --kernel or the newest known. */
export function factsFromFiles(
  files: {
    readonly tool: Tool;
    readonly applied: readonly LoadedFile[];
    readonly lineOnly: readonly LoadedFile[];
    readonly knownKeys: KeyIndex;
  },
  kernelFlag: string | undefined,
  apps?: AppFacts,
): Facts {
  return assembleFacts({
    config: configFacts(files.tool, files.applied, files.lineOnly, files.knownKeys),
    ...(kernelFlag !== undefined ? { kernelFlag } : {}),
    ...(apps ? { apps } : {}),
  });
}
