/**
 * Security checks: (a) nothing from the input can reach a shell — the source runs programs only
 * through execFile/execFileSync/spawnSync with argument arrays; (b) a bundle's symlinks never
 * make advise, states or collect read a file outside --root; (c) files the tool writes are
 * 0644 (directories 0755) and never world-writable, even under umask 000.
 */
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runCli } from '../../src/main.js';
import { copyBaseRoot, inPool, REPO_ROOT, runCliAsync, withScratch, type CliRun } from './helpers.js';
import { textOf } from '../../src/util/pieces.js';
import { inProcessEnvironment } from '../helpers/environment.js';

// ---------------------------------------------------------------------------------------------
// (a) No shell.

/** Files allowed to break a rule below, with the reason. None today. */
const ALLOWED_EXCEPTIONS: Readonly<Record<string, string>> = {};
const ALLOWED_CHILD_PROCESS = new Set(['execFile', 'execFileSync', 'spawnSync']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.c?ts$/.test(entry.name) ? [path] : [];
  });
}

/** Comments out, so prose ("never exec(...)") is not taken for code; string contents stay. */
function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every way a file could hand a string to a shell, as "line: problem". */
export function shellRisks(code: string): string[] {
  const source = withoutComments(code);
  const problems: string[] = [];
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  // A match may start with the character before the call (a newline): count from its first non-blank.
  const start = (m: RegExpMatchArray) => m.index! + m[0].length - m[0].trimStart().length;
  const flag = (regex: RegExp, problem: (m: RegExpExecArray) => string) => {
    for (const m of source.matchAll(new RegExp(regex.source, `${regex.flags.replace('g', '')}g`)))
      problems.push(`${lineOf(start(m))}: ${problem(m)}`);
  };
  for (const m of source.matchAll(/import\s+([^;]*?)\s+from\s+['"](?:node:)?child_process['"]/g)) {
    const clause = m[1]!;
    const named = /\{([^}]*)\}/.exec(clause);
    if (
      !named ||
      clause
        .replace(/\{[^}]*\}/, '')
        .replace(/type\s*/, '')
        .trim() !== ''
    )
      problems.push(`${lineOf(m.index)}: a default or namespace import of child_process`);
    for (const name of (named?.[1] ?? '')
      .split(',')
      .map(
        (n) =>
          n
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0]!,
      )
      .filter(Boolean)) {
      if (!ALLOWED_CHILD_PROCESS.has(name)) problems.push(`${lineOf(m.index)}: imports ${name} from child_process`);
    }
  }
  flag(
    /require\(\s*['"](?:node:)?child_process['"]\s*\)|import\(\s*['"](?:node:)?child_process['"]\s*\)/,
    () => 'loads child_process dynamically',
  );
  flag(/child_process\.exec/, () => 'child_process.exec');
  flag(/(^|[^.\w$])(exec|execSync)\s*\(/, (m) => `calls ${m[2]}()`);
  flag(/\bspawn\s*\(/, () => 'calls spawn() (use spawnSync or execFile with an argument array)');
  flag(/\bshell\s*:\s*(?!false\b)/, () => 'a shell: option');
  flag(
    /\b(?:execFile|execFileSync|spawnSync)\s*\(\s*(['"`])(?:\/bin\/|\/usr\/bin\/)?(?:ba|da|z)?sh\1/,
    () => 'runs a shell as the program',
  );
  flag(/\b(?:execFile|execFileSync|spawnSync)\s*\(\s*(['"`])[^'"`]*\s[^'"`]*\1/, () => 'a command line in one string');
  flag(/\b(?:execFile|execFileSync|spawnSync)\s*\(\s*[^,()]+,(?!\s*[[\w$])/, () => 'arguments that are not an array');
  flag(/(^|[^.\w$])eval\s*\(|\bnew\s+Function\s*\(/, () => 'eval or new Function');
  return problems;
}

test('the shell-risk scan finds what it looks for (and not RegExp#exec)', () => {
  assert.deepEqual(shellRisks("import { exec } from 'node:child_process';\nexec(`ls ${dir}`);"), [
    '1: imports exec from child_process',
    '2: calls exec()',
  ]);
  assert.deepEqual(shellRisks("import * as cp from 'child_process';"), ['1: a default or namespace import of child_process']);
  assert.deepEqual(shellRisks("execFileSync('git', ['log'], { shell: true });"), ['1: a shell: option']);
  assert.deepEqual(shellRisks("execFileSync('sh', ['-c', line]);"), ['1: runs a shell as the program']);
  assert.deepEqual(shellRisks("execFileSync('git log -p', []);"), ['1: a command line in one string']);
  assert.deepEqual(shellRisks('spawnSync(cmd, `--x ${y}`);'), ['1: arguments that are not an array']);
  assert.deepEqual(shellRisks('const m = /x/.exec(s); // exec(\n/* execSync( */ const n = RE.exec(t);'), []);
  assert.deepEqual(
    shellRisks(
      "import { execFileSync } from 'node:child_process';\nexecFileSync('git', ['--literal-pathspecs', ...args], { encoding: 'utf8' });",
    ),
    [],
  );
});

test('(a) nothing from the input reaches a shell: src/ runs programs only with execFile/execFileSync/spawnSync and argument arrays', () => {
  const src = join(REPO_ROOT, 'src');
  const problems = sourceFiles(src).flatMap((file) => {
    const name = relative(REPO_ROOT, file);
    if (ALLOWED_EXCEPTIONS[name]) return [];
    return shellRisks(readFileSync(file, 'utf8')).map((problem) => `${name}:${problem}`);
  });
  assert.deepEqual(problems, [], problems.join('\n'));
});

// Build-time code, which writes dist/ and bundle/ and never runs for a user, lives in tools/build/, outside src/.
const WRITING_CALLS =
  /\b(writeFileSync|appendFileSync|writeFile|appendFile|createWriteStream|copyFileSync|copyFile|renameSync|rename|truncateSync|ftruncateSync)\s*\(/g;

test('every file the tool writes goes through util/atomic-write.ts (temp file, fsync, rename, backup)', () => {
  const problems = sourceFiles(join(REPO_ROOT, 'src')).flatMap((file) => {
    const name = relative(REPO_ROOT, file);
    if (name === join('src', 'util', 'atomic-write.ts')) return [];
    const code = withoutComments(readFileSync(file, 'utf8'));
    return [...code.matchAll(WRITING_CALLS)].map((m) => `${name}:${code.slice(0, m.index).split('\n').length}: ${m[1]}()`);
  });
  assert.deepEqual(problems, [], problems.join('\n'));
});

// ---------------------------------------------------------------------------------------------
// (b) Symlinks out of --root.

const OUTSIDE_VALUE = '4242';
const OUTSIDE_CONF = 'net.ipv4.tcp_fin_timeout = 4343\n# OUTSIDE-CONTENT\n';
// Three sockets that only exist outside the root; the bundle's own tables are empty.
const OUTSIDE_TCP =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
  [1, 2, 3]
    .map(
      (i) =>
        `   ${i}: 0100007F:BEEF 0200007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 ${i} 1 0000000000000000 20 4 30 10 -1`,
    )
    .join('\n') +
  '\n';

interface LinkCase {
  readonly name: string;
  /** Path inside the root that becomes a symlink. */
  readonly at: string;
  /** The outside file or directory it points to. */
  readonly to: string;
}

const LINKS: readonly LinkCase[] = [
  { name: 'a sysctl value', at: 'proc/sys/net/ipv4/tcp_fin_timeout', to: 'fin_timeout' },
  { name: 'proc/net/tcp', at: 'proc/net/tcp', to: 'tcp' },
  { name: 'a sysctl.d file', at: 'etc/sysctl.d/50-x.conf', to: 'x.conf' },
  { name: 'the proc/net directory', at: 'proc/net', to: 'net-dir' },
  { name: 'the sysctl.d directory', at: 'etc/sysctl.d', to: 'sysctl.d-dir' },
];

function buildOutside(outside: string): void {
  mkdirSync(join(outside, 'net-dir'), { recursive: true });
  mkdirSync(join(outside, 'sysctl.d-dir'), { recursive: true });
  writeFileSync(join(outside, 'fin_timeout'), `${OUTSIDE_VALUE}\n`);
  writeFileSync(join(outside, 'tcp'), OUTSIDE_TCP);
  writeFileSync(join(outside, 'net-dir', 'tcp'), OUTSIDE_TCP);
  writeFileSync(join(outside, 'x.conf'), OUTSIDE_CONF);
  writeFileSync(join(outside, 'sysctl.d-dir', '50-x.conf'), OUTSIDE_CONF);
}

function rootWithLink(dir: string, link: LinkCase, style: 'absolute' | 'relative'): string {
  const root = copyBaseRoot(join(dir, `root-${link.at.replace(/\//g, '_')}-${style}`));
  const at = join(root, link.at);
  rmSync(at, { recursive: true, force: true });
  mkdirSync(dirname(at), { recursive: true });
  const target = join(dir, 'outside', link.to);
  symlinkSync(style === 'absolute' ? target : relative(dirname(at), target), at);
  return root;
}

/** Traces of the outside files: the value, the config line, or local port 0xBEEF (48879) of the outside sockets. */
const leaked = (text: string) => [OUTSIDE_VALUE, '4343', 'OUTSIDE-CONTENT', '48879', 'BEEF'].some((mark) => text.includes(mark));

async function inProcess(args: readonly string[]): Promise<CliRun> {
  const output = await runCli(args, inProcessEnvironment({ env: { NO_COLOR: '1' } }));
  return { stdout: textOf(output.stdout), stderr: output.stderr ?? '', status: output.exitCode };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) return [];
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

test('(b) advise, states and collect never read through a symlink out of --root (absolute or ../)', { timeout: 60_000 }, async () => {
  await withScratch('symlinks', async (dir) => {
    buildOutside(join(dir, 'outside'));
    const failures: string[] = [];
    for (const link of LINKS) {
      for (const style of ['absolute', 'relative'] as const) {
        const root = rootWithLink(dir, link, style);
        const what = `${link.name} (${style} link)`;
        for (const args of [
          ['advise', '--root', root, '--format', 'json'],
          ['advise', '--root', root, '--profile', 'edge', '--format', 'diff'],
          ['states', '--root', root, '--format', 'json'],
        ]) {
          const run = await inProcess(args);
          // Links resolve as in a chroot (util/in-root.ts): the outside file is simply not there, so a
          // run may refuse a root whose proc/net is now missing, in one line.
          const refused = run.status === 2 && run.stderr.trim().split('\n').length === 1;
          if (leaked(run.stdout + run.stderr)) failures.push(`${what}: ${args[0]} read the outside file`);
          else if (run.status !== 0 && !refused) failures.push(`${what}: ${args.join(' ')} exit ${run.status}: ${run.stderr.trim()}`);
        }
        const out = join(dir, `bundle-${link.at.replace(/\//g, '_')}-${style}`);
        const collected = await inProcess(['collect', '--root', root, '--out', out]);
        if (collected.status !== 0) failures.push(`${what}: collect exit ${collected.status}: ${collected.stderr.trim()}`);
        for (const file of existsSync(out) ? filesUnder(out) : []) {
          if (leaked(readFileSync(file, 'latin1'))) failures.push(`${what}: collect copied the outside file into ${relative(out, file)}`);
        }
        if (link.at.startsWith('proc/') && !/planned files? absent/.test(collected.stderr)) {
          failures.push(`${what}: collect did not count the kernel file the link hides as absent: ${collected.stderr.trim()}`);
        }
      }
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });
});

test('(b) advise --target: the drop-in it edits is read inside the root too', async () => {
  await withScratch('symlink-target', async (dir) => {
    buildOutside(join(dir, 'outside'));
    const root = rootWithLink(dir, { name: 'the target drop-in', at: 'etc/sysctl.d/90-sysctl-advisor.conf', to: 'x.conf' }, 'absolute');
    const run = await inProcess(['advise', '--root', root, '--profile', 'edge', '--format', 'diff']);
    assert.ok(!leaked(run.stdout + run.stderr), `the outside file is in the diff:\n${run.stdout.slice(0, 400)}`);
  });
});

// ---------------------------------------------------------------------------------------------
// (c) Modes under umask 000.

const mode = (path: string) => statSync(path).mode & 0o777;
const WRITER = fileURLToPath(new URL('./atomic-writer-child.js', import.meta.url));

test(
  '(c) files the tool writes are 0644 (directories 0755) and never world-writable, even with umask 000',
  { timeout: 60_000 },
  async () => {
    await withScratch('modes', async (dir) => {
      const generated = join(dir, '90-new.conf');
      const replaced = join(dir, '90-old.conf');
      writeFileSync(replaced, 'net.ipv4.tcp_fin_timeout = 30\n', { mode: 0o666 });
      const [first, second, bundle] = await inPool([
        () => runCliAsync(['generate', '--profile', 'web-server', '-o', generated], { umask: '000' }),
        () => runCliAsync(['generate', '--profile', 'web-server', '-o', replaced], { umask: '000' }),
        () =>
          runCliAsync(['collect', '--root', join(REPO_ROOT, 'test/fixtures/roots/_base'), '--out', join(dir, 'bundle')], { umask: '000' }),
      ]);
      // atomicWriteFile itself, in a child under umask 000 (the crash-safety writer, run once).
      const direct = await new Promise<CliRun>((resolve) => {
        execFile(
          '/bin/sh',
          ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, WRITER, join(dir, 'direct.conf'), 'once'],
          (error, stdout, stderr) => resolve({ stdout, stderr, status: error ? 1 : 0 }),
        );
      });
      for (const run of [first!, second!, bundle!, direct]) assert.equal(run.status, 0, run.stderr);
      assert.equal(mode(generated), 0o644, 'generate -o, a new file');
      assert.equal(mode(join(dir, 'direct.conf')), 0o644, 'atomicWriteFile, a new file');
      assert.equal(mode(replaced) & 0o002, 0, `generate -o over a 0666 file: ${mode(replaced).toString(8)}`);
      assert.equal(mode(`${replaced}.bak`) & 0o002, 0, `its backup: ${mode(`${replaced}.bak`).toString(8)}`);
      const written = [join(dir, 'bundle'), ...walk(join(dir, 'bundle'))];
      assert.ok(written.length > 10, 'the bundle has files');
      for (const path of written) {
        const stat = lstatSync(path);
        if (stat.isSymbolicLink()) continue;
        assert.equal(
          stat.mode & 0o777,
          stat.isDirectory() ? 0o755 : 0o644,
          `collect --out: ${relative(dir, path)} is ${(stat.mode & 0o777).toString(8)}`,
        );
      }
    });
  },
);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? [path, ...walk(path)] : [path];
  });
}
