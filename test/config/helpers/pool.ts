/**
 * Lines exercising every syntax feature of docs/kernel/config-files-and-precedence.md#line-syntax and the edge cases probed against the
 * real tools, and a deterministic generator of files built from them.
 */

/** Each entry is one or more lines (without "\n"); "\r", "\0", "\v" etc. are written as is. */
export const POOL: readonly (readonly string[])[] = [
  ['net.ipv4.tcp_fin_timeout = 30'],
  ['net.ipv4.tcp_fin_timeout=31'],
  ['  net.ipv4.tcp_keepalive_intvl   =   15   '],
  ['\tnet.ipv4.tcp_keepalive_time\t=\t600\t'],
  ['net/ipv4/tcp_keepalive_probes = 5'],
  ['/net/ipv4/tcp_syn_retries = 4'],
  ['net.ipv4.conf.lo/rp_filter = 1'],
  ['net/ipv4/conf/lo.rp_filter = 1'],
  ['net..ipv4.tcp_fin_timeout = 32'],
  ['net.ipv4.tcp_fin_timeout. = 33'],
  ['net/ipv4/../ipv4/tcp_fin_timeout = 41'],
  ['net/.. = 1'],
  ['net.ipv4.ip_local_port_range = 10000    65000'],
  ['net.ipv4.tcp_rmem = 4096\t131072\t6291456'],
  ['net.ipv4.tcp_syn_retries = 3 # trailing comment'],
  ['net.ipv4.tcp_syn_retries = 3 ; semicolon comment'],
  ['net.ipv4.tcp_syn_retries = #3'],
  ['net.ipv4.tcp_fin_timeout = "30"'],
  ["net.ipv4.tcp_rmem = '4096 131072 6291456'"],
  ['net.ipv4.tcp_fin_timeout ='],
  ['net.ipv4.tcp_fin_timeout =    '],
  ['net.ipv4.tcp_fin_timeout = a = b'],
  ['net.ipv4.tcp_fin_timeout\v=\f40\v'],
  ['net.ipv4.tcp_fin_timeout = 42\x01'],
  ['-net.ipv4.tcp_tw_recycle = 1'],
  ['net.ipv4.tcp_tw_recycle = 1'],
  ['- net.ipv4.tcp_fin_timeout = 34'],
  ['--net.ipv4.tcp_fin_timeout = 35'],
  ['---net.ipv4.tcp_fin_timeout = 35'],
  ['-net.ipv4.tcp_fin_timeout = 36'],
  ['= 5'],
  ['-= 5'],
  ['  =  '],
  ['- = 5'],
  ['='],
  ['x'],
  ['xy'],
  ['-'],
  ['-x'],
  ['#'],
  [';'],
  ['# comment = with equals'],
  ['   # indented'],
  ['\t; tab comment'],
  ['#!/bin/bash'],
  ['-# dash then hash'],
  [''],
  ['   '],
  ['\t \t'],
  ['this line has no equals'],
  ['net.ipv4.tcp_keepalive_probes = 5 \\', '  6'],
  ['net.ipv4.tcp_keepalive_probes = 5 \\', 'net.ipv4.tcp_fin_timeout = 37'],
  ['net.ipv4.conf.*.rp_filter = 2'],
  ['net.ipv4.conf.?o.rp_filter = 3'],
  ['net.ipv4.conf.[ad]*.rp_filter = 4'],
  ['net.ipv4.conf.[!a]*.rp_filter = 5'],
  ['net.ipv4.conf.[^a]*.rp_filter = 5'],
  ['net.ipv4.conf.[[:lower:]]*.accept_local = 1'],
  ['net/ipv4/conf/*/rp_filter = 6'],
  ['-net.ipv4.conf.*.rp_filter = 7'],
  ['net.ipv4.conf.[lo.rp_filter = 1'],
  ['net.ipv4.conf.\\lo.rp_filter = 1'],
  ['net.ipv4.conf.\\l*.rp_filter = 8'],
  ['-net.ipv4.conf.all.rp_filter'],
  ['-net/ipv4/conf/lo/rp_filter'],
  ['-net.ipv4.conf.default.rp_filter   '],
  ['-net.ipv4.conf.l*.rp_filter'],
  ['- net.ipv4.conf.lo.rp_filter'],
  ['net.ipv4.conf.lo.rp_filter = 1'],
  ['net.ipv4.conf..lo.rp_filter = 1'],
  ['net.ipv4.neigh.*.retrans_time_ms = 1000'],
  ['net.ipv4.conf.*.nonexistent = 1'],
  ['net.ipv4.conf.* = 1'],
  ['net.ipv4.tcp_available_congestion_control = cubic'],
  ['net.ipv4 = 1'],
  ['net.core.netdev_max_backlog = 5000'],
  ['kernel.hostname = advisor-test'],
  ['sysctl -w net.ipv4.tcp_fin_timeout=30'],
  ['net.ipv4.tcp_fin_timeout: 30'],
  ['[sysctl]'],
  ['{% if PROXY_MODE == "ipvs" %}'],
  ['net.ipv4.tcp_fin_timeout = 30\r'],
  ['# comment\r'],
  ['\r'],
  ['net.ipv4.tcp_fin_timeout = 38\rnet.ipv4.tcp_syn_retries = 3'],
  ['net.ipv4.tcp_fin_timeout = 39\0garbage'],
  ['x\0y'],
  ['\0net.ipv4.tcp_syn_retries = 3'],
  [`net.ipv4.tcp_congestion_control = ${'a'.repeat(5000)}`],
  ['net.ipv4.tcp_fin_timeout = 30\u00a0'],
  ['\u00a0net.ipv4.tcp_fin_timeout = 30'],
  ['net.ipv4.tcp_fin_timeoüt = 1'],
  ['net.ipv4.tcp_fin_timeout = 値'],
];

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedFile {
  readonly name: string;
  readonly content: string;
}

/** One file per pool entry (with and without a final LF), a few BOM files, and random mixes. */
export function generatedFiles(pool: readonly (readonly string[])[], seed: number): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  pool.forEach((lines, i) => {
    files.push({ name: `single-${i}.conf`, content: `${lines.join('\n')}\n` });
    files.push({ name: `single-${i}-eof.conf`, content: lines.join('\n') });
  });
  files.push({ name: 'bom-key.conf', content: '\uFEFFnet.ipv4.tcp_fin_timeout = 30\n' });
  files.push({ name: 'bom-comment.conf', content: '\uFEFF# comment\nnet.ipv4.tcp_fin_timeout = 30\n' });
  files.push({ name: 'empty.conf', content: '' });
  files.push({ name: 'bom-only.conf', content: '\uFEFF' });
  files.push({ name: 'bom-newline.conf', content: '\uFEFF\n' });
  files.push({ name: 'non-ascii-char.conf', content: 'é' });
  const next = random(seed);
  for (let f = 0; f < 60; f++) {
    const count = 3 + Math.floor(next() * 25);
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(...pool[Math.floor(next() * pool.length)]!);
    const bom = next() < 0.1 ? '\uFEFF' : '';
    const crlf = next() < 0.15;
    const body = lines.join(crlf ? '\r\n' : '\n');
    files.push({ name: `mix-${f}.conf`, content: bom + body + (next() < 0.8 ? (crlf ? '\r\n' : '\n') : '') });
  }
  return files;
}
