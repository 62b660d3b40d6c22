import { readFileSync } from 'node:fs';
import type { HostFacts } from '../params/types.js';

/** Memory of the machine we run on, for memory-dependent defaults in explain; {} off Linux. */
export function localHostFacts(): HostFacts {
  try {
    const kb = /^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
    return kb ? { memTotalBytes: Number(kb) * 1024 } : {};
  } catch {
    return {};
  }
}
