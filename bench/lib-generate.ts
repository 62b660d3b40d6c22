/**
 * Deterministic /proc/net/tcp files for the benchmark, byte-compatible with the kernel's:
 * tcp4_seq_show's printf formats, every line padded to 149 characters + "\n" (seq_pad).
 *
 * The mix is a busy host that is both a client and a server:
 * - 70% client sockets towards 200 backends (Zipf-like: a few get most), mostly TIME_WAIT
 *   and ESTABLISHED, with ephemeral local ports;
 * - 30% accepted sockets on :443 and :80 from distinct clients (distinct remote address:port,
 *   so the per-destination table sees an unbounded number of keys);
 * - 24 listeners.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const LINE_WIDTH = 149;
// The kernel prints listeners first; the server sockets below are on 443 and 80.
const LISTEN_PORTS = [443, 80, 22, ...Array.from({ length: 21 }, (_, i) => 8000 + i)];

/** Park–Miller LCG: the same file on every run and every machine. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed % 2147483647 || 1;
  }
  next(): number {
    this.state = (this.state * 48271) % 2147483647;
    return this.state;
  }
  below(n: number): number {
    return this.next() % n;
  }
}

const hex = (value: number, width: number) => (value >>> 0).toString(16).toUpperCase().padStart(width, '0');

/** %08X of the network-order address as a little-endian host prints it. */
function procAddress(a: number, b: number, c: number, d: number): string {
  return hex(((d << 24) | (c << 16) | (b << 8) | a) >>> 0, 8);
}

const CLIENT_STATES: readonly [number, number][] = [
  [0x06, 60], // TIME_WAIT
  [0x01, 33], // ESTABLISHED
  [0x05, 2], // FIN_WAIT2
  [0x08, 2], // CLOSE_WAIT
  [0x02, 1], // SYN_SENT
  [0x04, 1], // FIN_WAIT1
  [0x09, 1], // LAST_ACK
];
const SERVER_STATES: readonly [number, number][] = [
  [0x01, 80],
  [0x03, 5], // SYN_RECV
  [0x06, 10],
  [0x08, 5],
];

function pick(random: Random, table: readonly [number, number][]): number {
  let roll = random.below(100);
  for (const [state, weight] of table) {
    if (roll < weight) return state;
    roll -= weight;
  }
  return table[0]![0];
}

function fullSocketLine(sl: number, local: string, remote: string, state: number, rxQueue: number, inode: number): string {
  const tail = state === 0x0a ? '100 0 0 10 0' : '20 4 0 10 -1';
  return `${String(sl).padStart(4)}: ${local} ${remote} ${hex(state, 2)} ${hex(0, 8)}:${hex(rxQueue, 8)} 00:00000000 00000000 ${String(1000).padStart(5)} ${String(0).padStart(8)} ${inode} 1 00000000a1b2c3d4 ${tail}`;
}

function timewaitLine(sl: number, local: string, remote: string, state: number, ticks: number): string {
  return `${String(sl).padStart(4)}: ${local} ${remote} ${hex(state, 2)} 00000000:00000000 03:${hex(ticks, 8)} 00000000 ${String(0).padStart(5)} ${String(0).padStart(8)} 0 3 00000000a1b2c3d4`;
}

/** Writes `lines` socket rows (plus the header) to `path`; returns the byte count. */
export function generateProcNetTcp(path: string, lines: number, seed = 20251121): number {
  const random = new Random(seed);
  const fd = openSync(path, 'w');
  const localHost = procAddress(10, 1, 0, 5);
  let bytes = 0;
  let batch: string[] = [HEADER.padEnd(LINE_WIDTH) + '\n'];
  const flush = () => {
    const text = batch.join('');
    bytes += Buffer.byteLength(text);
    writeSync(fd, text);
    batch = [];
  };
  try {
    for (let sl = 0; sl < lines; sl++) {
      let line: string;
      if (sl < 24) {
        line = fullSocketLine(
          sl,
          `${procAddress(0, 0, 0, 0)}:${hex(LISTEN_PORTS[sl]!, 4)}`,
          '00000000:0000',
          0x0a,
          sl === 1 ? 129 : 0,
          90000 + sl,
        );
      } else if (random.below(10) < 7) {
        // Zipf-like backend choice: squaring a uniform draw favours low indices.
        const u = random.below(1 << 15) / (1 << 15);
        const backend = Math.floor(u * u * 200);
        const remote = `${procAddress(10, 2, backend >> 8, backend & 0xff)}:${hex([5432, 6379, 443, 8080][backend % 4]!, 4)}`;
        const local = `${localHost}:${hex(32768 + random.below(28232), 4)}`;
        const state = pick(random, CLIENT_STATES);
        line =
          state === 0x06
            ? timewaitLine(sl, local, remote, state, random.below(15000))
            : fullSocketLine(sl, local, remote, state, 0, 100000 + sl);
      } else {
        const client = random.next();
        const remote = `${procAddress(100 + (client & 63), (client >> 6) & 0xff, (client >> 14) & 0xff, (client >> 22) & 0xff)}:${hex(1024 + random.below(64511), 4)}`;
        const local = `${localHost}:${hex(random.below(2) ? 443 : 80, 4)}`;
        const state = pick(random, SERVER_STATES);
        line =
          state === 0x06
            ? timewaitLine(sl, local, remote, state, random.below(15000))
            : fullSocketLine(sl, local, remote, state, 0, 100000 + sl);
      }
      batch.push(line.padEnd(LINE_WIDTH) + '\n');
      if (batch.length >= 20000) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return bytes;
}
