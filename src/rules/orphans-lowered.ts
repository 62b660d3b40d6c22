/**
 * tcp_max_orphans set below the kernel default (half the established hash, which memory sizes):
 * past the cap the kernel resets orphaned sockets instead of finishing their close, so the peer gets
 * a RST and unsent data is lost (docs/kernel/fin-timeout-and-orphans.md#tcp_max_orphans). Review does
 * not know the host's memory: the finding says above which memory the value is lower than the default.
 */
import type { Rule, RuleReport } from '../engine/types.js';
import { defaultFor } from '../params/defaults.js';
import { findParam } from '../params/lookup.js';

const KEY = 'net.ipv4.tcp_max_orphans';
/** alloc_large_system_hash: one ehash bucket per 128 KiB of memory, at most 512K entries (docs/kernel/time-wait.md#tcp_max_tw_buckets). */
const BYTES_PER_EHASH_BUCKET = 128 * 1024;
const LARGEST_DEFAULT = 262144;

/** The memory above which the default (ehash / 2) exceeds `value`; undefined when no host's default does. */
function memoryAbove(value: number): number | undefined {
  if (value >= LARGEST_DEFAULT) return undefined;
  let ehash = 1;
  while (ehash <= 2 * value) ehash *= 2;
  return (ehash / 2) * BYTES_PER_EHASH_BUCKET;
}

const size = (bytes: number) => (bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GiB` : `${bytes / 2 ** 20} MiB`);

export const orphansLowered: Rule = {
  meta: {
    id: 'orphans-lowered',
    severity: 'warning',
    severities: { allowed: ['warning'], why: 'orphaned sockets past the lowered cap are reset instead of closed: worse behaviour' },
    description: 'tcp_max_orphans is set below the kernel default: orphaned sockets past the cap are reset instead of closed.',
    keys: [KEY],
    needs: [['config']],
    references: [
      'docs/kernel/fin-timeout-and-orphans.md#tcp_max_orphans',
      'https://www.kernel.org/doc/html/v6.18/networking/ip-sysctl.html#tcp-variables',
    ],
    messages: {
      lowered:
        'tcp_max_orphans = {value} is below the kernel default ({default}) here: remove the line\n' +
        'Past the cap the kernel resets orphaned sockets ("too many orphaned sockets", TCPAbortOnMemory) instead of finishing their close; the default, half the established hash, already scales with memory. The kernel documentation says not to lower it artificially (docs/kernel/fin-timeout-and-orphans.md#tcp_max_orphans).',
      loweredUnknownMemory:
        'tcp_max_orphans = {value} is below the kernel default on any host with more than {memory} of RAM: remove the line\n' +
        'The default is half the established hash, which memory sizes (up to 262144). Past the cap the kernel resets orphaned sockets ("too many orphaned sockets", TCPAbortOnMemory) instead of finishing their close; the kernel documentation says not to lower it artificially (docs/kernel/fin-timeout-and-orphans.md#tcp_max_orphans).',
    },
  },
  *check({ facts }): Generator<RuleReport> {
    const line = facts.keys.get(KEY)?.configured;
    const spec = findParam(KEY);
    if (!line || !spec) return;
    const value = Number(line.value.trim().split(/\s+/)[0]);
    if (!Number.isFinite(value)) return;
    const location = { file: line.file, line: line.line, column: line.valueColumn };
    const known = defaultFor(spec, facts.kernel, facts.host).value;
    if (known !== undefined) {
      if (value < Number(known))
        yield { messageId: 'lowered', data: { value, default: known }, key: KEY, location, evidence: { value, default: known } };
      return;
    }
    const memory = memoryAbove(value);
    // Below the default of a 4 GiB host or more: smaller hosts are not where a tuned file ends up.
    if (memory === undefined || memory > 4 * 2 ** 30) return;
    yield { messageId: 'loweredUnknownMemory', data: { value, memory: size(memory) }, key: KEY, location, evidence: { value } };
  },
};
