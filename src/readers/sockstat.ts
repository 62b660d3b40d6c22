/**
 * proc/net/sockstat and sockstat6 (docs/kernel/observing.md#sockstat): "Label: name value name value ..." lines.
 * sockstat6 only adds "TCP6: inuse"; it is missing when IPv6 is disabled.
 */
import type { Observed, Sockstat } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { setOwn } from '../util/own-property.js';
import { readText, type ByteSource } from './line-scanner.js';
import { readRootFile } from './root-file.js';

interface LabelledLine {
  readonly line: number;
  readonly fields: Readonly<Record<string, number>>;
}

/** Every "Label: k v k v" line by label; a line that does not have that shape is an InputError. */
export function readLabelledPairs(source: ByteSource, file: string): Record<string, LabelledLine> {
  const result: Record<string, LabelledLine> = {};
  readText(source)
    .split('\n')
    .forEach((text, index) => {
      if (text.trim() === '') return;
      const match = /^([A-Za-z0-9_]+):((?:\s+\S+\s+\S+)*)\s*$/.exec(text);
      if (!match) throw new InputError(`not a "Label: name value ..." line: "${text}"`, { file, line: index + 1 });
      const words = match[2]!.trim().split(/\s+/).filter(Boolean);
      const fields: Record<string, number> = {};
      for (let i = 0; i < words.length; i += 2) {
        const value = Number(words[i + 1]);
        if (!/^\d+$/.test(words[i + 1]!))
          throw new InputError(`${match[1]} ${words[i]}: "${words[i + 1]}" is not a count`, { file, line: index + 1 });
        setOwn(fields, words[i]!, value);
      }
      setOwn(result, match[1]!, { line: index + 1, fields });
    });
  return result;
}

const TCP_FIELDS = ['inuse', 'orphan', 'tw', 'alloc', 'mem'] as const;

export function readSockstat(root: string): Observed<Sockstat> {
  const tcp6 = readRootFile(root, 'proc/net/sockstat6', (source, file) => {
    const line = readLabelledPairs(source, file).TCP6;
    if (line?.fields.inuse === undefined) throw new InputError('no "TCP6: inuse N" line', { file, line: 1 });
    return { value: line.fields.inuse, provenance: { file, line: line.line } };
  });
  return readRootFile(root, 'proc/net/sockstat', (source, file) => {
    const lines = readLabelledPairs(source, file);
    const tcp = lines.TCP;
    if (!tcp) throw new InputError('no "TCP: inuse ... tw ..." line', { file, line: 1 });
    for (const field of TCP_FIELDS) {
      if (tcp.fields[field] === undefined) throw new InputError(`the TCP line has no "${field}"`, { file, line: tcp.line });
    }
    const value: Sockstat = {
      socketsUsed: lines.sockets?.fields.used ?? null,
      tcp: {
        inuse: tcp.fields.inuse!,
        orphan: tcp.fields.orphan!,
        tw: tcp.fields.tw!,
        alloc: tcp.fields.alloc!,
        mem: tcp.fields.mem!,
      },
      tcp6Inuse: tcp6.status === 'present' ? tcp6.value : null,
    };
    return { value, provenance: { file, line: tcp.line } };
  });
}
