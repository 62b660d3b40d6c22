/**
 * Ansible playbooks and task files. What is read (ansible.posix plugins/modules/sysctl.py, https://github.com/ansible-collections/ansible.posix/blob/main/plugins/modules/sysctl.py; ansible-core ansible/config/ansible_builtin_runtime.yml: sysctl redirects to ansible.posix.sysctl):
 *
 * - `sysctl` / `ansible.posix.sysctl` tasks (the short name routes to ansible.posix), with YAML
 *   arguments or `key=value` free form, `args:`, `state: absent`, `sysctl_file`, `reload`,
 *   `ignoreerrors`, `sysctl_set`; `loop`, `with_items`, `with_list` and `with_dict` over inline
 *   lists and maps, over variables of the play, the block or the task, or over variables the
 *   caller finds in other files (a role's vars/ and defaults/, group_vars/all), with
 *   `| dict2items` and `| combine(...)` of such variables;
 * - `shell`/`command` tasks, read as shell; `lineinfile`, `blockinfile` and `copy: content:`
 *   into a sysctl file, read as sysctl-file content.
 *
 * Values become what the module writes: Python's str() of the YAML value, stripped, booleans and
 * yes/no/on/off as 1/0 (`_parse_value`). A Jinja expression that is not a loop item known here
 * is an unknown value. A loop item taken from another file is anchored in that file, at the
 * element's key and value (where a pull request changes it); a loop over a variable defined
 * nowhere the reader was shown (the inventory, extra vars) is "not checked", naming it.
 */
import type { ExtractionBuilder } from './builder.js';
import { LineIndex } from './line-index.js';
import { readYamlCommand } from './yaml-command.js';
import type { AppliedVia, Position } from './types.js';
import {
  blockLines,
  contentOffset,
  entries,
  get,
  isMap,
  isScalar,
  isSeq,
  isTemplated,
  parseYaml,
  pythonScalar,
  scalarWithOffsets,
  textOf,
  type Document,
  type Node,
  type Scalar,
} from './yaml-source.js';

const SYSCTL_MODULES = new Set(['sysctl', 'ansible.posix.sysctl', 'ansible.builtin.sysctl']);
const SHELL_MODULES = new Set(['shell', 'command', 'raw', 'ansible.builtin.shell', 'ansible.builtin.command', 'ansible.builtin.raw']);
const LINEINFILE = new Set(['lineinfile', 'ansible.builtin.lineinfile']);
const BLOCKINFILE = new Set(['blockinfile', 'ansible.builtin.blockinfile']);
const COPY = new Set(['copy', 'ansible.builtin.copy']);
const SET_FACT = new Set(['set_fact', 'ansible.builtin.set_fact']);
const TASK_LISTS = ['tasks', 'pre_tasks', 'post_tasks', 'handlers'];
const BLOCK_LISTS = ['block', 'rescue', 'always'];
const TASK_KEYWORDS = new Set([
  'name',
  'hosts',
  'tasks',
  'roles',
  'block',
  'import_tasks',
  'include_tasks',
  'import_role',
  'include_role',
  'import_playbook',
  'when',
  'become',
  'notify',
  'register',
  'loop',
  'with_items',
  'tags',
  'vars',
]);
/** BOOLEANS_TRUE / BOOLEANS_FALSE of ansible.module_utils.parsing.convert_bool, as strings. */
const TRUE_WORDS = new Set(['y', 'yes', 'on', '1', 'true', 't', '1.0']);
const FALSE_WORDS = new Set(['n', 'no', 'off', '0', 'false', 'f', '0.0']);
const SYSCTL_FILE = /(?:^|\/)sysctl\.conf$|\/sysctl\.d\/[^/]+$/;
const ITEM_FIELD = /^\{\{-?\s*item(?:\.(\w+)|\[\s*['"](\w+)['"]\s*\]|\.(\d))?\s*(?:\|\s*(?:string|trim)\s*)*-?\}\}$/;

/** A file that may define variables the tasks loop over: a role's vars/main.yml, group_vars/all.yml, a role's defaults/main.yml. */
export interface VariableFile {
  /** Its path as the caller names it (the origin of the settings taken from it). */
  readonly path: string;
  readonly text: string;
}

/**
 * The files that may define the variables a task file uses, highest Ansible precedence first
 * (role vars over inventory group_vars over role defaults: https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_variables.html#understanding-variable-precedence).
 * Called only when a loop names a variable the file does not define.
 */
export type VariableFiles = () => readonly VariableFile[];

/** A variable's value found in another file, with what anchors positions in that file. */
interface ExternalValue {
  readonly node: Node;
  readonly origin: Origin;
}

interface Origin {
  readonly path: string;
  readonly text: string;
  readonly index: LineIndex;
}

/** Looks variables up in the files, in precedence order; each file is parsed once. */
class ExternalVariables {
  private parsed: { origin: Origin; root: Node | null }[] | undefined;
  /** Variables set by set_fact tasks read so far, in task order: above every vars file in precedence. */
  readonly facts = new Map<string, Value | { readonly problem: string }>();

  constructor(private readonly files: VariableFiles) {}

  /** The highest-precedence definition of `name`, or undefined. */
  lookup(name: string): ExternalValue | undefined {
    this.parsed ??= this.files().map((file) => {
      const { documents } = parseYaml(file.text);
      return {
        origin: { path: file.path, text: file.text, index: new LineIndex(file.text) },
        root: (documents[0]?.contents as Node | null | undefined) ?? null,
      };
    });
    for (const { origin, root } of this.parsed) {
      const node = get(root, name);
      if (node) return { node, origin };
    }
    return undefined;
  }
}

/** A playbook or task file: a list whose items are plays or tasks. */
export function isAnsibleDocument(document: Document): boolean {
  const root = document.contents;
  if (!isSeq(root) || root.items.length === 0) return false;
  return root.items.some((item) => isMap(item) && entries(item).some(([key]) => TASK_KEYWORDS.has(key) || SYSCTL_MODULES.has(key)));
}

interface Scope {
  readonly variables: ReadonlyMap<string, Node>;
}

export function readAnsible(builder: ExtractionBuilder, documents: readonly Document[], variableFiles: VariableFiles = () => []): void {
  const unit = builder.unit('play', 'the play');
  const locate = new ExternalVariables(variableFiles);
  for (const document of documents) {
    if (!isSeq(document.contents)) continue;
    for (const item of document.contents.items) {
      if (!isMap(item)) continue;
      if (get(item, 'hosts') !== undefined) {
        const scope = withVariables({ variables: new Map() }, get(item, 'vars'));
        for (const list of TASK_LISTS) readTasks(builder, get(item, list), scope, unit, locate);
      } else {
        readTask(builder, item, { variables: new Map() }, unit, locate);
      }
    }
  }
}

function withVariables(scope: Scope, vars: Node | undefined): Scope {
  if (!isMap(vars)) return scope;
  const variables = new Map(scope.variables);
  for (const [name, , value] of entries(vars)) if (value) variables.set(name, value);
  return { variables };
}

function readTasks(builder: ExtractionBuilder, list: Node | undefined, scope: Scope, unit: string, locate: ExternalVariables): void {
  if (!isSeq(list)) return;
  for (const task of list.items) if (isMap(task)) readTask(builder, task, scope, unit, locate);
}

function readTask(builder: ExtractionBuilder, task: Node, outer: Scope, unit: string, locate: ExternalVariables): void {
  const scope = withVariables(outer, get(task, 'vars'));
  for (const list of BLOCK_LISTS) if (get(task, list) !== undefined) readTasks(builder, get(task, list), scope, unit, locate);
  for (const [module, , args] of entries(task)) {
    if (SYSCTL_MODULES.has(module)) readSysctlTask(builder, task, module, args, scope, unit, locate);
    else if (SET_FACT.has(module)) readSetFact(builder, task, args, scope, locate);
    else if (SHELL_MODULES.has(module)) readShellTask(builder, task, args, unit);
    else if (LINEINFILE.has(module) || BLOCKINFILE.has(module) || COPY.has(module)) readFileTask(builder, module, args, unit);
  }
  const action = get(task, 'action') ?? get(task, 'local_action');
  if (isScalar(action)) {
    const text = textOf(action) ?? '';
    const module = text.split(/\s+/, 1)[0]!;
    if (SYSCTL_MODULES.has(module)) readSysctlTask(builder, task, module, action, scope, unit, locate, module.length);
  }
}

/** One module argument: its node (or free-form text), and where it is. */
interface Argument {
  readonly text: string;
  readonly position: Position;
  /** The YAML node, when the argument is YAML (not free form). */
  readonly node?: Node;
  /** The file it is written in, when it is not the file read (a loop item from role defaults). */
  readonly origin?: Origin;
}

/** Ansible's split of free-form `k=v k2="v 2"` arguments (parse_kv), with each value's offset. */
function freeForm(builder: ExtractionBuilder, scalar: Scalar, skip: number): Map<string, Argument> {
  const { value, offsets } = scalarWithOffsets(scalar, builder.text);
  const args = new Map<string, Argument>();
  // A Jinja expression is one value, blanks included (parse_kv keeps {{ ... }} together).
  const pattern = /([\w.-]+)=("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|(?:\{\{.*?\}\}|\S)+)/g;
  pattern.lastIndex = skip;
  for (const match of value.slice(0).matchAll(pattern)) {
    if (match.index < skip) continue;
    const raw = match[2]!;
    const quoted = raw.startsWith('"') || raw.startsWith("'");
    const at = match.index + match[1]!.length + 1 + (quoted ? 1 : 0);
    args.set(match[1]!, { text: quoted ? raw.slice(1, -1) : raw, position: builder.at(offsets[at] ?? offsets[0] ?? 0) });
  }
  return args;
}

function argumentsOf(builder: ExtractionBuilder, task: Node, args: Node | null, skip: number): Map<string, Argument> {
  const result = new Map<string, Argument>();
  const fromMap = (map: Node | null | undefined) => {
    for (const [key, , node] of entries(map)) {
      if (!node) continue;
      result.set(key, { text: textOf(node) ?? '', position: builder.at(contentOffset(node, builder.text)), node });
    }
  };
  if (isScalar(args)) for (const [key, argument] of freeForm(builder, args, skip)) result.set(key, argument);
  else fromMap(args);
  fromMap(get(task, 'args'));
  return result;
}

function boolArgument(argument: Argument | undefined, fallback: boolean): boolean | null {
  if (!argument) return fallback;
  if (isTemplated(argument.text)) return null;
  const word = argument.node ? (pythonScalar(argument.node)?.text ?? argument.text) : argument.text;
  const lower = word.toLowerCase();
  return TRUE_WORDS.has(lower) ? true : FALSE_WORDS.has(lower) ? false : null;
}

/** What the module writes for a value: `_parse_value` after Ansible's str conversion. */
function moduleValue(argument: Argument): string {
  const text = argument.node ? (pythonScalar(argument.node)?.text ?? argument.text) : argument.text;
  if (text === 'None') return '';
  const lower = text.toLowerCase();
  if (TRUE_WORDS.has(lower)) return '1';
  if (FALSE_WORDS.has(lower)) return '0';
  return text.trim();
}

interface LoopItem {
  /** Field name → node ("key"/"value" for a dict entry; "" for the item itself). */
  readonly fields: ReadonlyMap<string, Node>;
  /** The file the item is written in, when it is not the file read (role defaults, group_vars). */
  readonly origin?: Origin;
}

/** One entry of a dict, and the file it is written in (no origin: the file read). */
interface DictEntry {
  readonly keyNode: Node;
  readonly value: Node | null;
  readonly origin: Origin | undefined;
}

/** A variable's value: a YAML node and where it is written (no origin: the file read), or a dict merged by combine(). */
type Value = { readonly node: Node; readonly origin?: Origin } | { readonly dict: ReadonlyMap<string, DictEntry> };

/** What a name resolves to: a value, a reason it cannot be known (a set_fact this reader could not follow), or nothing. */
type Lookup = (name: string) => Value | { readonly problem: string } | undefined;

type Evaluation =
  | { readonly value: Value; readonly asDict: boolean }
  | { readonly problem: string; /** The variable no file defines, when that is the problem. */ readonly undefinedName?: string };

/** `{{ name | filter | ... }}`: the variable and its filters, or undefined for any other expression. */
function parseVariableExpression(text: string): { name: string; filters: { name: string; args: string[] }[] } | undefined {
  const body = /^\{\{-?(.*?)-?\}\}$/s.exec(text.trim())?.[1];
  if (body === undefined) return undefined;
  const [head, ...rest] = body.split('|').map((part) => part.trim());
  if (!head || !/^[A-Za-z_]\w*$/.test(head)) return undefined;
  const filters: { name: string; args: string[] }[] = [];
  for (const part of rest) {
    const match = /^([\w.]+)\s*(?:\((.*)\))?$/s.exec(part);
    if (!match) return undefined;
    const args = (match[2] ?? '')
      .split(',')
      .map((arg) => arg.trim())
      .filter((arg) => arg !== '');
    filters.push({ name: match[1]!.replace(/^ansible\.builtin\./, ''), args });
  }
  return { name: head, filters };
}

/** Filters that do not change which items a loop over a dict or a list gets. */
const NEUTRAL_FILTERS = new Set(['list', 'dict2items']);

function undefinedProblem(name: string): Extract<Evaluation, { problem: string }> {
  return {
    problem: `the loop takes its items from the variable ${name}, which none of the files read defines (not the file, nor the role's vars/ or defaults/, nor group_vars/all: the inventory or extra vars may set it)`,
    undefinedName: name,
  };
}

/** The value of `{{ name | dict2items | combine(other, ...) | list }}`, as far as the files read say. */
function evaluate(text: string, lookup: Lookup): Evaluation {
  const expression = parseVariableExpression(text);
  if (!expression) return { problem: `${text.trim()} is an expression this reader does not evaluate` };
  const resolve = (name: string): Value | Extract<Evaluation, { problem: string }> => {
    const found = lookup(name);
    if (found === undefined) return undefinedProblem(name);
    return 'problem' in found ? { problem: found.problem } : found;
  };
  const base = resolve(expression.name);
  if ('problem' in base) return base;
  let value: Value = base;
  let asDict = false;
  // combine(a, b): a dict whose later maps override earlier keys (dev-sec's sysctl_config | combine(sysctl_overwrite)).
  for (const filter of expression.filters) {
    if (filter.name === 'dict2items') asDict = true;
    if (NEUTRAL_FILTERS.has(filter.name)) continue;
    if (filter.name !== 'combine') return { problem: `${text.trim()} uses the filter ${filter.name}, which this reader does not evaluate` };
    const merged = dictOf(value);
    if (!merged) return { problem: `${text.trim()} combines ${expression.name}, which is not a dict` };
    for (const arg of filter.args) {
      if (/^\w+\s*=/.test(arg)) continue; // recursive=True, list_merge=...: the same for flat dicts of sysctls
      if (!/^[A-Za-z_]\w*$/.test(arg)) return { problem: `${text.trim()} combines ${arg}, which this reader does not evaluate` };
      const other = resolve(arg);
      if ('problem' in other) return other;
      const more = dictOf(other);
      if (!more) return { problem: `${text.trim()} combines ${arg}, which is not a dict` };
      for (const [key, entry] of more) {
        merged.delete(key);
        merged.set(key, entry);
      }
    }
    value = { dict: merged };
  }
  return { value, asDict };
}

function dictOf(value: Value): Map<string, DictEntry> | undefined {
  if ('dict' in value) return new Map(value.dict);
  if (!isMap(value.node)) return undefined;
  return new Map(entries(value.node).map(([key, keyNode, entry]) => [key, { keyNode, value: entry, origin: value.origin }]));
}

/** What a name means at this task: a set_fact of an earlier task, then the task's, block's and play's vars, then the variable files. */
function lookupFor(scope: Scope, locate: ExternalVariables): Lookup {
  return (name) => {
    const fact = locate.facts.get(name);
    if (fact) return fact;
    const local = scope.variables.get(name);
    return local ? { node: local } : locate.lookup(name);
  };
}

/** The items of the task's loop, when this file or the variable files define them; a reason when they do not. */
function loopItems(
  task: Node,
  scope: Scope,
  locate: ExternalVariables,
): { items?: LoopItem[]; loop?: string; problem?: { reason: string; position: Position | undefined } } {
  for (const keyword of ['loop', 'with_items', 'with_list', 'with_dict']) {
    const node = get(task, keyword);
    if (node === undefined) continue;
    const loop = `${keyword}: ${isScalar(node) ? (textOf(node) ?? '') : '(inline)'}`;
    const problem = (reason: string) => ({ loop, problem: { reason, position: undefined } });
    if (!isScalar(node)) return { loop, ...itemsOf(node, undefined, keyword === 'with_dict', loop) };
    const evaluation = evaluate(textOf(node) ?? '', lookupFor(scope, locate));
    if ('problem' in evaluation)
      return problem(evaluation.undefinedName !== undefined ? evaluation.problem : `the loop ${loop}: ${evaluation.problem}`);
    const asDict = keyword === 'with_dict' || evaluation.asDict;
    const { value } = evaluation;
    if ('dict' in value) {
      if (!asDict) return problem(`the loop ${loop} does not give a list here`);
      return {
        loop,
        items: [...value.dict.values()].map(({ keyNode, value: entry, origin }) => ({
          fields: new Map<string, Node>([['key', keyNode], ...(entry ? [['value', entry] as [string, Node]] : [])]),
          ...(origin ? { origin } : {}),
        })),
      };
    }
    return { loop, ...itemsOf(value.node, value.origin, asDict, loop) };
  }
  return {};
}

/**
 * `set_fact`: the variables it sets take precedence over every vars file from the next task on
 * (dev-sec merges its sysctl dicts this way before the loop). A value this reader cannot evaluate
 * makes a later loop over it "not checked"; one that names a variable no file defines, on a task
 * with `when:`, is taken as skipped (dev-sec's `when: sysctl_custom_config | default()`).
 */
function readSetFact(builder: ExtractionBuilder, task: Node, args: Node | null, scope: Scope, locate: ExternalVariables): void {
  const line = builder.at(task.range?.[0] ?? 0).line;
  const guarded = get(task, 'when') !== undefined;
  for (const [name, , node] of entries(args)) {
    if (name === 'cacheable' || !node) continue;
    const text = isScalar(node) ? (textOf(node) ?? '') : '';
    if (!isScalar(node) || !isTemplated(text)) {
      locate.facts.set(name, { node });
      continue;
    }
    const evaluation = evaluate(text, lookupFor(scope, locate));
    if (!('problem' in evaluation)) locate.facts.set(name, evaluation.value);
    else if (!(guarded && evaluation.undefinedName !== undefined))
      locate.facts.set(name, {
        problem: `the variable ${name} is set by the set_fact task at line ${line} to ${text.trim()}: ${evaluation.problem}`,
      });
  }
}

function itemsOf(
  source: Node,
  origin: Origin | undefined,
  asDict: boolean,
  loop: string,
): { items?: LoopItem[]; problem?: { reason: string; position: Position | undefined } } {
  const at = origin ? { origin } : {};
  if (asDict && isMap(source)) {
    return {
      items: entries(source).map(([, keyNode, value]) => ({
        fields: new Map<string, Node>([['key', keyNode], ...(value ? [['value', value] as [string, Node]] : [])]),
        ...at,
      })),
    };
  }
  if (isSeq(source)) {
    return {
      items: source.items.map((item) => {
        const fields = new Map<string, Node>([['', item as Node]]);
        for (const [field, , value] of entries(item)) if (value) fields.set(field, value);
        if (isSeq(item)) item.items.forEach((value, i) => fields.set(String(i), value as Node));
        return { fields, ...at };
      }),
    };
  }
  return { problem: { reason: `the loop ${loop} does not give a list here`, position: undefined } };
}

function readSysctlTask(
  builder: ExtractionBuilder,
  task: Node,
  module: string,
  args: Node | null,
  scope: Scope,
  unit: string,
  locate: ExternalVariables,
  skip = 0,
): void {
  const parameters = argumentsOf(builder, task, args, skip);
  const taskPosition = builder.at(task.range?.[0] ?? 0);
  const name = parameters.get('name') ?? parameters.get('key');
  const value = parameters.get('value') ?? parameters.get('val');
  if (!name) return;
  const state = parameters.get('state')?.text === 'absent' ? 'absent' : 'present';
  const file = parameters.get('sysctl_file');
  const loop = loopItems(task, scope, locate);
  const via: AppliedVia = {
    tool: 'ansible',
    module,
    sysctlFile: file ? (isTemplated(file.text) ? null : file.text) : '/etc/sysctl.conf',
    reload: boolArgument(parameters.get('reload'), true),
    ignoreErrors: boolArgument(parameters.get('ignoreerrors'), false),
    sysctlSet: boolArgument(parameters.get('sysctl_set'), false),
    taskLine: taskPosition.line,
    ...(isScalar(get(task, 'name')) ? { taskName: textOf(get(task, 'name')) ?? '' } : {}),
    ...(loop.loop ? { loop: loop.loop } : {}),
  };
  const fieldOf = (argument: Argument): string | undefined => {
    const match = ITEM_FIELD.exec(argument.text.trim());
    return match ? (match[1] ?? match[2] ?? match[3] ?? '') : undefined;
  };
  const nameField = fieldOf(name);
  const valueField = value ? fieldOf(value) : undefined;
  if (nameField === undefined && valueField === undefined) {
    addSysctlTask(builder, name, value, via, unit, state);
    return;
  }
  if (!loop.items) {
    builder.skip(name.position, loop.problem?.reason ?? `${name.text} is a Jinja expression with no loop to take it from`);
    return;
  }
  for (const item of loop.items) {
    const itemArgument = (argument: Argument | undefined, field: string | undefined): Argument | undefined => {
      if (!argument || field === undefined) return argument;
      const node = item.fields.get(field);
      if (!node) return undefined;
      const origin = item.origin;
      const position = origin ? origin.index.at(contentOffset(node, origin.text)) : builder.at(contentOffset(node, builder.text));
      return { text: textOf(node) ?? '', position, node, ...(origin ? { origin } : {}) };
    };
    const itemName = itemArgument(name, nameField);
    if (!itemName) continue;
    addSysctlTask(builder, itemName, itemArgument(value, valueField), via, unit, state);
  }
}

function addSysctlTask(
  builder: ExtractionBuilder,
  name: Argument,
  value: Argument | undefined,
  via: AppliedVia,
  unit: string,
  state: 'present' | 'absent',
): void {
  if (isTemplated(name.text) || (name.node && !isScalar(name.node))) {
    builder.skip(
      name.position,
      `the sysctl name ${name.text || '(a collection)'} is a Jinja expression, known only when the play runs`,
      name.origin?.path,
    );
    return;
  }
  const key = name.text.trim();
  // The setting is anchored where its value is written; the key too when it is in the same file.
  const origin = value ? value.origin : name.origin;
  const keyPosition = name.origin === origin || !value ? name.position : value.position;
  const from = origin ? { origin: origin.path } : {};
  if (state === 'absent') {
    builder.add({
      key,
      keyPosition,
      value: undefined,
      valueText: value?.text ?? '',
      valuePosition: value?.position ?? name.position,
      unknownValue: 'state: absent removes the line from the file (the running value stays)',
      via,
      unit,
      absent: true,
      ...from,
    });
    return;
  }
  if (!value) {
    builder.skip(name.position, `${key} has no value: the module fails with "value cannot be None"`, name.origin?.path);
    return;
  }
  const templated = isTemplated(value.text) || (value.node !== undefined && !isScalar(value.node));
  builder.add({
    key,
    keyPosition,
    value: templated ? undefined : moduleValue(value),
    valueText: value.text,
    valuePosition: value.position,
    ...(templated
      ? { unknownValue: `the value ${value.text || '(a collection)'} is a Jinja expression, known only when the play runs` }
      : {}),
    via,
    unit,
    ...from,
  });
}

function readShellTask(builder: ExtractionBuilder, task: Node, args: Node | null, unit: string): void {
  const options = { context: 'ansible-task' as const, unit };
  const command = isScalar(args) ? args : (get(args, 'cmd') ?? get(task, 'cmd'));
  const argv = get(args, 'argv');
  if (isScalar(command)) {
    if (isTemplated(scalarWithOffsets(command, builder.text).value)) return;
    readYamlCommand(builder, command, options);
  } else if (isSeq(argv)) readYamlCommand(builder, argv, options);
}

/** lineinfile `line:`, blockinfile `block:`, copy `content:` into a sysctl file: lines procps will read. */
function readFileTask(builder: ExtractionBuilder, module: string, args: Node | null, unit: string): void {
  const path = textOf(get(args, 'path') ?? get(args, 'dest') ?? get(args, 'name'));
  if (!path || !SYSCTL_FILE.test(path)) return;
  const node = get(args, LINEINFILE.has(module) ? 'line' : BLOCKINFILE.has(module) ? 'block' : 'content');
  if (!isScalar(node)) return;
  const scalar = node;
  const lines =
    scalar.type === 'BLOCK_LITERAL'
      ? blockLines(scalar, builder.text)
      : [scalarWithOffsets(scalar, builder.text)].map(({ value, offsets }) => ({ text: value, offsets }));
  if (lines.some((line) => isTemplated(line.text))) {
    builder.skip(builder.at(contentOffset(node as Node, builder.text)), 'the content is a Jinja template, known only when the play runs');
    return;
  }
  builder.addSysctlContent(
    lines,
    { tool: 'sysctl-file', path, writer: module.replace(/^ansible\.builtin\./, ''), append: !COPY.has(module), context: 'ansible-task' },
    unit,
  );
}
