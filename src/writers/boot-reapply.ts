/**
 * After `apply --rollback`: which config lines will set a restored key to another value at the
 * next boot. Restoring writes the running kernel only; the drop-in that was applied (or any
 * other file) is read again at boot, by systemd-sysctl and by `sysctl --system` (procps), with
 * the precedence effectiveConfig models.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bootToolOf } from '../facts/from-effective-config.js';
import { procSysKeys } from '../readers/proc-sys-keys.js';
import { effectiveConfig, lookupKey, type Tool } from '../config/index.js';

export interface BootReapply {
  readonly key: string;
  /** The value just restored to the running kernel. */
  readonly restored: string;
  /** The line that wins at boot, and the value it sets. */
  readonly file: string;
  readonly line: number;
  readonly value: string;
  /** Which tools apply that line last: the boot tool, and procps' `sysctl --system`. */
  readonly tools: readonly Tool[];
  /** FILE.bak beside it, when there is one (the copy sysctl-advisor keeps of what it replaced). */
  readonly backup?: string;
}

const sameValue = (a: string, b: string) => a.trim().split(/\s+/).join(' ') === b.trim().split(/\s+/).join(' ');

/** The lines under `configRoot` that set a restored key to something else at boot, one per key and line. */
export function bootTimeReapply(restored: readonly { key: string; value: string }[], configRoot = '/'): BootReapply[] {
  const effective = effectiveConfig(configRoot, { knownKeys: procSysKeys(configRoot) });
  const tools: Tool[] = [...new Set<Tool>([bootToolOf(effective), 'procps'])];
  const found: BootReapply[] = [];
  for (const { key, value } of restored) {
    const outcome = lookupKey(effective, key);
    if (!outcome) continue;
    const byLine = new Map<string, { file: string; line: number; value: string; tools: Tool[] }>();
    for (const tool of tools) {
      const result = outcome[tool];
      if (result.status !== 'set' || sameValue(result.winner.value, value)) continue;
      const where = `${result.winner.realFile}:${result.winner.line}`;
      const entry = byLine.get(where) ?? { file: result.winner.realFile, line: result.winner.line, value: result.winner.value, tools: [] };
      entry.tools.push(tool);
      byLine.set(where, entry);
    }
    for (const entry of byLine.values()) {
      const backup = `${entry.file}.bak`;
      found.push({ key, restored: value, ...entry, ...(existsSync(join(configRoot, backup)) ? { backup } : {}) });
    }
  }
  return found;
}

const TOOL_NAMES: Record<Tool, string> = { systemd: 'systemd-sysctl at boot', procps: 'sysctl --system' };

/** The lines for the report: what re-applies, and what to do about it. */
export function describeBootReapply(found: readonly BootReapply[]): string {
  if (found.length === 0)
    return 'No sysctl config file sets these keys to other values at boot; keys no file sets start from the kernel default after a reboot.\n';
  const lines = found.map((item) => {
    const fix = item.backup ? `restore ${item.backup} or remove the line` : 'remove or change the line';
    return `  ${item.file}:${item.line} sets ${item.key} = ${item.value} (restored now: ${item.restored}; read by ${item.tools.map((tool) => TOOL_NAMES[tool]).join(' and ')}): ${fix}`;
  });
  return ['At the next boot these lines set restored keys again, undoing the rollback:', ...lines].join('\n') + '\n';
}
