/**
 * A sysctl.d directory with a mix of good and bad files, written to a temp folder (real files on
 * disk), with the findings each line must produce. Line numbers are 1-based; the comments in
 * BAD say what each line is for.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BAD =
  [
    '# TCP settings for the web tier', //                                      1
    'net.ipv4.tcp_tw_recycle = 1', //                                          2 tw-recycle (error, fix: remove line)
    'net.ipv4.tcp_fin_timout = 30', //                                         3 unknown-key: typo (error)
    'net.ipv4.tcp_syn_retries = 3 # fewer retries', //                         4 inline-comment at the "#" (info: the number is stored)
    'net.ipv4.tcp_keepalive_probes = 5 \\', //                                 5 continuation-line at the "\" (warning)
    '    net.ipv4.tcp_keepalive_intvl', //                                     6 invalid-syntax, after the "\" (error)
    'net.ipv4.tcp_tw_reuse = 3', //                                            7 invalid-value: rejected (error)
    'net.core.somaxconn = 8192', //                                            8 shadowed-assignment by line 9 (info)
    'net.core.somaxconn = 16384', //                                           9
    '# sysctl-advisor: ignore timestamps-off', //                              10 waiver without a reason (waiver)
    'net.ipv4.tcp_timestamps = 0', //                                          11 timestamps-off (not silenced)
    '', //                                                                      12
    '# The SYN proxy in front of this tier answers floods.', //                13
    '# sysctl-advisor: ignore syncookies-disabled -- SYN proxy absorbs floods', // 14 a working waiver
    'net.ipv4.tcp_syncookies = 0', //                                          15 syncookies-disabled, silenced
    '# sysctl-advisor: ignore tcp-recycle -- legacy', //                       16 unknown rule id (waiver)
    '# sysctl-advisor: ignore inline-comment -- nothing to silence here', //   17 silences nothing (waiver)
    'net.ipv4.tcp_fin_timeout = 30', //                                        18
    'echo 1 | tee /proc/sys/net/ipv4/tcp_rfc1337', //                          19 invalid-syntax, with a "|" (error)
  ].join('\n') + '\n';

export const GOOD = [
  "# Keepalive below the load balancer's 350 s idle timeout",
  'net.ipv4.tcp_keepalive_time = 300',
  'net.ipv4.tcp_keepalive_intvl = 30',
  '',
].join('\n');

export const SCRIPT = [
  '#!/bin/sh',
  '# Tune TCP',
  'cat > /etc/sysctl.d/90-tcp.conf <<EOF',
  'net.ipv4.tcp_tw_recycle = 1',
  'EOF',
  'sysctl --system',
  '',
].join('\n');

/** Names chosen so the directory order is BAD, GOOD, SCRIPT; the last has a "," and a ":" for the GitHub escaping. */
export const FILES = { bad: '50-tcp.conf', good: '60-keepalive.conf', script: '70-tune,v2:sh.conf' } as const;

export interface MixedDir {
  /** The folder holding the directory (tests run the CLI there, so paths are relative). */
  readonly cwd: string;
  /** The directory, relative to cwd. */
  readonly dir: string;
  remove(): void;
}

export function mixedDirectory(): MixedDir {
  const cwd = mkdtempSync(join(tmpdir(), 'review-mixed-'));
  const dir = 'sysctl.d';
  mkdirSync(join(cwd, dir));
  writeFileSync(join(cwd, dir, FILES.bad), BAD);
  writeFileSync(join(cwd, dir, FILES.good), GOOD);
  writeFileSync(join(cwd, dir, FILES.script), SCRIPT);
  return { cwd, dir, remove: () => rmSync(cwd, { recursive: true, force: true }) };
}
