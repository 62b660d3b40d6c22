/**
 * When apply must refuse before touching anything: not Linux, not root, a root other than "/",
 * or a later config file that would undo the change at the next boot (the live value and the
 * boot value would then disagree, which is worse than not changing it).
 */
import { resolve } from 'node:path';
import { bootToolOf } from '../facts/from-effective-config.js';
import { procSysKeys } from '../readers/proc-sys-keys.js';
import { effectiveConfig, laterOverrides, type EffectiveConfig, type NotReadReason, type Tool } from '../config/index.js';

export interface Runtime {
  readonly platform: NodeJS.Platform;
  /** process.getuid(); undefined where it does not exist (Windows). */
  readonly uid: number | undefined;
}

/** Why apply cannot run at all here, or undefined when it can. */
export function runtimeRefusal(runtime: Runtime, root: string): string | undefined {
  if (runtime.platform !== 'linux') return `applying writes /proc/sys of the running Linux kernel; this is ${runtime.platform}`;
  if (resolve(root) !== '/')
    return `--root ${root}: values are applied to the running host only (--root /); install the drop-in in that root and apply it on its host`;
  if (runtime.uid !== 0) return 'applying writes /proc/sys and needs root (e.g. sudo sysctl-advisor apply FILE)';
  return undefined;
}

/** A later line that would replace a value from the drop-in at boot. */
export interface LaterOverride {
  readonly key: string;
  readonly tool: Tool;
  readonly file: string;
  readonly line: number;
  /** null: a "-key" line that makes systemd-sysctl drop the key. */
  readonly value: string | null;
}

export interface BootCheck {
  readonly overrides: readonly LaterOverride[];
  /** Set when the boot tools do not read the drop-in at all: the values last until the next boot. */
  readonly notReadAtBoot?: string;
}

const NOT_READ: Record<NotReadReason, string> = {
  'outside-config-directories': 'it is not in a sysctl.d directory',
  'not-conf': 'its name does not end in ".conf"',
  hidden: 'systemd-sysctl skips names starting with "."',
  'sysctl-conf-not-linked': 'systemd-sysctl reads /etc/sysctl.conf only through a sysctl.d link',
};

/**
 * The lines applied after `dropIn` (a path inside `configRoot`) that set one of `keys` again,
 * under the tool that applies sysctl.d at boot and under procps (whose /etc/sysctl.conf comes last).
 */
export function checkBootOrder(keys: readonly string[], dropIn: string, configRoot = '/', effective?: EffectiveConfig): BootCheck {
  const config = effective ?? effectiveConfig(configRoot, { knownKeys: procSysKeys(configRoot) });
  const tools: Tool[] = [...new Set<Tool>([bootToolOf(config), 'procps'])];
  const overrides: LaterOverride[] = [];
  let notReadAtBoot: string | undefined;
  for (const key of keys) {
    const fates = laterOverrides(config, key, dropIn);
    for (const tool of tools) {
      const fate = fates[tool];
      if (fate.status === 'not-read') notReadAtBoot ??= `${dropIn} is not read at boot: ${NOT_READ[fate.reason]}`;
      if (fate.status === 'masked')
        notReadAtBoot ??= `${dropIn} is not read at boot: ${fate.by} has the same name in a higher-priority directory`;
      if (fate.status !== 'applied') continue;
      const last = fate.overriddenBy.at(-1);
      if (!last) continue;
      overrides.push({ key, tool, file: last.realFile, line: last.line, value: last.kind === 'assignment' ? (last.value ?? '') : null });
      break; // one named line per key is enough to act on
    }
  }
  return notReadAtBoot ? { overrides, notReadAtBoot } : { overrides };
}

export function describeOverride(override: LaterOverride, dropIn: string): string {
  const what = override.value === null ? `drops ${override.key} ("-${override.key}")` : `sets ${override.key} = ${override.value}`;
  return `${override.file}:${override.line} ${what} and is applied after ${dropIn} (${override.tool === 'procps' ? 'sysctl --system' : 'systemd-sysctl'}), so the value would not survive a reboot; change that line first`;
}
