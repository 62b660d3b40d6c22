/**
 * Ansible playbooks and task files. What is read (ansible.posix plugins/modules/sysctl.py, https://github.com/ansible-collections/ansible.posix/blob/main/plugins/modules/sysctl.py; ansible-core ansible/config/ansible_builtin_runtime.yml: sysctl redirects to ansible.posix.sysctl):
 *
 * - `sysctl` / `ansible.posix.sysctl` tasks (the short name routes to ansible.posix), with YAML
 *   arguments or `key=value` free form, `args:`, `state: absent`, `sysctl_file`, `reload`,
 *   `ignoreerrors`, `sysctl_set`; `loop`, `with_items`, `with_list` and `with_dict` over inline
 *   lists and maps, or over variables of the play, the block or the task (`| dict2items` too);
 * - `shell`/`command` tasks, read as shell; `lineinfile`, `blockinfile` and `copy: content:`
 *   into a sysctl file, read as sysctl-file content.
 *
 * Values become what the module writes: Python's str() of the YAML value, stripped, booleans and
 * yes/no/on/off as 1/0 (`_parse_value`). A Jinja expression that is not a loop item known here
 * is an unknown value; a loop over a variable defined elsewhere (role defaults, inventory) is
 * "not checked" with where to look.
 */
import type { ExtractionBuilder } from './builder.js';
import { readCommandWords, readShellSource } from './shell.js';
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
const VARIABLE_EXPRESSION = /^\{\{-?\s*([A-Za-z_]\w*)\s*((?:\|\s*[\w.]+(?:\([^)]*\))?\s*)*)-?\}\}$/;

/** Tells where a variable not defined in this file is defined, when the role's files say. */
export type VariableLocator = (name: string) => string | undefined;

/** A playbook or task file: a list whose items are plays or tasks. */
export function isAnsibleDocument(document: Document): boolean {
  const root = document.contents;
  if (!isSeq(root) || root.items.length === 0) return false;
  return root.items.some((item) => isMap(item) && entries(item).some(([key]) => TASK_KEYWORDS.has(key) || SYSCTL_MODULES.has(key)));
}

interface Scope {
  readonly variables: ReadonlyMap<string, Node>;
}

export function readAnsible(builder: ExtractionBuilder, documents: readonly Document[], locate: VariableLocator = () => undefined): void {
  const unit = builder.unit('play', 'the play');
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

function readTasks(builder: ExtractionBuilder, list: Node | undefined, scope: Scope, unit: string, locate: VariableLocator): void {
  if (!isSeq(list)) return;
  for (const task of list.items) if (isMap(task)) readTask(builder, task, scope, unit, locate);
}

function readTask(builder: ExtractionBuilder, task: Node, outer: Scope, unit: string, locate: VariableLocator): void {
  const scope = withVariables(outer, get(task, 'vars'));
  for (const list of BLOCK_LISTS) if (get(task, list) !== undefined) readTasks(builder, get(task, list), scope, unit, locate);
  for (const [module, , args] of entries(task)) {
    if (SYSCTL_MODULES.has(module)) readSysctlTask(builder, task, module, args, scope, unit, locate);
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
}

/** Ansible's split of free-form `k=v k2="v 2"` arguments (parse_kv), with each value's offset. */
function freeForm(builder: ExtractionBuilder, scalar: Scalar, skip: number): Map<string, Argument> {
  const { value, offsets } = scalarWithOffsets(scalar, builder.text);
  const args = new Map<string, Argument>();
  const pattern = /([\w.-]+)=("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\S+)/g;
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
}

/** The items of the task's loop, when this file defines them; a reason when it does not. */
function loopItems(
  task: Node,
  scope: Scope,
  locate: VariableLocator,
): { items?: LoopItem[]; loop?: string; problem?: { reason: string; position: Position | undefined } } {
  for (const keyword of ['loop', 'with_items', 'with_list', 'with_dict']) {
    const node = get(task, keyword);
    if (node === undefined) continue;
    const loop = `${keyword}: ${isScalar(node) ? (textOf(node) ?? '') : '(inline)'}`;
    let source: Node | undefined = node;
    let asDict = keyword === 'with_dict';
    if (isScalar(node)) {
      const expression = VARIABLE_EXPRESSION.exec((textOf(node) ?? '').trim());
      if (!expression)
        return { loop, problem: { reason: `the loop ${loop} is an expression this reader does not evaluate`, position: undefined } };
      const name = expression[1]!;
      if (/dict2items/.test(expression[2] ?? '')) asDict = true;
      source = scope.variables.get(name);
      if (!source) {
        const where = locate(name);
        return {
          loop,
          problem: {
            reason: `the loop takes its items from the variable ${name}, which is not defined in this file${where ? ` (it is in ${where}; review that file)` : ' (role defaults or vars, group_vars, the inventory)'}`,
            position: undefined,
          },
        };
      }
    }
    if (asDict && isMap(source)) {
      return {
        loop,
        items: entries(source).map(([, keyNode, value]) => ({
          fields: new Map<string, Node>([['key', keyNode], ...(value ? [['value', value] as [string, Node]] : [])]),
        })),
      };
    }
    if (isSeq(source)) {
      return {
        loop,
        items: source.items.map((item) => {
          const fields = new Map<string, Node>([['', item as Node]]);
          for (const [field, , value] of entries(item)) if (value) fields.set(field, value);
          if (isSeq(item)) item.items.forEach((value, i) => fields.set(String(i), value as Node));
          return { fields };
        }),
      };
    }
    return { loop, problem: { reason: `the loop ${loop} does not give a list here`, position: undefined } };
  }
  return {};
}

function readSysctlTask(
  builder: ExtractionBuilder,
  task: Node,
  module: string,
  args: Node | null,
  scope: Scope,
  unit: string,
  locate: VariableLocator,
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
      return node ? { text: textOf(node) ?? '', position: builder.at(contentOffset(node, builder.text)), node } : undefined;
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
    builder.skip(name.position, `the sysctl name ${name.text || '(a collection)'} is a Jinja expression, known only when the play runs`);
    return;
  }
  const key = name.text.trim();
  if (state === 'absent') {
    builder.add({
      key,
      keyPosition: name.position,
      value: undefined,
      valueText: value?.text ?? '',
      valuePosition: value?.position ?? name.position,
      unknownValue: 'state: absent removes the line from the file (the running value stays)',
      via,
      unit,
      absent: true,
    });
    return;
  }
  if (!value) {
    builder.skip(name.position, `${key} has no value: the module fails with "value cannot be None"`);
    return;
  }
  const templated = isTemplated(value.text) || (value.node !== undefined && !isScalar(value.node));
  builder.add({
    key,
    keyPosition: name.position,
    value: templated ? undefined : moduleValue(value),
    valueText: value.text,
    valuePosition: value.position,
    ...(templated
      ? { unknownValue: `the value ${value.text || '(a collection)'} is a Jinja expression, known only when the play runs` }
      : {}),
    via,
    unit,
  });
}

function readShellTask(builder: ExtractionBuilder, task: Node, args: Node | null, unit: string): void {
  const options = { context: 'ansible-task' as const, unit };
  const command = isScalar(args) ? args : (get(args, 'cmd') ?? get(task, 'cmd'));
  const argv = get(args, 'argv');
  if (isScalar(command)) {
    const { value, offsets } = scalarWithOffsets(command, builder.text);
    if (isTemplated(value)) return;
    readShellSource(builder, value, (i) => offsets[i] ?? contentOffset(command as Node, builder.text), options);
  } else if (isSeq(argv)) {
    const words = argv.items.filter(isScalar).map((item) => {
      const { value, offsets } = scalarWithOffsets(item, builder.text);
      return {
        text: value,
        offsets,
        expanded: Array.from({ length: value.length }, () => false),
        start: contentOffset(item as Node, builder.text),
        quoted: true,
      };
    });
    readCommandWords(builder, words, options);
  }
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
