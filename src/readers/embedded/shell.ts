/**
 * Sysctl settings in shell code: scripts, Dockerfile RUN instructions, container commands,
 * cloud-init runcmd. What is read (the variants seen in real
 * repositories):
 *
 * - `sysctl [-w] [-e] k=v ...` (procps 4 writes `k=v` arguments with or without -w). An unquoted
 *   multi-value `k=v1 v2` writes `k=v1` only: the shell split off `v2`, which procps then reads
 *   as another argument ("invalid syntax" with -w) (docs/config-files.md);
 * - `echo v > /proc/sys/a/b`, `printf`, `echo v | tee /proc/sys/a/b`;
 * - a here-document, `echo "k = v" >>` or `tee` into /etc/sysctl.conf or a sysctl.d file: its
 *   lines are sysctl-file content, parsed as procps reads it;
 * - `docker|podman run --sysctl k=v`;
 * - `sh -c '...'` (read recursively, positions kept);
 * - `rm` of sysctl files or directories (a file operation, not a setting);
 * - an unknown function given a /proc/sys path and a value (`sudo_overwrite /proc/sys/x 1`),
 *   marked as a helper.
 */
import { anyKeyToProcPath, dottedKey } from '../../config/keypath.js';
import type { ContentLine, ExtractionBuilder } from './builder.js';
import { hasExpansion, lexShell, type Pipeline, type Redirect, type ShellWord, type SimpleCommand } from './shell-lexer.js';
import type { AppliedVia, Position, ShellContext } from './types.js';

export interface ShellOptions {
  readonly context: ShellContext;
  readonly unit: string;
}

const CONTROL_WORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', 'time', '{', '}', 'function']);
const PREFIX_COMMANDS = new Set(['command', 'exec', 'nohup', 'builtin', 'eval']);
const SUDO = new Set(['sudo', 'doas']);
/** sudo options that take an argument. */
const SUDO_ARGUMENT_OPTIONS = new Set(['-u', '-g', '-C', '-p', '-h', '-r', '-t', '-U', '-D', '-R', '-T']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'busybox']);
const CONTAINER_CLIS = new Set(['docker', 'podman', 'nerdctl']);
const VARIABLE_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;
const DECLARATIONS = new Set(['local', 'export', 'readonly', 'declare', 'typeset']);
/** Programs that read a /proc/sys file rather than write it. */
const READERS = new Set([
  'cat',
  'less',
  'more',
  'head',
  'tail',
  'grep',
  'egrep',
  'ls',
  'stat',
  'test',
  '[',
  '[[',
  'wc',
  'diff',
  'cp',
  'awk',
  'sed',
  'readlink',
  'realpath',
  'file',
  'read',
]);
const SYSCTL_PATH = /^(?:\/etc\/sysctl\.conf|\/(?:etc|run|usr\/lib|usr\/local\/lib|lib)\/sysctl\.d(?:\/.*)?)$/;
const SYSCTL_FILE = /(?:^|\/)sysctl\.conf$|\/sysctl\.d\/[^/]+$/;

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Reads shell code; `offsetOf(i)` maps an index of `source` to a file offset. */
export function readShellSource(
  builder: ExtractionBuilder,
  source: string,
  offsetOf: (index: number) => number,
  options: ShellOptions,
  variables = new Map<string, string>(),
): void {
  const pipelines = lexShell(source, offsetOf);
  const written = new Set<string>();
  for (const pipeline of pipelines)
    for (const command of pipeline.commands) for (const target of outputTargets(command, variables)) written.add(target);
  for (const pipeline of pipelines) readPipeline(builder, pipeline, options, variables, written);
}

/** Reads the words of an exec-form command (a YAML or JSON array: no shell splits or expands them). */
export function readCommandWords(builder: ExtractionBuilder, words: readonly ShellWord[], options: ShellOptions): void {
  readPipeline(builder, { commands: [{ words: [...words], redirects: [] }] }, options, new Map(), new Set());
}

function readPipeline(
  builder: ExtractionBuilder,
  pipeline: Pipeline,
  options: ShellOptions,
  variables: Map<string, string>,
  written: ReadonlySet<string>,
): void {
  pipeline.commands.forEach((command, index) => {
    const previous = index > 0 ? pipeline.commands[index - 1] : undefined;
    readCommand(builder, command, previous, options, variables, written);
  });
}

/** The words from the program on: control words, `VAR=x` prefixes, sudo and friends skipped. */
function programWords(command: SimpleCommand, variables: Map<string, string>): ShellWord[] {
  const words = command.words;
  let i = 0;
  while (i < words.length) {
    const text = words[i]!.text;
    if (CONTROL_WORDS.has(text) || PREFIX_COMMANDS.has(text)) {
      i++;
      continue;
    }
    const assignment = VARIABLE_ASSIGNMENT.exec(text);
    if (assignment && !words[i]!.expanded[0]) {
      recordVariable(words[i]!, assignment[1]!, variables);
      i++;
      continue;
    }
    if (DECLARATIONS.has(text)) {
      for (const word of words.slice(i + 1)) {
        const declared = VARIABLE_ASSIGNMENT.exec(word.text);
        if (declared) recordVariable(word, declared[1]!, variables);
      }
      return [];
    }
    if (SUDO.has(text)) {
      i++;
      while (i < words.length && words[i]!.text.startsWith('-')) i += SUDO_ARGUMENT_OPTIONS.has(words[i]!.text) ? 2 : 1;
      continue;
    }
    if (text === 'env') {
      i++;
      while (i < words.length && (words[i]!.text.startsWith('-') || VARIABLE_ASSIGNMENT.test(words[i]!.text))) i++;
      continue;
    }
    if (text === 'timeout') {
      i++;
      while (i < words.length && words[i]!.text.startsWith('-')) i++;
      i++; // the duration
      continue;
    }
    break;
  }
  return words.slice(i);
}

function recordVariable(word: ShellWord, name: string, variables: Map<string, string>): void {
  const value = word.text.slice(name.length + 1);
  if (hasExpansion(word, name.length + 1)) variables.delete(name);
  else variables.set(name, value);
}

/** A word's text with `$NAME`/`${NAME}` replaced when the script set NAME to a literal; undefined when something stays unknown. */
function resolved(word: ShellWord, variables: ReadonlyMap<string, string>): string | undefined {
  if (!hasExpansion(word)) return word.text;
  const text = word.text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced: string | undefined, bare: string | undefined) => {
      const value = variables.get((braced ?? bare)!);
      return value ?? whole;
    },
  );
  return /\$|`/.test(text) ? undefined : text;
}

/** Files the command writes through `>`/`>>` or `tee`. */
function outputTargets(command: SimpleCommand, variables: ReadonlyMap<string, string>): string[] {
  const targets: string[] = [];
  for (const redirect of command.redirects) {
    if (
      (redirect.op === '>' || redirect.op === '>>' || redirect.op === '>|') &&
      redirect.target &&
      (redirect.fd === null || redirect.fd === 1)
    ) {
      const path = resolved(redirect.target, variables);
      if (path !== undefined) targets.push(path);
    }
  }
  const words = programWords(command, new Map(variables));
  if (words.length > 0 && basename(words[0]!.text) === 'tee') {
    for (const word of words.slice(1)) if (!word.text.startsWith('-')) targets.push(resolved(word, variables) ?? word.text);
  }
  return targets;
}

function readCommand(
  builder: ExtractionBuilder,
  command: SimpleCommand,
  previous: SimpleCommand | undefined,
  options: ShellOptions,
  variables: Map<string, string>,
  written: ReadonlySet<string>,
): void {
  const words = programWords(command, variables);
  const program = words.length > 0 ? basename(words[0]!.text) : '';
  const args = words.slice(1);
  if (program === 'sysctl') return readSysctl(builder, words[0]!.text, args, options);
  if (SHELLS.has(program)) return readNestedShell(builder, args, options, variables);
  if (CONTAINER_CLIS.has(program)) return readContainerRun(builder, args);
  if (program === 'rm') return readRemove(builder, words, options, variables, written);
  if (program === 'tee') return readTee(builder, args, command, previous, options, variables);
  if (program === 'echo' || program === 'printf' || program === 'cat' || program === '') {
    // `echo v > /proc/sys/x`, `echo "k = v" >> /etc/sysctl.conf`, `cat > FILE <<EOF`.
    for (const redirect of command.redirects) {
      if (
        !redirect.target ||
        !(redirect.op === '>' || redirect.op === '>>' || redirect.op === '>|') ||
        (redirect.fd !== null && redirect.fd !== 1)
      )
        continue;
      const path = resolved(redirect.target, variables);
      const content = contentOf(program, args, command);
      if (content === undefined) continue;
      writeTo(
        builder,
        path,
        redirect.target,
        content,
        redirect.op === '>>',
        program === 'cat' ? 'here-document' : `${program} ${redirect.op}`,
        options,
      );
    }
    return;
  }
  if (!READERS.has(program)) readHelper(builder, words, options);
}

interface Content {
  readonly lines: readonly ContentLine[];
  /** An unquoted here-document or a word with expansions: `$X` is not known. */
  readonly expands: boolean;
  /** For a single echo word: the word, to anchor a /proc/sys write at it. */
  readonly word?: ShellWord;
}

/** What `echo ARGS`, `printf FMT` or `cat <<EOF` print. */
function contentOf(program: string, args: readonly ShellWord[], command: SimpleCommand): Content | undefined {
  if (program === 'cat' || program === '') {
    const heredoc = command.redirects.find((r: Redirect) => r.heredoc)?.heredoc;
    if (heredoc) return { lines: heredoc.lines, expands: !heredoc.quoted };
    return undefined;
  }
  let rest = [...args];
  if (program === 'echo') {
    while (rest.length > 0 && /^-[neE]+$/.test(rest[0]!.text)) rest = rest.slice(1);
  } else {
    // printf FORMAT: only a format without conversions is read; "\n" ends the line.
    if (rest.length !== 1 || rest[0]!.text.includes('%')) return undefined;
  }
  if (rest.length === 0) return undefined;
  const text: string[] = [];
  const offsets: number[] = [];
  let expands = false;
  rest.forEach((word, i) => {
    if (i > 0) {
      text.push(' ');
      offsets.push(word.start - 1);
    }
    let body = word.text;
    let bodyOffsets = [...word.offsets];
    if (program === 'printf' || body.includes('\\n')) {
      const cut = body.indexOf('\\n');
      if (cut !== -1) {
        body = body.slice(0, cut);
        bodyOffsets = bodyOffsets.slice(0, cut);
      }
    }
    text.push(body);
    offsets.push(...bodyOffsets);
    if (hasExpansion(word)) expands = true;
  });
  return { lines: [{ text: text.join(''), offsets }], expands, ...(rest.length === 1 ? { word: rest[0]! } : {}) };
}

/** `something > PATH`: a /proc/sys write, or sysctl-file content. */
function writeTo(
  builder: ExtractionBuilder,
  path: string | undefined,
  target: ShellWord,
  content: Content,
  append: boolean,
  writer: string,
  options: ShellOptions,
): void {
  if (path !== undefined && path.startsWith('/proc/sys/')) {
    const line = content.lines[0];
    if (!line) return;
    const value = line.text.trim();
    const via: AppliedVia = { tool: 'shell', command: writer.replace(/ >>?\|?$/, ' >'), context: options.context, ignoreUnknown: false };
    const valueOffset = line.offsets[line.text.length - line.text.trimStart().length] ?? target.start;
    addProcWrite(builder, path, target, value, content.expands, builder.at(valueOffset), via, options);
    return;
  }
  const isSysctlFile = path !== undefined ? SYSCTL_FILE.test(path) : looksLikeSysctlContent(content.lines);
  if (!isSysctlFile) return;
  const via: AppliedVia = { tool: 'sysctl-file', path: path ?? null, writer, append, context: options.context };
  builder.addSysctlContent(content.lines, via, options.unit, content.expands);
}

/** A here-document written to a file the script names through a variable: sysctl content when most of its lines are `a.b.c = v`. */
function looksLikeSysctlContent(lines: readonly ContentLine[]): boolean {
  const significant = lines.filter((l) => l.text.trim() !== '' && !l.text.trim().startsWith('#'));
  const sysctl = significant.filter((l) => /^\s*-?[a-z][\w-]*(?:[./][\w*-]+)+\s*=/.test(l.text));
  return sysctl.length > 0 && sysctl.length * 2 > significant.length;
}

function addProcWrite(
  builder: ExtractionBuilder,
  path: string,
  pathWord: ShellWord,
  value: string,
  expands: boolean,
  valuePosition: Position,
  via: AppliedVia,
  options: ShellOptions,
): void {
  const procPath = anyKeyToProcPath(path);
  const keyPosition = builder.at(pathWord.offsets[0] ?? pathWord.start);
  if (procPath === null || hasExpansion(pathWord)) {
    builder.skip(keyPosition, `the /proc/sys path ${path} is not known until the script runs`);
    return;
  }
  builder.add({
    key: procPath,
    keyPosition,
    value: expands ? undefined : value,
    valueText: value,
    valuePosition,
    ...(expands ? { unknownValue: `the value ${value} is a shell expansion, known only when the script runs` } : {}),
    via,
    unit: options.unit,
  });
}

/** `sysctl [options] k=v ...`. */
function readSysctl(builder: ExtractionBuilder, programText: string, args: readonly ShellWord[], options: ShellOptions): void {
  let write = false;
  let ignoreUnknown = false;
  let loadsFiles = false;
  const assignments: { word: ShellWord; eq: number; stray: ShellWord[] }[] = [];
  for (const word of args) {
    const text = word.text;
    if (text.startsWith('-') && assignments.length === 0 && !text.includes('=')) {
      if (text === '--write' || (/^-[a-zA-Z]+$/.test(text) && text.includes('w'))) write = true;
      if (text === '--ignore' || (/^-[a-zA-Z]+$/.test(text) && text.includes('e'))) ignoreUnknown = true;
      if (text === '--system' || text.startsWith('--load') || (/^-[a-zA-Z]+/.test(text) && (text.includes('p') || text.includes('f'))))
        loadsFiles = true;
      continue;
    }
    if (loadsFiles) continue; // sysctl -p FILE...: the files are applied, not named settings
    const eq = text.indexOf('=');
    if (eq > 0) {
      assignments.push({ word, eq, stray: [] });
    } else if (assignments.length > 0 && !text.startsWith('-')) {
      // `sysctl -w k=32767 65535`: the shell split the value.
      assignments[assignments.length - 1]!.stray.push(word);
    }
  }
  const command = `${programText}${write ? ' -w' : ''}`;
  for (const { word, eq, stray } of assignments) {
    const keyPosition = builder.at(word.offsets[0]!);
    if (hasExpansion(word, 0, eq)) {
      builder.skip(keyPosition, `the key in ${word.text} is a shell expansion, known only when the command runs`);
      continue;
    }
    const value = word.text.slice(eq + 1);
    const unknown = hasExpansion(word, eq + 1);
    const valueOffset = word.offsets[eq + 1] ?? word.offsets[eq]! + 1;
    const via: AppliedVia = {
      tool: 'shell',
      command,
      context: options.context,
      ignoreUnknown,
      ...(stray.length > 0 ? { strayWords: stray.map((s) => ({ text: s.text, position: builder.at(s.offsets[0] ?? s.start) })) } : {}),
    };
    builder.add({
      key: word.text.slice(0, eq),
      keyPosition,
      value: unknown ? undefined : value,
      valueText: value,
      valuePosition: builder.at(valueOffset),
      ...(unknown ? { unknownValue: `the value ${value} is a shell expansion, known only when the command runs` } : {}),
      via,
      unit: options.unit,
    });
  }
}

/** `sh -c 'script'`: the script is read with positions inside the quoted word. */
function readNestedShell(
  builder: ExtractionBuilder,
  args: readonly ShellWord[],
  options: ShellOptions,
  variables: Map<string, string>,
): void {
  const c = args.findIndex((word) => /^-[a-z]*c[a-z]*$/.test(word.text));
  const script = c === -1 ? undefined : args[c + 1];
  if (!script) return;
  const offsets = script.offsets;
  readShellSource(
    builder,
    script.text,
    (i) => offsets[i] ?? (offsets.length > 0 ? offsets[offsets.length - 1]! + 1 : script.start),
    options,
    new Map(variables),
  );
}

/** `docker run --sysctl k=v ...` (also `--sysctl=k=v`, podman, nerdctl). */
function readContainerRun(builder: ExtractionBuilder, args: readonly ShellWord[]): void {
  if (args.length === 0 || !['run', 'create', 'container'].includes(args[0]!.text)) return;
  let networkMode: string | null = null;
  let ipc: string | null = null;
  const settings: { word: ShellWord; from: number }[] = [];
  for (let i = 1; i < args.length; i++) {
    const text = args[i]!.text;
    const valueOf = (flag: string): { word: ShellWord; from: number } | undefined =>
      text === flag && args[i + 1]
        ? { word: args[++i]!, from: 0 }
        : text.startsWith(`${flag}=`)
          ? { word: args[i]!, from: flag.length + 1 }
          : undefined;
    const sysctl = valueOf('--sysctl');
    if (sysctl) {
      settings.push(sysctl);
      continue;
    }
    const network = valueOf('--network') ?? valueOf('--net');
    if (network) {
      networkMode = network.word.text.slice(network.from);
      continue;
    }
    const ipcMode = valueOf('--ipc');
    if (ipcMode) ipc = ipcMode.word.text.slice(ipcMode.from);
  }
  // A container has namespaces of its own: its settings never meet the script's.
  const line = settings.length > 0 ? builder.at(settings[0]!.word.offsets[0] ?? settings[0]!.word.start).line : 0;
  const unit = builder.unit(`container:${line}`, `the container of the docker run on line ${line}`);
  for (const { word, from } of settings) {
    const eq = word.text.indexOf('=', from);
    if (eq === -1) continue;
    const keyPosition = builder.at(word.offsets[from]!);
    if (hasExpansion(word, from, eq)) {
      builder.skip(keyPosition, `the key in ${word.text} is a shell expansion`);
      continue;
    }
    const value = word.text.slice(eq + 1);
    const unknown = hasExpansion(word, eq + 1);
    builder.add({
      key: word.text.slice(from, eq),
      keyPosition,
      value: unknown ? undefined : value,
      valueText: value,
      valuePosition: builder.at(word.offsets[eq + 1] ?? word.offsets[eq]! + 1),
      ...(unknown ? { unknownValue: `the value ${value} is a shell expansion, known only when the command runs` } : {}),
      via: { tool: 'docker-run', networkMode, ipc },
      unit,
    });
  }
}

/** `... | tee [-a] FILE...`, `tee FILE <<EOF`. */
function readTee(
  builder: ExtractionBuilder,
  args: readonly ShellWord[],
  command: SimpleCommand,
  previous: SimpleCommand | undefined,
  options: ShellOptions,
  variables: Map<string, string>,
): void {
  const append = args.some((word) => word.text === '-a' || word.text === '--append');
  const files = args.filter((word) => !word.text.startsWith('-'));
  const heredoc = command.redirects.find((r) => r.heredoc)?.heredoc;
  let content: Content | undefined;
  if (heredoc) content = { lines: heredoc.lines, expands: !heredoc.quoted };
  else if (previous) {
    const words = programWords(previous, new Map(variables));
    const program = words.length > 0 ? basename(words[0]!.text) : '';
    if (program === 'echo' || program === 'printf' || program === 'cat') content = contentOf(program, words.slice(1), previous);
  }
  if (!content) return;
  for (const file of files) writeTo(builder, resolved(file, variables), file, content, append, heredoc ? 'here-document' : 'tee', options);
}

/** `rm [-rf] /etc/sysctl.d/*` and the like: a file operation; the script's own files (written later) excepted. */
function readRemove(
  builder: ExtractionBuilder,
  words: readonly ShellWord[],
  options: ShellOptions,
  variables: Map<string, string>,
  written: ReadonlySet<string>,
): void {
  const targets: string[] = [];
  for (const word of words.slice(1)) {
    if (word.text.startsWith('-')) continue;
    const path = resolved(word, variables);
    if (path === undefined) continue;
    const normal = path.replace(/\/+$/, '');
    if (!SYSCTL_PATH.test(normal)) continue;
    if (written.has(normal)) continue; // removed, then written again by the same script
    targets.push(path);
  }
  if (targets.length === 0) return;
  const first = words[0]!;
  const last = words[words.length - 1]!;
  const text = builder.text.slice(first.start, (last.offsets[last.offsets.length - 1] ?? last.start) + 1);
  builder.operations.push({
    kind: 'delete',
    command: text.includes('\n') ? words.map((w) => w.text).join(' ') : text,
    targets,
    position: builder.at(first.start),
    unit: options.unit,
  });
}

/** `some_function /proc/sys/net/ipv4/x 1`: a helper this file does not define, assumed to write the value. */
function readHelper(builder: ExtractionBuilder, words: readonly ShellWord[], options: ShellOptions): void {
  for (let i = 1; i + 1 < words.length; i++) {
    const word = words[i]!;
    if (!word.text.startsWith('/proc/sys/') || i + 2 !== words.length) continue;
    const valueWord = words[i + 1]!;
    if (valueWord.text.startsWith('-')) continue;
    const via: AppliedVia = { tool: 'shell', command: words[0]!.text, context: options.context, ignoreUnknown: false, helper: true };
    addProcWrite(
      builder,
      word.text,
      word,
      valueWord.text,
      hasExpansion(valueWord),
      builder.at(valueWord.offsets[0] ?? valueWord.start),
      via,
      options,
    );
  }
}

/** The dotted key of a /proc/sys path, for labels. */
export function keyOfProcPath(path: string): string | undefined {
  const procPath = anyKeyToProcPath(path);
  return procPath === null ? undefined : dottedKey(procPath);
}
