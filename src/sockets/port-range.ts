/**
 * The usable ephemeral ports a destination can take (docs/kernel/ports.md#capacity): ip_local_port_range
 * minus the reserved ports inside it, from the same root when it has them.
 */
import { findParam } from '../params/lookup.js';
import { portCapacity } from '../params/timing.js';
import { parseParamValue, reservedPortsInside } from '../params/values.js';
import type { PortRangeFacts, SysctlReading } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';

/** af_inet.c inet_init_net: 32768..60999, nothing reserved. */
export const KERNEL_DEFAULT_PORT_RANGE: PortRangeFacts = Object.freeze({
  low: 32768,
  high: 60999,
  reservedInside: 0,
  usable: 28232,
  source: 'kernel-default',
});

/**
 * From the readings of net.ipv4.ip_local_port_range and ip_local_reserved_ports; the kernel
 * default when the range was not read. A value the kernel could not have printed is an
 * InputError at its file.
 */
export function portRangeFrom(range: SysctlReading | undefined, reserved: SysctlReading | undefined): PortRangeFacts {
  if (range?.status !== 'present') return KERNEL_DEFAULT_PORT_RANGE;
  const parsed = parseParamValue(findParam('net.ipv4.ip_local_port_range')!, range.value.value, { unprivilegedPortStart: 0 });
  if (!parsed.ok || parsed.shape !== 'port-range' || parsed.high === undefined) {
    throw new InputError(`ip_local_port_range "${range.value.raw}" is not "low high"`, range.provenance);
  }
  let reservedInside = 0;
  if (reserved?.status === 'present') {
    const list = parseParamValue(findParam('net.ipv4.ip_local_reserved_ports')!, reserved.value.value);
    if (!list.ok || list.shape !== 'port-list') {
      throw new InputError(`ip_local_reserved_ports "${reserved.value.raw}" is not a port list`, reserved.provenance);
    }
    reservedInside = reservedPortsInside(list.ranges, parsed.low, parsed.high);
  }
  return {
    low: parsed.low,
    high: parsed.high,
    reservedInside,
    usable: portCapacity(parsed.low, parsed.high, reservedInside).usablePorts,
    source: 'sysctl',
    provenance: range.provenance,
  };
}
