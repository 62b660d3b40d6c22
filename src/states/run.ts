/**
 * The `states` command: read sockets from a root or a dump into a report (src/commands/states.ts
 * renders it), or — when --warn/--crit are given — make one monitoring-plugin status line, where
 * anything that goes wrong is UNKNOWN (exit 3) with the reason on the line, as plugin conventions want.
 */
import { statSync } from 'node:fs';
import type { CommandEnvironment } from '../util/command-io.js';
import type { ByteSource } from '../readers/line-scanner.js';
import { requireHostRoot } from '../readers/root-path.js';
import { readSocketDump } from '../readers/socket-dump.js';
import { parseStateName, stateSpellingsHint } from '../sockets/states.js';
import { readHostSnapshot } from '../readers/host.js';
import { readSysctl } from '../readers/proc-sys.js';
import { portRangeFrom } from '../sockets/port-range.js';
import { describeError, InputError, UsageError } from '../util/errors.js';
import { reportFromSnapshot, type StatesFormat, type StatesReport } from '../reports/states.js';
import { evaluateThresholds, normaliseThresholds, parseThresholdFlags, unknownResult, type Thresholds } from './thresholds.js';

export interface StatesArgs {
  readonly root?: string;
  readonly from?: string;
  readonly inputFormat: 'auto' | 'ss' | 'netstat' | 'proc-net-tcp';
  readonly state?: string;
  readonly top: number;
  readonly format: StatesFormat;
  readonly warn?: readonly string[];
  readonly crit?: readonly string[];
}

/**
 * What states found: the report, which the CLI layer renders in the chosen format, or in
 * monitoring mode the plugin's status line and exit code.
 */
export type StatesOutcome = { readonly report: StatesReport } | { readonly plugin: { readonly line: string; readonly exitCode: number } };

export async function runStates(args: StatesArgs, environment: CommandEnvironment): Promise<StatesOutcome> {
  const monitoring = (args.warn?.length ?? 0) + (args.crit?.length ?? 0) > 0;
  if (!monitoring) return { report: await readReport(args, environment) };
  let thresholds: Thresholds;
  let report: StatesReport;
  try {
    thresholds = normaliseThresholds(parseThresholdFlags(args.warn ?? [], args.crit ?? []));
    report = await readReport(args, environment);
  } catch (error) {
    const result = unknownResult(describeError(error, false));
    return { plugin: { line: result.line, exitCode: result.exitCode } };
  }
  const result = evaluateThresholds(report.sockets.byState, report.sockets.total.total, thresholds);
  return { plugin: { line: result.line, exitCode: result.exitCode } };
}

async function readReport(args: StatesArgs, environment: CommandEnvironment): Promise<StatesReport> {
  const top = args.top; // checked where yargs parses it (commands/flag-checks.ts)
  if (args.from !== undefined) {
    if (args.root !== undefined) throw new UsageError('--root and --from exclude each other: read a root or a dump');
    return readDumpReport(args, environment, top);
  }
  if (args.state !== undefined) throw new UsageError('--state goes with --from (ss output without a State column)');
  if (args.inputFormat !== 'auto') throw new UsageError('--input-format goes with --from');
  requireHostRoot(args.root ?? '/', 'proc/net');
  const snapshot = readHostSnapshot(args.root ?? '/', { topN: top });
  const sockets = snapshot.sockets;
  if (sockets.status === 'missing')
    throw new InputError(`no socket table: ${sockets.file} and its tcp6 sibling do not exist (is ${snapshot.root} a root?)`);
  if (sockets.status === 'unreadable') throw new InputError(`cannot read ${sockets.file}: ${sockets.reason}`);
  return reportFromSnapshot(snapshot, sockets.value);
}

async function readDumpReport(args: StatesArgs, environment: CommandEnvironment, top: number): Promise<StatesReport> {
  const state = args.state === undefined ? undefined : parseStateName(args.state);
  if (args.state !== undefined && state === undefined)
    throw new UsageError(`--state ${args.state}: not a TCP state (use ${stateSpellingsHint()})`);
  const file = args.from!;
  let source: ByteSource;
  if (file === '-') {
    source = { kind: 'buffer', data: await environment.readStdin(), name: '-' };
  } else {
    let isFile: boolean;
    try {
      isFile = statSync(file).isFile();
    } catch (error) {
      throw new InputError((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeError(error, false), { file });
    }
    if (!isFile) throw new InputError('not a regular file (give a dump file, or --root DIR for a bundle)', { file });
    source = { kind: 'file', path: file };
  }
  // A dump does not say its host's port range; this host's is the likelier one than the kernel default
  // (a pasted `ss -tan` usually comes from where the tool runs). The text says which was used.
  const portRange = portRangeFrom(readSysctl('/', 'net.ipv4.ip_local_port_range'), readSysctl('/', 'net.ipv4.ip_local_reserved_ports'));
  const sockets = readSocketDump(source, { format: args.inputFormat, topN: top, portRange, ...(state ? { state } : {}) });
  return {
    source: { kind: 'dump', file, format: sockets.sources[0]!.format },
    kernelRelease: null,
    sockets,
    sockstat: null,
    maxTwBuckets: null,
  };
}
