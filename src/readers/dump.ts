/**
 * Any pasted dump the readers know, detected from its first lines (or forced): a socket table
 * (ss, netstat, /proc/net/tcp), `sysctl -a` output, or a copy of /proc/net/netstat or snmp.
 */
import type { SocketSummary, SysctlDump } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { detectDumpFormat, FORMAT_NAMES, type DumpKind } from './dump-format.js';
import { headOf, sourceName, type ByteSource } from './line-scanner.js';
import { readCounterFile, type CounterGroupReading } from './proc-counters.js';
import { readSocketDump, type SocketDumpOptions } from './socket-dump.js';
import { readSysctlDump } from './sysctl-dump.js';

export type DumpReading =
  | { readonly kind: 'sockets'; readonly summary: SocketSummary }
  | { readonly kind: 'sysctl'; readonly dump: SysctlDump }
  | { readonly kind: 'counters'; readonly groups: Readonly<Record<string, CounterGroupReading>> };

export interface DumpOptions extends Omit<SocketDumpOptions, 'format'> {
  readonly format?: 'auto' | DumpKind;
}

export function readDump(input: ByteSource, options: DumpOptions = {}): DumpReading {
  const detected = options.format && options.format !== 'auto' ? { kind: options.format } : detectDumpFormat(headOf(input, 16 * 1024));
  switch (detected.kind) {
    case 'sysctl':
      return { kind: 'sysctl', dump: readSysctlDump(input) };
    case 'proc-net-netstat':
      return { kind: 'counters', groups: readCounterFile(input) };
    case 'ss':
    case 'netstat':
    case 'proc-net-tcp':
      return { kind: 'sockets', summary: readSocketDump(input, { ...options, format: detected.kind }) };
    case 'unknown': {
      const tried = Object.values(FORMAT_NAMES).join(', ');
      const file = sourceName(input);
      if (detected.line === 0) throw new InputError(`empty input: expected ${tried} output`, { file });
      throw new InputError(`unrecognised input (tried ${tried}): this line fits none of them: "${detected.text}"`, {
        file,
        line: detected.line,
      });
    }
  }
}
