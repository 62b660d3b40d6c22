/**
 * What `ss` (iproute2, netlink sock_diag) knows and /proc/net/tcp does not: each listener's
 * backlog (Send-Q of a LISTEN row = sk_max_ack_backlog = min(listen() backlog, somaxconn)
 * (net/ipv4/tcp_diag.c, v6.12)) and, for root, the process behind a socket (-p). One capture,
 *
 *   ss -tanpo state listening state close-wait
 *
 * covers the listeners and the sockets an application forgot to close; it stays small on a
 * host with a million TIME_WAIT sockets. On the live host (root "/") ss is run; a bundle
 * carries the same output as SS_CAPTURE_FILE, written by `collect`.
 */
import { spawnSync } from 'node:child_process';
import { formatAddress } from '../sockets/address.js';
import { parseStateName } from '../sockets/states.js';
import type { Observed, SsCapture, SsListener, SsSocketHolder } from '../snapshot/types.js';
import { InputError } from '../util/errors.js';
import { EndpointText } from './endpoint-text.js';
import { readText } from './line-scanner.js';
import { readRootFile } from './root-file.js';

/** Where a bundle keeps the capture (not a host path: ss output has no file of its own). */
export const SS_CAPTURE_FILE = 'ss/tanpo-listening-close-wait.txt';
export const SS_CAPTURE_ARGS: readonly string[] = ['-tanpo', 'state', 'listening', 'state', 'close-wait'];
export const SS_CAPTURE_COMMAND = `ss ${SS_CAPTURE_ARGS.join(' ')}`;

/** Runs ss on this host; the text, or why there is none. */
export function runSsCapture(): { readonly text: string } | { readonly reason: string } {
  const result = spawnSync('ss', SS_CAPTURE_ARGS, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 30_000 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'ss (iproute2) is not installed' : `ss failed: ${result.error.message}` };
  }
  if (result.status !== 0) return { reason: `ss exited with ${result.status}: ${result.stderr.trim().split('\n')[0] ?? ''}` };
  return { text: result.stdout };
}

/** The capture of the live host (root "/") by running ss, or of a bundle from its file. */
export function readSsCapture(root: string): Observed<SsCapture> {
  if (root === '/') {
    const run = runSsCapture();
    if ('reason' in run) return { status: 'unreadable', file: SS_CAPTURE_COMMAND, reason: run.reason };
    return { status: 'present', value: parseSsCapture(run.text, SS_CAPTURE_COMMAND), provenance: { file: SS_CAPTURE_COMMAND, line: 1 } };
  }
  return readRootFile(root, SS_CAPTURE_FILE, (source, file) => ({
    value: parseSsCapture(readText(source), file),
    provenance: { file, line: 1 },
  }));
}

/** users:(("nginx",pid=812,fd=6),("nginx",pid=813,fd=6)): the block, then each ("name",pid=N entry. */
const USERS = /users:\((\(.*?\))\)/;
const USER = /\("((?:[^"\\]|\\.)*)",pid=(\d+)/g;

/**
 * Parses `ss -tan[p][o] ...` text with a State column: LISTEN rows become listeners, CLOSE-WAIT
 * rows are counted per process (when -p shows one) and per local port. Other states are ignored;
 * a row that is not ss output is an InputError at its line.
 */
export function parseSsCapture(text: string, file: string): SsCapture {
  const listeners: SsListener[] = [];
  const holders = new Map<string, { process: string; count: number; ports: Map<number, number> }>();
  let closeWait = 0;
  let closeWaitWithoutProcess = 0;
  let sawProcess = false;
  const endpoint = new EndpointText();
  const words = new Uint32Array(4);
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line === '' || /^\s/.test(line) || /^(State|Netid|Recv-Q)\s/.test(line)) return;
    const fields = line.split(/\s+/);
    const offset = fields[0] === 'tcp' ? 1 : 0;
    const state = fields[offset] === undefined ? undefined : parseStateName(fields[offset]);
    if (state === undefined) throw new InputError(`not an ss -tan row (no state first): "${line.slice(0, 80)}"`, { file, line: index + 1 });
    if (state !== 'LISTEN' && state !== 'CLOSE_WAIT') return;
    const recvQ = Number(fields[offset + 1]);
    const sendQ = Number(fields[offset + 2]);
    const local = fields[offset + 3] ?? '';
    const localBytes = Buffer.from(local, 'latin1');
    if (!Number.isInteger(recvQ) || !Number.isInteger(sendQ) || !endpoint.parse(localBytes, 0, localBytes.length, words)) {
      throw new InputError(`not an ss -tan row (Recv-Q Send-Q Local:Port expected): "${line.slice(0, 80)}"`, { file, line: index + 1 });
    }
    const users = USERS.exec(line)?.[1] ?? '';
    const processes = [...users.matchAll(USER)].map((m) => `${m[1]!.replace(/\\(.)/g, '$1')} (pid ${m[2]})`);
    if (processes.length) sawProcess = true;
    const process =
      processes.length === 0 ? undefined : processes.length === 1 ? processes[0]! : `${processes[0]} and ${processes.length - 1} more`;
    if (state === 'LISTEN') {
      const family = endpoint.family === 1 ? 'ipv6' : 'ipv4';
      const iface =
        endpoint.scopeEnd > endpoint.scopeStart ? localBytes.toString('latin1', endpoint.scopeStart, endpoint.scopeEnd) : undefined;
      listeners.push({
        family,
        address: formatAddress(family, words),
        ...(iface ? { interface: iface } : {}),
        port: endpoint.port,
        queue: recvQ,
        backlog: sendQ,
        ...(process ? { process } : {}),
      });
      return;
    }
    closeWait++;
    if (process === undefined) {
      closeWaitWithoutProcess++;
      return;
    }
    let holder = holders.get(process);
    if (!holder) holders.set(process, (holder = { process, count: 0, ports: new Map() }));
    holder.count++;
    holder.ports.set(endpoint.port, (holder.ports.get(endpoint.port) ?? 0) + 1);
  });
  const closeWaitHolders: SsSocketHolder[] = [...holders.values()]
    .sort((a, b) => b.count - a.count || (a.process < b.process ? -1 : 1))
    .slice(0, 10)
    .map((h) => ({
      process: h.process,
      count: h.count,
      localPorts: [...h.ports]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, 3)
        .map(([port, count]) => ({ port, count })),
    }));
  return { listeners, closeWait, closeWaitWithoutProcess, closeWaitHolders, processesShown: sawProcess };
}
