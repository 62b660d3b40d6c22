/**
 * net.core.rmem_default / wmem_default: the buffer every socket starts with (TCP uses tcp_rmem[1] /
 * tcp_wmem[1] instead). The kernel does not clamp the default to rmem_max / wmem_max, which only
 * bound setsockopt(SO_RCVBUF/SO_SNDBUF): a default above the maximum gives every UDP, raw and netlink
 * socket more than any application may ask for, and a default of tens of MiB lets each such socket
 * queue that much memory (https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/net.html#rmem-default).
 */
import type { Rule, RuleReport } from '../engine/types.js';

/** Above this a default is "system-wide tens of MiB": the kernel's own default is 212992 bytes. */
const LARGE_DEFAULT = 16 * 1024 * 1024;

const PAIRS = [
  { def: 'net.core.rmem_default', max: 'net.core.rmem_max', what: 'receive' },
  { def: 'net.core.wmem_default', max: 'net.core.wmem_max', what: 'send' },
] as const;

const MIB = 1024 * 1024;
const mib = (bytes: number) => `${Math.round((bytes / MIB) * 10) / 10} MiB`;

export const socketBufferDefaults: Rule = {
  meta: {
    id: 'socket-buffer-defaults',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'every socket starts with more buffer than intended: memory, worse behaviour' },
    description: 'A default socket buffer (net.core.rmem_default / wmem_default) above its maximum, or of tens of MiB for every socket.',
    keys: [],
    needs: [['config']],
    references: [
      'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/net.html#rmem-default',
      'https://www.kernel.org/doc/html/v6.18/admin-guide/sysctl/net.html#rmem-max',
      'https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/net/core/sock.c?h=v6.12.118 (sock_init_data_uid: sk_rcvbuf = sysctl_rmem_default)',
    ],
    messages: {
      aboveMax:
        '{key} = {value} is above {maxKey} = {max}: lower the default or raise the maximum\n' +
        'Every socket gets more {what} buffer than setsockopt may ask for. ' +
        'The kernel gives each new non-TCP socket (UDP, raw, netlink, unix datagram) {key} bytes without clamping it to {maxKey}, which only bounds SO_{opt}; the default is meant to be at most the maximum. Lower the default or raise the maximum (sock_init_data in net/core/sock.c).',
      large:
        '{key} = {value} ({size}) is a large default {what} buffer: keep it small and raise {maxKey}\n' +
        'It gives every socket a {size} {what} buffer. ' +
        'Every new UDP, raw, netlink and unix datagram socket starts with this much {what} buffer (the kernel default is 212992 bytes); each can then queue {size} of kernel memory, a lot on a host with thousands of sockets. Applications that need large buffers ask with SO_{opt}, up to {maxKey}; TCP uses tcp_{short}[1] and autotuning instead.',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    for (const pair of PAIRS) {
      const line = facts.keys.get(pair.def)?.configured;
      if (!line) continue;
      const value = Number(line.value.trim().split(/\s+/)[0]);
      if (!Number.isFinite(value)) continue;
      const maxLine = facts.keys.get(pair.max)?.configured;
      const max = maxLine ? Number(maxLine.value.trim().split(/\s+/)[0]) : undefined;
      const opt = pair.what === 'receive' ? 'RCVBUF' : 'SNDBUF';
      const short = pair.what === 'receive' ? 'rmem' : 'wmem';
      const location = { file: line.file, line: line.line, column: line.valueColumn };
      if (max !== undefined && Number.isFinite(max) && value > max) {
        yield {
          messageId: 'aboveMax',
          data: { key: pair.def, value, maxKey: pair.max, max, what: pair.what, opt },
          key: pair.def,
          location,
          evidence: { value, max },
        };
      } else if (value >= LARGE_DEFAULT) {
        yield {
          messageId: 'large',
          data: { key: pair.def, value, size: mib(value), maxKey: pair.max, what: pair.what, opt, short },
          key: pair.def,
          location,
          evidence: { value },
        };
      }
    }
  },
};
