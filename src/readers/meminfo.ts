/** proc/meminfo MemTotal, which the catalogue's memory-dependent defaults (ehash sizing) need. */
import type { Observed } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { readText } from './line-scanner.js';
import { readRootFile } from './root-file.js';

const MEM_TOTAL = /^MemTotal:\s+(\d+) kB\s*$/;

export function readMemTotal(root: string): Observed<number> {
  return readRootFile(root, 'proc/meminfo', (source, file) => {
    const lines = readText(source).split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('MemTotal:')) continue;
      const match = MEM_TOTAL.exec(lines[i]!);
      if (!match) throw new InputError(`MemTotal is not "N kB": "${lines[i]}"`, { file, line: i + 1 });
      return { value: Number(match[1]) * 1024, provenance: { file, line: i + 1 } };
    }
    throw new InputError('no MemTotal line', { file, line: 1 });
  });
}
