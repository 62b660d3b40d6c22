/**
 * procps `sysctl --dry-run -p FILE...` as an oracle, run inside a fresh network namespace, and
 * the same observation computed from our parser, so tests can compare the two field by field.
 *
 * What procps 4.0.2 prints for each kind of line (observed; see docs/config-files.md):
 *   stdout  "dotted.key = value"                      a write it would do (key exists, writable)
 *   stderr  "sysctl: FILE(N): invalid syntax, continuing..."
 *           "sysctl: cannot stat /proc/sys/<raw path>: No such file or directory"
 *           "sysctl: setting key \"dotted.key\": Invalid argument"   (read-only file, directory)
 *           "sysctl: Path is not under /proc/sys/: /proc/sys/"       (empty key, "net/..")
 *           "sysctl: separators should not be repeated: ..."        (warning, ignored here)
 */
import { spawnSync } from 'node:child_process';
import { normalizeProcPath, simulateLoad, type LoadedFile, type ParsedConfigFile } from '../../../src/config/index.js';
import { KeyIndex } from '../../../src/config/index.js';

/** The /proc/sys tree of a fresh network namespace (the same in every fresh one). */
export interface NamespaceKeys {
  /** Files, with whether the owner may write them (procps' S_IWUSR test). */
  readonly files: ReadonlyMap<string, { readonly writable: boolean }>;
  readonly directories: ReadonlySet<string>;
  /** Files and directories: procps' glob(3) matches both. */
  readonly index: KeyIndex;
}

let cachedKeys: NamespaceKeys | undefined;

export function namespaceKeys(): NamespaceKeys {
  if (cachedKeys) return cachedKeys;
  const run = spawnSync('unshare', ['--net', 'find', '/proc/sys', '-mindepth', '1', '-printf', '%y %m %P\\n'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`listing /proc/sys in a netns failed: ${run.stderr}`);
  const files = new Map<string, { writable: boolean }>();
  const directories = new Set<string>();
  for (const line of run.stdout.split('\n')) {
    if (line === '') continue;
    const [type, mode, path] = [line.slice(0, 1), line.slice(2, line.indexOf(' ', 2)), line.slice(line.indexOf(' ', 2) + 1)];
    if (type === 'd') directories.add(path);
    else if (type === 'f') files.set(path, { writable: (parseInt(mode, 8) & 0o200) !== 0 });
  }
  cachedKeys = { files, directories, index: new KeyIndex([...files.keys(), ...directories]) };
  return cachedKeys;
}

/** What procps did (or what we predict it does), by category, each in output order. */
export interface ProcpsObservation {
  /** stdout writes: normalized /proc/sys path and value. */
  readonly writes: readonly { readonly path: string; readonly value: string }[];
  /** "FILE(N): invalid syntax" as "FILE:N". */
  readonly invalid: readonly string[];
  /** Raw paths after /proc/sys/ of "cannot stat". */
  readonly cannotStat: readonly string[];
  /** Normalized paths of "setting key" errors. */
  readonly settingKey: readonly string[];
  /** How many "Path is not under /proc/sys/". */
  readonly notUnderProcSys: number;
  /** stderr lines we could not classify (must stay empty). */
  readonly unrecognised: readonly string[];
}

export interface ProcpsRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** Runs `sysctl --dry-run -p FILE...` in a new network namespace (LC_ALL=C for glob order). */
export function procpsDryRun(files: readonly string[]): ProcpsRun {
  const run = spawnSync('unshare', ['--net', 'sysctl', '--dry-run', '-p', ...files], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

/** procps prints a key by swapping every "." and "/" of its path (slashdot on a "/"-first path). */
function pathOfPrintedKey(dotted: string): string {
  let path = '';
  for (const ch of dotted) path += ch === '.' ? '/' : ch === '/' ? '.' : ch;
  return normalizeProcPath(path) ?? path;
}

function outputLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function observeProcps(run: ProcpsRun): ProcpsObservation {
  const writes: { path: string; value: string }[] = [];
  for (const line of outputLines(run.stdout)) {
    const at = line.indexOf(' = ');
    if (at === -1) throw new Error(`unexpected procps stdout line: ${JSON.stringify(line)}`);
    writes.push({ path: pathOfPrintedKey(line.slice(0, at)), value: line.slice(at + 3) });
  }
  const invalid: string[] = [];
  const cannotStat: string[] = [];
  const settingKey: string[] = [];
  const unrecognised: string[] = [];
  let notUnderProcSys = 0;
  for (const line of outputLines(run.stderr)) {
    const syntax = /^sysctl: (.*)\((\d+)\): invalid syntax, continuing\.\.\.$/.exec(line);
    if (syntax) {
      invalid.push(`${syntax[1]}:${syntax[2]}`);
      continue;
    }
    if (line.startsWith('sysctl: cannot stat /proc/sys/')) {
      const rest = line.slice('sysctl: cannot stat /proc/sys/'.length);
      cannotStat.push(rest.slice(0, rest.lastIndexOf(': ')));
      continue;
    }
    const setting = /^sysctl: setting key "(.*)": [^"]+$/.exec(line);
    if (setting) {
      settingKey.push(pathOfPrintedKey(setting[1]!));
      continue;
    }
    if (line.startsWith('sysctl: Path is not under /proc/sys/: ')) {
      notUnderProcSys++;
      continue;
    }
    if (line.startsWith('sysctl: separators should not be repeated: ')) continue;
    unrecognised.push(line);
  }
  return { writes, invalid, cannotStat, settingKey, notUnderProcSys, unrecognised };
}

/**
 * Our prediction of the same run: the parser's lines through our procps model, with globs
 * expanded against the namespace's files and directories, then sorted into procps' channels by
 * whether the path exists and is a writable file.
 */
export function predictProcps(files: readonly (ParsedConfigFile | LoadedFile)[], keys: NamespaceKeys): ProcpsObservation {
  // A LoadedFile names the file as procps lists it (e.g. /etc/sysctl.d/99-sysctl.conf).
  const loaded: LoadedFile[] = files.map((f) => ('file' in f ? f : { path: f.path, file: f }));
  const run = simulateLoad('procps', loaded, keys.index);
  const writes: { path: string; value: string }[] = [];
  const cannotStat: string[] = [];
  const settingKey: string[] = [];
  let notUnderProcSys = 0;
  for (const write of run.writes) {
    const path = write.procPath;
    if (path === null) {
      notUnderProcSys++;
      continue;
    }
    const file = keys.files.get(path);
    if (file?.writable) writes.push({ path, value: write.applied.value });
    else if (file || keys.directories.has(path.replace(/\/$/, ''))) settingKey.push(path);
    else cannotStat.push(write.rawPath);
  }
  const invalid = loaded.flatMap(({ path, file }) => file.invalid.filter((l) => l.reason === 'no-equals').map((l) => `${path}:${l.line}`));
  return { writes, invalid, cannotStat, settingKey, notUnderProcSys, unrecognised: [] };
}
