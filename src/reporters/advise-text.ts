/**
 * The human report: a one-line summary (what is wrong, how many changes), then findings by
 * severity, each a headline with its detail and this host's numbers indented beneath, then the
 * changes and the diff. Wrapped to the terminal's width (80 when stdout is not a terminal).
 */
import { join } from 'node:path';
import { describeMiddlebox } from '../params/middleboxes.js';
import type { AdviseReport } from '../reports/advise.js';
import { editsFiles, type Change, type Finding, type Severity } from '../engine/types.js';
import { PACKAGE_ROOT } from '../util/package-info.js';
import { DEFAULT_WIDTH, wrapText } from '../util/wrap.js';
import type { Paint } from './colour.js';

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };

export function ruleDocPath(rule: string): string {
  return join(PACKAGE_ROOT, 'docs', 'rules', `${rule}.md`);
}

function where(finding: Finding): string {
  if (!finding.file) return finding.key ?? '';
  return `${finding.file}:${finding.line ?? ''}${finding.column ? `:${finding.column}` : ''}`;
}

const NOUNS: Record<Severity, readonly [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['note', 'notes'],
};

function counted(count: number, [one, many]: readonly [string, string]): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What is wrong and how many changes, in one line: "2 errors (tw-recycle, syn-flood), 1 note; 3 changes proposed". */
export function adviseSummary(report: AdviseReport): string {
  const parts = (['error', 'warning', 'info'] as const).flatMap((severity) => {
    const group = report.findings.filter((finding) => finding.severity === severity);
    if (group.length === 0) return [];
    const rules = [...new Set(group.map((finding) => finding.rule))];
    return [`${counted(group.length, NOUNS[severity])}${severity === 'info' ? '' : ` (${rules.join(', ')})`}`];
  });
  const changes = report.changes.length === 0 ? 'no changes proposed' : `${counted(report.changes.length, ['change', 'changes'])} proposed`;
  return `${parts.length ? parts.join(', ') : 'No findings'}; ${changes}`;
}

export function adviseText(report: AdviseReport, paint: Paint, width: number = DEFAULT_WIDTH): string {
  const wrap = (text: string, indent: string): string[] => wrapText(text, indent, width);
  const out: string[] = [
    paint.bold(`sysctl-advisor: ${adviseSummary(report)}`),
    `Kernel ${report.kernel} (${report.kernelSource}), profile ${report.profile}`,
    `Context: clients behind NAT: ${report.context.clientsBehindNat ? 'yes' : 'no'}; NAT gateway: ${report.context.natGateway ? 'yes' : 'no'}; ` +
      `middlebox idle timeout: ${report.context.idleTimeout === null ? 'none given (--idle-timeout SECONDS checks keepalive against it)' : `${report.context.idleTimeout} s`}` +
      middleboxWords(report.context),
    ...countersLine(report),
    '',
  ];
  const colourOf: Record<Severity, (s: string) => string> = { error: paint.red, warning: paint.yellow, info: paint.cyan };
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(colourOf[severity](paint.bold(`${HEADINGS[severity]} (${group.length})`)));
    for (const finding of group) {
      out.push(...wrap(`${finding.message}  [${finding.rule}]`, '  ').map((line, i) => (i === 0 ? colourOf[severity](line) : line)));
      if (where(finding)) out.push(`    at: ${where(finding)}`);
      if (finding.detail !== undefined) out.push(...wrap(finding.detail, '    '));
      if (finding.evidence)
        out.push(
          paint.dim(
            `    seen: ${Object.entries(finding.evidence)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`,
          ),
        );
      for (const caveat of finding.caveats ?? []) out.push(...wrap(`caveat: ${caveat}`, '    '));
      out.push(paint.dim(`    docs: ${ruleDocPath(finding.rule)}`));
    }
    out.push('');
  }
  if (report.findings.length === 0) out.push(paint.green('No findings: nothing on this host needs a change for this profile.'), '');
  if (report.chain) out.push(paint.green(report.chain), '');
  // "No idle timeout given" is said once on the Context line, not as a "Not checked" entry on every run.
  // Likewise a host without nginx, Apache httpd, HAProxy or Envoy configs: the chain rules have nothing to read.
  const skipped = report.skipped.filter(
    (skip) => !(report.context.idleTimeout === null && skip.reason === IDLE_TIMEOUT_ONLY) && skip.reason !== NO_APPS,
  );
  if (skipped.length) {
    out.push(paint.bold(`Not checked (${skipped.length})`));
    for (const skip of skipped) out.push(`  ${skip.rule}: ${skip.reason}`);
    out.push('');
  }
  if (report.changes.length) {
    out.push(paint.bold(`Proposed changes (${report.changes.length}): now = the running kernel, at boot = the files`));
    for (const change of report.changes) {
      out.push(`  ${change.key}  [${change.rules.join(', ')}]`);
      out.push(`    now:     ${runtimeText(change)}`);
      out.push(`    at boot: ${bootText(change, report.target)}`);
      if (change.overriddenBy) {
        out.push(
          ...wrap(
            `NOT WRITTEN: ${change.overriddenBy.file}:${change.overriddenBy.line} sets ${change.overriddenBy.value} and is applied after ${report.target}, so the change would not stick; change that line instead.`,
            '    ',
          ).map(paint.yellow),
        );
      }
    }
    out.push('');
  }
  if (report.diff) {
    out.push(
      paint.bold('Diff'),
      ...report.diff
        .trimEnd()
        .split('\n')
        .map((line) => (line.startsWith('+') ? paint.green(line) : line.startsWith('-') ? paint.red(line) : line)),
      '',
    );
  }
  out.push(...report.nextSteps);
  return `${out.join('\n').trimEnd()}\n`;
}

const NO_APPS = 'cannot check: no application config (nginx, Apache httpd, HAProxy, Envoy) was read';

/** "; load balancer: AWS ... (--lb aws-alb, 60 s)" when --lb or --nat was given. */
function middleboxWords(context: AdviseReport['context']): string {
  return [context.lb, context.nat]
    .filter((box) => box !== undefined)
    .map((box) => `; ${box.role === 'lb' ? 'load balancer' : 'NAT'}: ${describeMiddlebox(box)}`)
    .join('');
}

const IDLE_TIMEOUT_ONLY = 'cannot check: no middlebox idle timeout given (--idle-timeout, --lb, --nat)';

const SINCE: Record<string, string> = {
  boot: 'since boot',
  namespace: 'since this network namespace was created',
  unknown: 'since boot (or since this network namespace was created)',
};

/** What the counter totals count from and, with a window, which of them grew. */
function countersLine(report: AdviseReport): string[] {
  const counters = report.counters;
  if (!counters) return [];
  const since = SINCE[counters.since] ?? counters.since;
  if (counters.intervalSeconds === null) return [`Counters: totals ${since}, one reading (advise --interval 5 measures their rates)`];
  const growing = counters.values.filter((v) => (v.growth ?? 0) > 0).map((v) => `${v.name} ${v.perSecond}/s`);
  return [
    `Counters: sampled over ${counters.intervalSeconds} s (totals ${since}); ${growing.length ? `growing: ${growing.join(', ')}` : 'none of those the rules read grew'}`,
  ];
}

function runtimeText(change: Change): string {
  if (change.runtime)
    return `${change.runtime.from} → ${change.runtime.to}${change.to === null ? ' (the kernel default, which applies once no line sets it)' : ''}`;
  return 'already right';
}

function bootText(change: Change, target: string): string {
  const today =
    change.from === null
      ? `not set${change.kernelDefault !== undefined ? ` (kernel default ${change.kernelDefault})` : ''}`
      : `${change.from} (${change.file}:${change.line})`;
  if (!editsFiles(change)) return change.from === null ? `${today}, no line needed` : `${today} already, no file changes`;
  if (change.to === null)
    return `${today} → line removed${change.kernelDefault !== undefined ? `, kernel default ${change.kernelDefault}` : ''}`;
  return `${today} → ${change.to} in ${target}`;
}
