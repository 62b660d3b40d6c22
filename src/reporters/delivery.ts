/**
 * What `--emit` delivers, whatever the engine: the settings for a host or a group of hosts, each
 * with its explanation, and the explained drop-in they make. `generate` builds one from a profile's
 * plan, `fleet` one per advice group; the emitters in reporters/emit-*.ts turn it into each engine's format.
 */
import type { KernelVersion } from '../kernel/version.js';
import { commentLines } from '../util/wrap.js';
import { packageVersion } from '../util/package-info.js';

export interface DeliverySetting {
  readonly key: string;
  readonly value: string;
  /** Why, in sentences; emitted as comments above the setting. */
  readonly why: readonly string[];
}

export interface Delivery {
  /** File stem: the profile's name (generate) or the advice group's id (fleet). */
  readonly name: string;
  /** One line saying what it is for, for the emitted files' headers. */
  readonly title: string;
  /** The inventory hosts it is for; null: any host (generate), chosen at apply time. */
  readonly hosts: readonly string[] | null;
  /** The oldest kernel it must suit (the Kubernetes safe set depends on it). */
  readonly kernel: KernelVersion;
  readonly settings: readonly DeliverySetting[];
  /** The sysctl.d drop-in with every setting explained. */
  readonly conf: string;
  /** What it leaves out and why (refused values, lines to remove by hand). */
  readonly notes: readonly string[];
}

export const DEFAULT_DROP_IN = '/etc/sysctl.d/90-sysctl-advisor.conf';

/** A drop-in for settings that come from a fleet's advice (generate renders its own: reporters/sysctl-conf.ts). */
export function renderDeliveryConf(header: readonly string[], settings: readonly DeliverySetting[], notes: readonly string[]): string {
  const out: string[] = [
    `# Written by sysctl-advisor ${packageVersion()}: ${header[0] ?? ''}`,
    ...header.slice(1).map((line) => `# ${line}`),
    '# Apply with: sysctl -p THIS_FILE (or sysctl --system). A later file (99-*.conf, /etc/sysctl.conf) can override these.',
    '',
  ];
  if (settings.length === 0) out.push('# Nothing to set.', '');
  for (const setting of settings) out.push(...setting.why.flatMap((why) => commentLines(why)), `${setting.key} = ${setting.value}`, '');
  if (notes.length > 0) out.push('# Left out:', ...notes.flatMap((note) => commentLines(note, '  ')), '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
