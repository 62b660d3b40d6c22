/**
 * `sysctl -a` output (procps), with its stderr mixed in: "key = value" lines, and
 * "sysctl: permission denied on key 'kernel.cad_pid'" / "sysctl: reading key "..."" lines,
 * which say a key exists but could not be read. Every value keeps its dump file:line.
 */
import { CATALOGUE } from '../params/catalogue.js';
import { canonicalKey } from '../params/keys.js';
import { deepFreeze } from '../snapshot/freeze.js';
import type { HostSnapshot, SysctlDump, SysctlReading, SysctlValue } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { getOwn, setOwn } from '../util/own-property.js';
import { scanLines, sourceName, type ByteSource } from './line-scanner.js';

type Present = Extract<SysctlReading, { status: 'present' }>;
type Unreadable = Extract<SysctlReading, { status: 'unreadable' }>;

const VALUE_LINE = /^([^\s=]+) = ?(.*)$/;
const ERROR_LINE = /^sysctl: (.*)$/;
const QUOTED_KEY = /key ['"`]([^'"`]+)['"`]/;

/** Whitespace runs collapsed, as the catalogue's values are spelled ("32768 60999"). */
export function sysctlValue(raw: string): SysctlValue {
  return { value: raw.trim().replace(/\s+/g, ' '), raw };
}

export function readSysctlDump(source: ByteSource): SysctlDump {
  const file = sourceName(source);
  // Multi-line values (dev.cdrom.info) come as one "key = part" line per line: the parts are
  // collected and joined once at the end (joining as they came was quadratic in the lines).
  const parts = new Map<string, { line: number; raw: string[] }>();
  const unreadable: Record<string, Unreadable> = {};
  scanLines(source, (buf, start, end, line) => {
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '') return;
    const value = VALUE_LINE.exec(text);
    if (value) {
      const key = canonicalKey(value[1]!);
      const known = parts.get(key);
      if (known) known.raw.push(value[2]!);
      else parts.set(key, { line, raw: [value[2]!] });
      return;
    }
    const error = ERROR_LINE.exec(text);
    if (error) {
      const key = QUOTED_KEY.exec(error[1]!)?.[1];
      if (key !== undefined) {
        const name = canonicalKey(key);
        setOwn(unreadable, name, { status: 'unreadable', file, reason: error[1]!, provenance: { file, line } });
      }
      return;
    }
    throw new InputError(
      `not a sysctl -a line (expected "key = value" or "sysctl: ..."): "${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`,
      { file, line },
    );
  });
  // Keys are the dump's text ("__proto__", "constructor"): each becomes an own entry.
  const values: Record<string, Present> = {};
  for (const [key, { line, raw }] of parts)
    setOwn(values, key, { status: 'present', value: sysctlValue(raw.join('\n')), provenance: { file, line } });
  return { file, values, unreadable };
}

/** Every catalogue key as the dump has it: present, unreadable (with the line saying so), or missing. */
export function catalogueReadings(dump: SysctlDump): Record<string, SysctlReading> {
  const readings: Record<string, SysctlReading> = {};
  for (const spec of CATALOGUE) {
    readings[spec.key] = getOwn(dump.values, spec.key) ?? getOwn(dump.unreadable, spec.key) ?? { status: 'missing', file: dump.file };
  }
  return readings;
}

/**
 * A host as its `sysctl -a` output shows it (advise --from): the values, and the kernel release
 * from kernel.osrelease. A dump has no socket table, counters or memory size: those are missing,
 * so the rules that need them say "cannot check".
 */
export function snapshotFromSysctlDump(dump: SysctlDump, root: string): HostSnapshot {
  const missing = { status: 'missing', file: dump.file } as const;
  const release = getOwn(dump.values, 'kernel.osrelease');
  return deepFreeze({
    root,
    kernelRelease: release ? { status: 'present', value: release.value.value, provenance: release.provenance } : missing,
    memTotalBytes: missing,
    sysctls: catalogueReadings(dump),
    sockets: missing,
    ss: missing,
    sockstat: missing,
    counters: { tcpExt: missing, tcp: missing },
    container: { verdict: 'unknown', checks: [] },
  });
}
