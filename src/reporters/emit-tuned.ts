/**
 * A Delivery as a TuneD profile (tuned.conf): [main] summary and [sysctl], each setting explained.
 * TuneD re-applies /etc/sysctl.d after its own [sysctl] unless reapply_sysctl=0 in tuned-main.conf,
 * so a same-named key in a sysctl.d file beats the profile (docs/kernel/config-files-and-precedence.md).
 */
import { packageVersion } from '../util/package-info.js';
import type { Delivery } from './delivery.js';
import { commentLines } from '../util/wrap.js';

export function emitTunedProfile(delivery: Delivery): string {
  const out = [
    `# Written by sysctl-advisor ${packageVersion()}: ${delivery.title}`,
    `# Install as /etc/tuned/sysctl-advisor-${delivery.name}/tuned.conf, then: tuned-adm profile sysctl-advisor-${delivery.name}`,
    '# (add include=YOUR-CURRENT-PROFILE under [main] to keep it). A same-named key in /etc/sysctl.d wins over [sysctl]',
    '# while tuned-main.conf has reapply_sysctl=1 (the default).',
    ...delivery.notes.flatMap((note) => commentLines(`Left out: ${note}`)),
    '[main]',
    `summary=sysctl-advisor: ${delivery.title.replace(/\n/g, ' ')}`,
    '',
    '[sysctl]',
  ];
  for (const setting of delivery.settings) out.push(...setting.why.flatMap((why) => commentLines(why)), `${setting.key}=${setting.value}`);
  return [...out, ''].join('\n');
}
