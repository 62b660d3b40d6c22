/**
 * Runs a workload (real servers and load tools) inside throwaway namespaces and collects what
 * the commands in it printed. `unshare --net --pid --fork --kill-child --mount-proc`: a network
 * namespace with only loopback up, and a PID namespace whose first process is the script, so
 * when the script ends (or the timeout kills it) the kernel kills every server and load tool it
 * started; nothing outlives a test. The script marks each command's output with `section NAME`.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLI } from '../../helpers/cli.js';

export const SOCKETS_PY = fileURLToPath(new URL('../../../../test/workloads/sockets.py', import.meta.url));

const PRELUDE = `
set -u
ip link set lo up
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ulimit -n 8192
SA="${process.execPath} ${CLI}"
PY="python3 ${SOCKETS_PY}"
export NSTAT_HISTORY="$work/nstat.history"
section() { echo "@@@$1"; }
# wait_ready FILE: until a server started with its stdout in FILE prints READY (10 s at most).
wait_ready() { i=0; until grep -q READY "$1" 2>/dev/null; do i=$((i + 1)); if [ $i -ge 200 ]; then echo "never ready: $1" >&2; cat "$1" >&2; exit 1; fi; sleep 0.05; done; }
# route_out: a default route into a veth pair whose far end nobody reads, so replies to spoofed
# addresses (hping3 --rand-source) leave the namespace's stack and vanish, as on a real host.
route_out() {
  ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up &&
  ip addr add 10.0.0.1/24 dev v0 && ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev v0 && ip route add default via 10.0.0.2
}
`;

export interface WorkloadRun {
  /** Every section's text by name (the last one wins when a name repeats). */
  readonly sections: ReadonlyMap<string, string>;
  text(name: string): string;
  json<T>(name: string): T;
}

export function runWorkload(script: string, timeoutMs = 90_000): WorkloadRun {
  let output: string;
  try {
    output = execFileSync('unshare', ['--net', '--pid', '--fork', '--kill-child', '--mount-proc', 'sh', '-c', PRELUDE + script], {
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`workload failed: ${failed.message}\nstdout:\n${failed.stdout ?? ''}\nstderr:\n${failed.stderr ?? ''}`, {
      cause: error,
    });
  }
  // WORKLOAD_LOG=FILE keeps every run's raw output (the figures behind the assertions).
  if (process.env.WORKLOAD_LOG) appendFileSync(process.env.WORKLOAD_LOG, `=== run\n${output}\n`);
  const sections = new Map<string, string>();
  for (const part of output.split(/^@@@/m).slice(1)) {
    const newline = part.indexOf('\n');
    sections.set(part.slice(0, newline === -1 ? undefined : newline).trim(), newline === -1 ? '' : part.slice(newline + 1));
  }
  return {
    sections,
    text(name) {
      const text = sections.get(name);
      if (text === undefined) throw new Error(`no section ${name}; output:\n${output}`);
      return text;
    },
    json<T>(name: string): T {
      const text = this.text(name);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new Error(`section ${name} is not JSON:\n${text}`);
      }
    },
  };
}

/** The parts of advise --format json the workload tests read. */
export interface AdviseJson {
  counters: {
    since: string;
    intervalSeconds: number | null;
    values: { name: string; total: number; growth?: number; perSecond?: number }[];
  } | null;
  findings: {
    rule: string;
    severity: string;
    key?: string;
    message: string;
    detail?: string;
    evidence?: Record<string, string | number>;
  }[];
  changes: { key: string; from: string | null; to: string | null; runtime: { from: string; to: string } | null; rules: string[] }[];
}

/** nstat-style "Name value" lines → numbers (TcpExt prefix kept, as nstat prints it). */
export function nstatValues(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^(\S+)\s+(\d+)/.exec(line);
    if (match) values[match[1]!] = Number(match[2]);
  }
  return values;
}

/** Findings of one rule. */
export function findingsOf(json: AdviseJson, rule: string): AdviseJson['findings'] {
  return json.findings.filter((f) => f.rule === rule);
}
