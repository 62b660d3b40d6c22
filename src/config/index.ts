/**
 * The sysctl config-file layer.
 *
 * For a reviewer (every line, with columns):
 *   parseConfigText, parseConfigBytes, readConfigFile, readConfigPaths, detectNotSysctl,
 *   describeNote, describeInvalid, simulateLoad (what `sysctl -p FILE...` would write).
 * For the advise engine (values with provenance):
 *   effectiveConfig(root, { knownKeys }), lookupKey, laterOverrides.
 *
 * Behaviour follows procps-ng 4.0.2 and systemd 252 as observed on a real host; see
 * docs/config-files.md for the deliberate differences.
 */
import { runTool, type LoadedFile, type ToolRun } from './simulate.js';
import { KeyIndex } from './glob.js';
import type { Tool } from './types.js';

export type * from './types.js';
export { parseConfigText } from './parse.js';
export {
  decodeConfigBytes,
  listConfDirectory,
  listConfEntries,
  MAX_CONFIG_BYTES,
  parseConfigBytes,
  readConfigFile,
  readConfigFileBytes,
  readConfigPaths,
} from './read.js';
export type { ConfEntry } from './read.js';
export { detectNotSysctl, foreignLineHint, type ForeignFormat, type NotSysctl } from './detect.js';
export { describeInvalid, describeNote } from './describe.js';
export { effectiveConfig, lookupKey, sourcesOf, type EffectiveOptions } from './effective.js';
export { laterOverrides, type LaterOverrides, type NotReadReason, type OverridingLine, type TargetFate } from './overrides.js';
export { compareBytewise, isGlob, KeyIndex, matchComponent } from './glob.js';
export { anyKeyToProcPath, dottedKey, normalizeProcPath, procpsRawPath, systemdKey } from './keypath.js';
export { readConfigTextInRoot } from './rootfs.js';
export { resolveInRoot, type ResolvedPath } from '../util/in-root.js';
export { ETC_SYSCTL_CONF, PROCPS_DIRECTORIES, SYSTEMD_DIRECTORIES } from './sources.js';
export type { LoadedFile, ToolRun, ToolWrite } from './simulate.js';

/**
 * What a tool writes for these files in this order: `sysctl -p A B` (procps) or
 * `systemd-sysctl A B`. Globs are expanded against `knownKeys` (left unexpanded without them).
 */
export function simulateLoad(tool: Tool, files: readonly LoadedFile[], knownKeys?: Iterable<string> | KeyIndex): ToolRun {
  const index = knownKeys === undefined ? undefined : knownKeys instanceof KeyIndex ? knownKeys : new KeyIndex(knownKeys);
  return runTool(tool, files, index);
}
