import { readFileSync } from 'node:fs';
import { ok, type CommandOutput } from '../util/command-io.js';
import { localHostFacts } from '../readers/local-host.js';
import { targetKernel } from '../kernel/target.js';
import { atLeast, formatKernel, type KernelVersion } from '../kernel/version.js';
import { defaultEntryFor, defaultFor, existsOn, integerBounds } from '../params/defaults.js';
import { keyToProcPath } from '../params/keys.js';
import { resolveParam, suggestKeys } from '../params/lookup.js';
import { valueMeaning } from '../params/meaning.js';
import { knowledgePage } from '../params/pages.js';
import { referenceText } from '../params/references.js';
import { portCapacity, synackTimeline, synTimeline } from '../params/timing.js';
import type { ParamSpec } from '../params/types.js';
import { builtinProfileNames } from '../profiles/builtin.js';
import { loadProfile } from '../profiles/load.js';
import { UsageError } from '../util/errors.js';
import { wrapWords } from '../util/wrap.js';
import type { Middlebox } from '../params/middleboxes.js';
import { CHAIN_KEYS, chainLines } from './chain.js';

const SCOPES: Record<ParamSpec['scope'], string> = {
  netns: 'per network namespace; a new namespace (container, pod) starts from the kernel default, not the host value',
  global: "host-wide; absent inside a container's network namespace",
  'global-readonly-in-netns': "host-wide; read-only inside a container's network namespace",
};

export interface ExplainArgs {
  readonly key: string;
  readonly kernel?: string;
  readonly lb?: Middlebox;
  readonly nat?: Middlebox;
}

export async function runExplain(args: ExplainArgs): Promise<CommandOutput> {
  const spec = resolveParam(args.key);
  if (!spec) {
    const suggestions = suggestKeys(args.key);
    throw new UsageError(
      `unknown key "${args.key}"${suggestions.length ? `; did you mean ${suggestions.join(' or ')}?` : ''} (explain knows the TCP connection-lifecycle keys of its catalogue)`,
    );
  }
  const kernel = targetKernel(args.kernel);
  const lines = explainParam(spec, kernel);
  if ((args.lb || args.nat) && CHAIN_KEYS.has(spec.key)) {
    const number = (key: string, fallback: number) => Number(defaultFor(resolveParam(key)!, kernel, localHostFacts()).value ?? fallback);
    const keepalive = {
      time: number('net.ipv4.tcp_keepalive_time', 7200),
      intvl: number('net.ipv4.tcp_keepalive_intvl', 75),
      probes: number('net.ipv4.tcp_keepalive_probes', 9),
    };
    // Before the references, which stay last.
    const references = lines.lastIndexOf('References');
    lines.splice(
      references - 1,
      0,
      '',
      ...chainLines({ ...(args.lb ? { lb: args.lb } : {}), ...(args.nat ? { nat: args.nat } : {}) }, keepalive),
    );
  }
  return ok(`${lines.join('\n')}\n`);
}

export function explainParam(spec: ParamSpec, kernel: KernelVersion): string[] {
  const k = formatKernel(kernel);
  const present = existsOn(spec, kernel);
  const host = localHostFacts();
  const kernelDefault = defaultFor(spec, kernel, host);
  const memoryDependent = defaultEntryFor(spec, kernel)?.value.kind === 'formula' && kernelDefault.value !== undefined;
  const out = [
    `${spec.key}`,
    `  ${spec.summary}`,
    '',
    `  Type:     ${spec.shape === 'integer' ? 'integer' : spec.shape}, ${spec.unit} (kernel handler ${spec.handler})`,
    `  Default:  ${present ? `${kernelDefault.describe} on ${k}${memoryDependent ? " (this host's memory)" : ''}` : `not present on ${k} (${atLeast(kernel, spec.added) ? `removed in ${spec.removed}` : `added in ${spec.added}`})`}`,
    `  Accepts:  ${acceptedRange(spec)}`,
    ...(spec.meaningful ? [`  Meaning:  ${spec.meaningful.values.join(', ')} (${spec.meaningful.note})`] : []),
    `  Scope:    ${SCOPES[spec.scope]}${spec.k8sSafeSince ? `; Kubernetes safe sysctl${spec.k8sSafeSince === 'initial' ? '' : ` since ${spec.k8sSafeSince}`}` : ''}`,
    `  Exists:   from ${spec.added}${spec.removed ? ` until ${spec.removed} (removed)` : ''}${spec.requires ? `; needs ${spec.requires}` : ''}`,
    ...liveValue(spec, kernel),
    '',
    'What it does',
    ...indent(wrap(spec.explanation)),
  ];
  if (spec.misconceptions.length) out.push('', 'Misconceptions', ...spec.misconceptions.flatMap((m) => bullet(m)));
  const timing = timingMath(spec, kernel, present ? kernelDefault.value : undefined);
  if (timing.length) out.push('', `Timing on ${k}`, ...timing);
  const usedBy = profilesSetting(spec.key);
  if (usedBy.length) out.push('', 'Profiles that set it', ...usedBy.flatMap((line) => bullet(line)));
  if (spec.history.length || defaultEntryFor(spec, kernel)?.note) out.push('', 'History', ...spec.history.flatMap((h) => bullet(h)));
  out.push('', 'References', ...explainReferences(spec).map((r) => `  ${referenceText(r)}`));
  return out;
}

/** The key's knowledge page first (its facts, each with its sources), then the entry's own references. */
export function explainReferences(spec: ParamSpec): string[] {
  const page = knowledgePage(spec.key);
  return [...new Set([...(page ? [page] : []), ...spec.references])];
}

function acceptedRange(spec: ParamSpec): string {
  switch (spec.handler) {
    case 'proc_dointvec_jiffies':
      return '|v| <= INT_MAX/HZ seconds (2147483 at HZ=1000, 8589934 at HZ=250); 0 and negatives accepted';
    case 'ipv4_local_port_range':
      return 'two ports 1..65535, low <= high, low >= ip_unprivileged_port_start (1024 by default); one value sets only the low end';
    case 'ipv4_privileged_ports':
      return '0..65535, and not above the low end of ip_local_port_range';
    case 'proc_do_large_bitmap':
      return 'comma-separated ports and ranges 0..65535, no spaces ("8080,9000-9002"); writing replaces the list';
    default: {
      const bounds = integerBounds(spec);
      return bounds ? `${bounds.min}..${bounds.max}${spec.handler === 'proc_dointvec' ? ' (any int: no range check)' : ''}` : 'any';
    }
  }
}

/** This host's value, read from /proc/sys (which only Linux has: elsewhere the read fails and nothing is said). */
function liveValue(spec: ParamSpec, kernel: KernelVersion): string[] {
  try {
    const value = readFileSync(`/proc/sys/${keyToProcPath(spec.key)}`, 'utf8')
      .trim()
      .replace(/\s+/g, ' ');
    const meaning = valueMeaning(spec.key, value, kernel, (key) => readLive(key));
    return [`  This host: ${value || '(empty)'} (/proc/sys)${meaning.length ? ` — ${meaning.join(' ')}` : ''}`];
  } catch {
    return [];
  }
}

function readLive(key: string): string | undefined {
  try {
    return readFileSync(`/proc/sys/${keyToProcPath(key)}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function timingMath(spec: ParamSpec, kernel: KernelVersion, defaultValue: string | undefined): string[] {
  switch (spec.key) {
    case 'net.ipv4.tcp_syn_retries': {
      const linear = atLeast(kernel, '6.5') ? 4 : 0;
      return [
        `  connect() to a host that never answers (tcp_syn_linear_timeouts=${linear}${linear ? '' : ', before 6.5'}):`,
        '    N  retransmissions at (s)                 gives up at',
        ...[1, 2, 3, 4, 5, 6, 7].map((n) => {
          const t = synTimeline(n, linear);
          return `    ${String(n).padEnd(2)} ${t.retransmissionsAt.join(', ').padEnd(38)} ${t.givesUpAt} s${String(n) === defaultValue ? '  (default)' : ''}`;
        }),
        '  "tcp_syn_retries=2" means about 7 s on any kernel.',
      ];
    }
    case 'net.ipv4.tcp_synack_retries':
      return [
        '  A half-open connection (SYN_RECV) on a listener:',
        '    M  SYN-ACK retransmissions at (s)   dropped at',
        ...[1, 2, 3, 4, 5, 6].map((m) => {
          const t = synackTimeline(m);
          return `    ${String(m).padEnd(2)} ${t.retransmissionsAt.join(', ').padEnd(32)} ${t.givesUpAt} s${String(m) === defaultValue ? '  (default)' : ''}`;
        }),
      ];
    case 'net.ipv4.ip_local_port_range': {
      const [low, high] = (defaultValue ?? '32768 60999').split(/\s+/).map(Number);
      const capacity = portCapacity(low!, high!);
      return [
        `  Default ${low}-${high}: ${capacity.usablePorts} ports per destination IP:port; with 60 s TIME-WAIT on the closing side, ~${capacity.ratePerDestination} new connections/s per destination.`,
        `  1024-65535 would give ${portCapacity(1024, 65535).usablePorts} ports (~${portCapacity(1024, 65535).ratePerDestination}/s). With tcp_tw_reuse effective, ~1 s instead of 60 s per port.`,
      ];
    }
    default: {
      if (defaultValue === undefined) return [];
      return valueMeaning(spec.key, defaultValue, kernel).map((m) => `  Default: ${m}`);
    }
  }
}

function profilesSetting(key: string): string[] {
  const lines: string[] = [];
  for (const name of builtinProfileNames()) {
    const target = loadProfile(name).targets.get(key);
    // Report a profile only where it sets the key itself, not where it inherits it.
    if (target && target.definedIn.file.endsWith(`/${name}.yaml`)) lines.push(`${name}: ${target.value} — ${target.why}`);
  }
  return lines;
}

const wrap = (text: string, width = 96): string[] => wrapWords(text, width);

const indent = (lines: string[]) => lines.map((l) => `  ${l}`);
const bullet = (text: string) => wrap(text, 94).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`));
