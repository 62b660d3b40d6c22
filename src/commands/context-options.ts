/**
 * The context flags shared by generate, advise, review and the wizard: facts about the
 * path to this host that no file on it records.
 */
import type { Argv } from 'yargs';
import { idleTimeoutFlag, kernelFlag, middleboxFlag } from './flag-checks.js';
import { MIDDLEBOX_IDS } from '../params/middleboxes.js';

export function withContextOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('clients-behind-nat', {
      type: 'boolean',
      describe: 'Clients reach this host through NAT (default from the profile, else true; --no-clients-behind-nat to deny)',
    })
    .option('nat-gateway', {
      type: 'boolean',
      describe: 'This host translates addresses for others (default from the profile, else false)',
    })
    .option('idle-timeout', {
      // Read as a string and checked by idleTimeoutFlag: type 'number' would turn "300s" into NaN silently.
      type: 'string',
      requiresArg: true,
      coerce: idleTimeoutFlag,
      describe:
        'Smallest idle timeout of a load balancer, firewall or NAT on the path, in whole seconds (at least 10), e.g. 300 for an F5 virtual server',
    })
    .option('lb', {
      type: 'string',
      requiresArg: true,
      coerce: middleboxFlag('lb'),
      describe: `Load balancer in front of this host: ${MIDDLEBOX_IDS.lb.join(', ')}, or its idle timeout in seconds`,
    })
    .option('nat', {
      type: 'string',
      requiresArg: true,
      coerce: middleboxFlag('nat'),
      describe: `NAT between this host and its peers: ${MIDDLEBOX_IDS.nat.join(', ')}, or its idle timeout in seconds`,
    })
    .option('kernel', {
      type: 'string',
      requiresArg: true,
      coerce: kernelFlag,
      describe: 'Target kernel X.Y[.Z] or a "uname -r" release (default: the running kernel on Linux, else the newest known)',
    });
}
