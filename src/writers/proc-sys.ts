/**
 * Reading and writing one sysctl through /proc/sys, the way procps does (open without O_CREAT,
 * one write of the value, no newline). Errors come back as a reason a person can act on, with
 * the errno name, instead of an exception: the caller decides whether to roll back.
 */
import { closeSync, constants, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { keyToProcPath } from '../params/keys.js';

export const LIVE_PROC_SYS = '/proc/sys';

export type ProcSysRead = { readonly status: 'ok'; readonly value: string } | { readonly status: 'failed'; readonly reason: string };
export type ProcSysWrite = { readonly status: 'ok' } | { readonly status: 'failed'; readonly reason: string };

/** The kernel's answer to a write or read, in words (EINVAL is the kernel refusing the value). */
export function describeErrno(error: unknown, action: 'read' | 'write', value?: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EINVAL':
      return `the kernel rejected ${JSON.stringify(value)}: Invalid argument (EINVAL; out of range or malformed for this key)`;
    case 'ENOENT':
      return 'no such key on this kernel (ENOENT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code}; run as root, and note that host-wide keys are read-only inside a container's network namespace)`;
    case 'EROFS':
      return '/proc/sys is mounted read-only here (EROFS)';
    default:
      return `${action} failed: ${(error as Error | undefined)?.message ?? String(error)}`;
  }
}

/** The /proc/sys file of a key under `procSys` (the live /proc/sys unless a test says otherwise). */
export function procSysFile(procSys: string, key: string): string {
  return join(procSys, keyToProcPath(key));
}

/** The value as the kernel prints it, whitespace runs collapsed ("32768\t60999" → "32768 60999"). */
export function readKey(procSys: string, key: string): ProcSysRead {
  try {
    return { status: 'ok', value: normalizeValue(readFileSync(procSysFile(procSys, key), 'utf8')) };
  } catch (error) {
    return { status: 'failed', reason: describeErrno(error, 'read') };
  }
}

export function writeKey(procSys: string, key: string, value: string): ProcSysWrite {
  let fd: number;
  try {
    // No O_CREAT: a key the kernel does not have must fail (ENOENT), not create anything.
    fd = openSync(procSysFile(procSys, key), constants.O_WRONLY);
  } catch (error) {
    return { status: 'failed', reason: describeErrno(error, 'write', value) };
  }
  try {
    // One write(2) of the whole value: the kernel parses each write on its own.
    writeSync(fd, value);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'failed', reason: describeErrno(error, 'write', value) };
  } finally {
    closeSync(fd);
  }
}

export function normalizeValue(text: string): string {
  return text.trim().split(/\s+/).filter(Boolean).join(' ');
}

/** One integer the way the kernel's parser reads it: 0x hex, leading-0 octal, else decimal. */
function kernelInteger(field: string): bigint | undefined {
  const match = /^([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i.exec(field);
  if (!match) return undefined;
  const digits = match[2]!;
  const magnitude = /^0x/i.test(digits)
    ? BigInt(digits)
    : digits.length > 1 && digits.startsWith('0')
      ? BigInt(`0o${digits.slice(1)}`)
      : BigInt(digits);
  return match[1] === '-' ? -magnitude : magnitude;
}

/**
 * Whether what the kernel reports back is what was written: field by field, numbers compared
 * as numbers ("010" reads back as 8, "10000    65000" as "10000\t65000").
 */
export function sameKernelValue(written: string, readBack: string): boolean {
  const a = normalizeValue(written).split(' ');
  const b = normalizeValue(readBack).split(' ');
  if (a.length !== b.length) return false;
  return a.every((field, i) => {
    if (field === b[i]) return true;
    const x = kernelInteger(field);
    const y = kernelInteger(b[i]!);
    return x !== undefined && y !== undefined && x === y;
  });
}
