/**
 * Runs shell commands inside a fresh network namespace while test/fixtures/dumps/hold-sockets.py
 * holds TCP sockets in known states on loopback, and returns each command's output. All
 * commands see the same sockets (TIME_WAIT lasts 60 s and the orphaned FIN_WAIT2 as long, far
 * longer than a run), so their outputs can be compared with each other.
 */
import { fileURLToPath } from 'node:url';
import { inNetns } from '../helpers/netns.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const HOLDER = `${REPO}test/fixtures/dumps/hold-sockets.py`;
/** SYN_RECV, FIN_WAIT1, CLOSING and LAST_ACK, IPv4 and IPv6 (the states HOLDER does not make). */
export const RARE_STATES_HOLDER = `${REPO}test/fixtures/dumps/hold-rare-states.py`;
export const CLI_PATH = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

export interface HeldRun {
  /** State counts the holder promised (netstat names). */
  readonly expected: Readonly<Record<string, number>>;
  /** stdout of each command, in order. */
  readonly outputs: readonly string[];
  /** Exit status of each command. */
  readonly statuses: readonly number[];
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function withHeldSockets(commands: readonly string[], holder = HOLDER): HeldRun {
  const script = [
    'ip link set lo up',
    'work=$(mktemp -d)',
    'mkfifo "$work/hold"',
    `python3 ${quote(holder)} < "$work/hold" > "$work/ready" 2> "$work/err" &`,
    'exec 3>"$work/hold"',
    'i=0',
    'until grep -q READY "$work/ready"; do i=$((i + 1)); if [ $i -ge 150 ]; then cat "$work/err" >&2; exit 1; fi; sleep 0.1; done',
    'echo "@@@ready"; cat "$work/ready"',
    ...commands.flatMap((command, index) => [`echo "@@@output ${index}"`, `( ${command} ) 2>&1`, `echo "@@@status ${index} $?"`]),
    'exec 3>&-',
    'wait',
    'rm -rf "$work"',
  ].join('\n');
  const output = inNetns(script, { timeoutMs: 50_000 });
  const sections = output.split(/^@@@/m).slice(1);
  const ready = sections.find((s) => s.startsWith('ready'))!;
  const expected = JSON.parse(/READY (.*)/.exec(ready)![1]!) as Record<string, number>;
  const outputs: string[] = [];
  const statuses: number[] = [];
  for (const section of sections) {
    const out = /^output (\d+)\n([\s\S]*)$/.exec(section);
    if (out) outputs[Number(out[1])] = out[2]!;
    const status = /^status (\d+) (\d+)/.exec(section);
    if (status) statuses[Number(status[1])] = Number(status[2]);
  }
  return { expected, outputs, statuses };
}

/** Counts per state of `ss -Htan`-style text, as an independent oracle (first column, like awk). */
export function ssColumnCounts(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^(State|Recv-Q|\s)/.test(line)) continue;
    const state = line.split(/\s+/)[0]!;
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
}

/** ss state names → ours. */
export const SS_TO_STATE: Readonly<Record<string, string>> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'CLOSE',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
};
