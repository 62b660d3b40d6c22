/**
 * /proc/net/netstat and /proc/net/snmp (docs/kernel/observing.md#counters): line pairs, a "Group: Name Name ..."
 * line followed by a "Group: 1 2 ..." line. Values are 64-bit in the kernel; they become
 * numbers while they are safe integers and bigints beyond, so nothing is rounded.
 */
import type { CounterGroup, CounterValue, Provenance } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { setOwn } from '../util/own-property.js';
import { scanLines, sourceName, type ByteSource } from './line-scanner.js';

export interface CounterGroupReading {
  readonly values: CounterGroup;
  /** The value line. */
  readonly provenance: Provenance;
}

const INTEGER = /^-?\d+$/;

export function parseCounterValue(text: string): CounterValue | undefined {
  if (!INTEGER.test(text)) return undefined;
  const asNumber = Number(text);
  return Number.isSafeInteger(asNumber) ? asNumber : BigInt(text);
}

/** Every group of a netstat/snmp file, by group name ("TcpExt", "Tcp", "IpExt", ...). */
export function readCounterFile(source: ByteSource): Readonly<Record<string, CounterGroupReading>> {
  const file = sourceName(source);
  const groups: Record<string, CounterGroupReading> = {};
  let pending: { group: string; names: string[]; line: number } | undefined;
  scanLines(source, (buf, start, end, line) => {
    const text = buf.toString('latin1', start, end).trim();
    if (text === '') return;
    const colon = text.indexOf(':');
    if (colon <= 0) throw new InputError(`not a counter line (expected "Group: ..."): "${clip(text)}"`, { file, line });
    const group = text.slice(0, colon);
    const fields = text
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (!pending) {
      if (fields.length > 0 && fields.every((f) => INTEGER.test(f))) {
        throw new InputError(`${group}: values without a line of names before them`, { file, line });
      }
      pending = { group, names: fields, line };
      return;
    }
    if (group !== pending.group) {
      throw new InputError(`expected the "${pending.group}:" values for the names on line ${pending.line}, found "${group}:"`, {
        file,
        line,
      });
    }
    if (fields.length !== pending.names.length) {
      throw new InputError(`${group}: ${fields.length} values for ${pending.names.length} names (line ${pending.line})`, { file, line });
    }
    const values: Record<string, CounterValue> = {};
    pending.names.forEach((name, i) => {
      const value = parseCounterValue(fields[i]!);
      if (value === undefined) throw new InputError(`${group} ${name}: "${fields[i]}" is not an integer`, { file, line });
      setOwn(values, name, value); // a counter named "__proto__" is an entry like any other
    });
    setOwn(groups, group, { values, provenance: { file, line } });
    pending = undefined;
  });
  if (pending) throw new InputError(`${pending.group}: a line of names without its line of values`, { file, line: pending.line });
  return groups;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
