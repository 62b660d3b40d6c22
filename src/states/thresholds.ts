/**
 * Monitoring-plugin thresholds on state counts (Nagios/Icinga/Zabbix conventions). Thresholds
 * are data — {warn: {TIME_WAIT: 600}, crit: {...}} — so the CLI flags and a profile's
 * `monitor:` section can feed the same evaluation.
 *
 * A threshold N is the Nagios range "N" (0..N is fine): a count above N alerts. Exit codes
 * 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; one status line with performance data.
 */
import type { TcpStateName } from '../snapshot/types.js';
import { parseStateName, stateSpellingsHint, TCP_STATES } from '../sockets/states.js';
import type { FamilyCounts } from '../snapshot/types.js';
import { UsageError } from '../util/errors.js';

/** Thresholds as written (state names in any accepted spelling), e.g. a profile's monitor section. */
export interface ThresholdData {
  readonly warn?: Readonly<Record<string, number>>;
  readonly crit?: Readonly<Record<string, number>>;
}

/** What a threshold can name: one of the eleven states, or all sockets. */
export type ThresholdSubject = TcpStateName | 'TOTAL';

export interface StateThreshold {
  readonly warn?: number;
  readonly crit?: number;
}

export type Thresholds = ReadonlyMap<ThresholdSubject, StateThreshold>;

export type MonitorStatus = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

export const EXIT_CODES: Readonly<Record<MonitorStatus, number>> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

export interface MonitorResult {
  readonly status: MonitorStatus;
  readonly exitCode: number;
  /** The one status line, without a newline. */
  readonly line: string;
}

const PLUGIN = 'TCP STATES';

function subjectOf(name: string): ThresholdSubject | undefined {
  if (/^(total|all)$/i.test(name.trim())) return 'TOTAL';
  return parseStateName(name);
}

/** Normalises threshold data; an unknown state name or a bad number is a UsageError. */
export function normaliseThresholds(data: ThresholdData): Thresholds {
  const result = new Map<ThresholdSubject, StateThreshold>();
  for (const level of ['warn', 'crit'] as const) {
    for (const [name, value] of Object.entries(data[level] ?? {})) {
      const subject = subjectOf(name);
      if (subject === undefined) throw new UsageError(`--${level} ${name}: not a TCP state (use ${stateSpellingsHint()}, or total)`);
      if (!Number.isInteger(value) || value < 0)
        throw new UsageError(`--${level} ${name}=${value}: the threshold must be a whole number ≥ 0`);
      result.set(subject, { ...result.get(subject), [level]: value });
    }
  }
  return result;
}

/** "TIME_WAIT=600" or "time-wait=600,established=1000" flags → threshold data. */
export function parseThresholdFlags(warn: readonly string[], crit: readonly string[]): ThresholdData {
  const parse = (level: string, specs: readonly string[]) => {
    const out: Record<string, number> = {};
    for (const spec of specs.flatMap((s) => String(s).split(','))) {
      // At most 15 digits: a longer count is not a socket count, and would lose digits as a number.
      const match = /^\s*([^=\s]+)\s*=\s*(\d{1,15})\s*$/.exec(spec);
      if (!match) throw new UsageError(`--${level} ${spec}: expected STATE=N with N a whole number, e.g. --${level} TIME_WAIT=600`);
      out[match[1]!] = Number(match[2]);
    }
    return out;
  };
  return { warn: parse('warn', warn), crit: parse('crit', crit) };
}

function perfLabel(subject: ThresholdSubject): string {
  return subject.toLowerCase();
}

/** Evaluates counts against thresholds: the worst level wins; the line lists what tripped. */
export function evaluateThresholds(
  byState: Readonly<Record<TcpStateName, FamilyCounts>>,
  total: number,
  thresholds: Thresholds,
): MonitorResult {
  const subjects: ThresholdSubject[] = [...TCP_STATES, 'TOTAL'];
  const countOf = (subject: ThresholdSubject) => (subject === 'TOTAL' ? total : byState[subject].total);
  const tripped: { subject: ThresholdSubject; level: 'WARNING' | 'CRITICAL' }[] = [];
  for (const subject of subjects) {
    const threshold = thresholds.get(subject);
    if (!threshold) continue;
    const count = countOf(subject);
    if (threshold.crit !== undefined && count > threshold.crit) tripped.push({ subject, level: 'CRITICAL' });
    else if (threshold.warn !== undefined && count > threshold.warn) tripped.push({ subject, level: 'WARNING' });
  }
  const status: MonitorStatus = tripped.some((t) => t.level === 'CRITICAL') ? 'CRITICAL' : tripped.length > 0 ? 'WARNING' : 'OK';
  const describe = (subject: ThresholdSubject) => {
    const threshold = thresholds.get(subject) ?? {};
    const limits = [
      threshold.warn !== undefined ? `warn ${threshold.warn}` : '',
      threshold.crit !== undefined ? `crit ${threshold.crit}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `${subject}=${countOf(subject)}${limits ? ` (${limits})` : ''}`;
  };
  const shown =
    status === 'OK'
      ? subjects.filter((s) => thresholds.has(s))
      : [...tripped.filter((t) => t.level === 'CRITICAL'), ...tripped.filter((t) => t.level === 'WARNING')].map((t) => t.subject);
  const perfdata = subjects
    .map((subject) => {
      const threshold = thresholds.get(subject) ?? {};
      return `'${perfLabel(subject)}'=${countOf(subject)};${threshold.warn ?? ''};${threshold.crit ?? ''};0;`;
    })
    .join(' ');
  const text =
    status === 'OK' ? `${shown.map(describe).join(', ')}${shown.length ? ', ' : ''}${total} sockets` : shown.map(describe).join(', ');
  return { status, exitCode: EXIT_CODES[status], line: `${PLUGIN} ${status} - ${text} | ${perfdata}` };
}

/** The UNKNOWN line for input that could not be read: the reason, no performance data. */
export function unknownResult(reason: string): MonitorResult {
  return { status: 'UNKNOWN', exitCode: EXIT_CODES.UNKNOWN, line: `${PLUGIN} UNKNOWN - ${reason.replace(/\s*\n\s*/g, '; ')}` };
}
