/**
 * Loading a profile: YAML (with positions) → JSON Schema validation → kernel-exact value
 * checks → `extends` resolution. Every problem is reported as "file:line:col: /json/pointer:
 * what is wrong", all of them at once, so a user fixes a profile in one pass.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { profileTargetHarm } from '../safety/harmful.js';
import { findParam, suggestKeys } from '../params/lookup.js';
import { parseParamValue } from '../params/values.js';
import { describeOpenError, readBoundedFile } from '../util/bounded-read.js';
import { InputError, InputErrors } from '../util/errors.js';
import { builtinProfileNames, builtinProfilePath } from './builtin.js';
import { buildProfileSchema } from './schema.js';
import { profileSchemaErrors } from './validator.js';
import type { ContextDefaults, MonitorThresholds, Profile, ProfileTarget, SeverityOverride } from './types.js';

/**
 * A profile is a page of YAML (the built-in ones are under 2 KB). Past these limits it is a
 * mistake or an attack, refused before the YAML package spends seconds on it (docs/limits.md).
 */
const MAX_PROFILE_BYTES = 64 * 1024;
const MAX_NESTING = 32;
const MAX_REPORTED_PROBLEMS = 20;
const MAX_EXTENDS_DEPTH = 16;

function tooDeep(): string {
  return `nested too deeply; a profile needs 4 levels and the limit is ${MAX_NESTING}`;
}

/** Every problem when there are a few; the first MAX_REPORTED_PROBLEMS and a count when there are thousands. */
function someOf(problems: readonly InputError[], total = problems.length): InputErrors {
  if (total <= MAX_REPORTED_PROBLEMS) return new InputErrors(problems);
  const file = problems[0]!.location?.file;
  const more = new InputError(`... and ${total - MAX_REPORTED_PROBLEMS} more problems`, file === undefined ? undefined : { file });
  return new InputErrors([...problems.slice(0, MAX_REPORTED_PROBLEMS), more]);
}

/**
 * Duplicate keys (what uniqueKeys would report, in linear time) and nesting deeper than
 * MAX_NESTING, found by walking the document with an explicit stack (no recursion to overflow).
 */
function structureProblems(document: Document): { offset: number; problem: string }[] {
  const problems: { offset: number; problem: string }[] = [];
  const stack: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_NESTING) {
      problems.push({ offset: node.range?.[0] ?? 0, problem: tooDeep() });
      continue;
    }
    const seen = new Set<unknown>();
    for (const item of node.items) {
      if (isPair(item)) {
        if (isScalar(item.key)) {
          const key = item.key.value;
          if (seen.has(key)) problems.push({ offset: item.key.range?.[0] ?? 0, problem: 'Map keys must be unique' });
          seen.add(key);
        }
        stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return problems.sort((a, b) => a.offset - b.offset);
}

/** The raw, validated content of one profile file, before `extends`. */
interface ProfileFile {
  readonly file: string;
  readonly name: string;
  readonly summary: string;
  readonly extends?: string;
  /** Where `extends` is written, for errors about the profile it names. */
  readonly extendsAt?: { readonly line?: number; readonly column?: number };
  readonly targets: ReadonlyMap<string, ProfileTarget>;
  readonly context: ContextDefaults;
  readonly rules: Readonly<Record<string, SeverityOverride>>;
  readonly monitor?: MonitorThresholds;
}

interface RawTarget {
  value: number | string;
  why: string;
  source: string;
  only?: 'raise' | 'lower';
  pin?: boolean;
  force?: string;
}

interface RawProfile {
  name: string;
  summary: string;
  extends?: string;
  context?: ContextDefaults;
  targets?: Record<string, RawTarget>;
  rules?: Record<string, SeverityOverride>;
  monitor?: MonitorThresholds;
}

/** Reads and validates one profile file; throws InputErrors listing every problem. */
export function readProfileFile(file: string): ProfileFile {
  let bytes: Buffer;
  try {
    bytes = readBoundedFile(file, { maxBytes: MAX_PROFILE_BYTES, what: 'profile' });
  } catch (error) {
    throw describeOpenError(error, 'profile', file);
  }
  const text = bytes.toString('utf8');
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { file, line: position.line, column: position.col };
  };
  // uniqueKeys is checked below, in linear time: the yaml package's check is quadratic in the
  // number of keys. logLevel 'error': the package would print its
  // own warnings (a collection used as a key) on stderr around our one-line error.
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  if (document.errors.length > 0) {
    throw someOf(
      document.errors.map(
        (error) =>
          // The composer recurses: a 1000-level nesting overflows the stack, which it reports as an error.
          new InputError(/call stack/i.test(error.message) ? tooDeep() : error.message.split('\n')[0]!, at(error.pos[0])),
      ),
    );
  }
  const structural = structureProblems(document).map(({ offset, problem }) => new InputError(problem, at(offset)));
  if (structural.length > 0) throw someOf(structural);
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = (error as Error).message;
    throw new InputError(`cannot expand YAML: ${/call stack/i.test(message) ? tooDeep() : message}`, { file });
  }
  const locate = (path: readonly (string | number)[], keyName?: string) => locateNode(document, lineCounter, path, keyName);
  const schemaErrors = profileSchemaErrors(data);
  if (schemaErrors.length > 0) {
    // Described only as many as are shown: describing one walks the schema and the document.
    // In file order, as the author reads the file (ajv reports them in schema order).
    const problems = schemaErrors.slice(0, MAX_REPORTED_PROBLEMS).map((error) => schemaProblem(file, error, locate));
    problems.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
    throw someOf(problems, schemaErrors.length);
  }
  const raw = data as RawProfile;
  const targets = new Map<string, ProfileTarget>();
  const valueProblems: InputError[] = [];
  for (const [key, target] of Object.entries(raw.targets ?? {})) {
    const spec = findParam(key)!; // the schema only lets catalogue keys through
    const parsed = parseParamValue(spec, String(target.value));
    if (!parsed.ok || ('ignored' in parsed && parsed.ignored)) {
      const where = locate(['targets', key, 'value']);
      const problem = parsed.ok ? `trailing text "${parsed.ignored}" would be ignored by the kernel` : parsed.problem;
      valueProblems.push(new InputError(`target ${key}: value ${JSON.stringify(String(target.value))}: ${problem}`, { file, ...where }));
      continue;
    }
    // A value refused on every host and kernel makes the profile invalid unless it says `force`:
    // otherwise generate would leave it out, advise would never propose it, and review would enforce it.
    const harm = target.force ? undefined : profileTargetHarm(key, parsed.canonical);
    if (harm?.where === 'everywhere') {
      valueProblems.push(
        new InputError(
          `target ${key}: value ${parsed.canonical} is refused on every host and kernel: ${harm.reason}; remove the target, or add force: "your reason" to write it anyway (docs/profiles.md)`,
          { file, ...locate(['targets', key, 'value']) },
        ),
      );
      continue;
    }
    targets.set(key, {
      key,
      value: parsed.canonical,
      why: target.why,
      source: target.source,
      ...(target.only ? { only: target.only } : {}),
      ...(target.pin ? { pin: true } : {}),
      ...(target.force ? { force: target.force } : {}),
      definedIn: { file, line: locate(['targets', key]).line },
    });
  }
  if (valueProblems.length > 0) throw someOf(valueProblems);
  return {
    file,
    name: raw.name,
    summary: raw.summary,
    ...(raw.extends ? { extends: raw.extends, extendsAt: locate(['extends']) } : {}),
    targets,
    context: raw.context ?? {},
    rules: raw.rules ?? {},
    ...(raw.monitor ? { monitor: raw.monitor } : {}),
  };
}

/** A built-in name ("web-server") or a path to a profile file, resolved through `extends`. */
export function loadProfile(nameOrPath: string): Profile {
  return resolveExtends(locateProfile(nameOrPath), []);
}

/** A built-in profile's file, or the path given (relative to the working directory, as every path flag is). */
function locateProfile(nameOrPath: string): string {
  const builtin = builtinProfilePath(nameOrPath);
  if (builtin) return builtin;
  if (!/[/\\.]/.test(nameOrPath)) {
    throw new InputError(`no built-in profile "${nameOrPath}" (see "sysctl-advisor profiles list"), and it does not look like a file path`);
  }
  return resolve(nameOrPath);
}

/** The file `extends` names, or an error at the `extends` line saying what it could not find. */
function parentProfile(name: string, file: string, at: ProfileFile['extendsAt']): string {
  const where = { file, ...at };
  const builtin = builtinProfilePath(name);
  if (builtin) return builtin;
  if (!/[/\\.]/.test(name)) {
    throw new InputError(
      `extends: no built-in profile "${clip(name)}" (built-in: ${builtinProfileNames().join(', ')}); a profile file is a path with "/" or ".", e.g. ./base.yaml`,
      where,
    );
  }
  const path = resolve(dirname(file), name);
  if (!existsSync(path)) throw new InputError(`extends: no profile file ${clip(name)} (looked for ${path})`, where);
  return path;
}

function resolveExtends(file: string, seen: readonly string[]): Profile {
  if (seen.includes(file)) throw new InputError(`"extends" forms a cycle: ${[...seen, file].join(' → ')}`, { file });
  if (seen.length >= MAX_EXTENDS_DEPTH) throw new InputError(`"extends" is nested more than ${MAX_EXTENDS_DEPTH} deep`, { file });
  const own = readProfileFile(file);
  if (!own.extends) {
    return {
      name: own.name,
      summary: own.summary,
      file,
      chain: [own.name],
      targets: own.targets,
      context: own.context,
      rules: own.rules,
      ...monitorOf(own.monitor),
    };
  }
  const parent = resolveExtends(parentProfile(own.extends, file, own.extendsAt), [...seen, file]);
  const targets = new Map(parent.targets);
  for (const [key, target] of own.targets) targets.set(key, target);
  return {
    name: own.name,
    summary: own.summary,
    file,
    chain: [...parent.chain, own.name],
    targets,
    context: { ...parent.context, ...own.context },
    rules: { ...parent.rules, ...own.rules },
    ...monitorOf(mergeMonitor(parent.monitor, own.monitor)),
  };
}

function monitorOf(monitor: MonitorThresholds | undefined): { monitor?: MonitorThresholds } {
  return monitor ? { monitor } : {};
}

function mergeMonitor(parent?: MonitorThresholds, own?: MonitorThresholds): MonitorThresholds | undefined {
  if (!parent) return own;
  if (!own) return parent;
  return { warn: { ...parent.warn, ...own.warn }, crit: { ...parent.crit, ...own.crit } };
}

type Locate = (path: readonly (string | number)[], keyName?: string) => { line?: number; column?: number };

/** What a path in the profile is called in a message: "target net.ipv4.tcp_fin_timeout: why", "context.idleTimeout". */
function subjectOf(path: readonly string[]): string {
  if (path.length === 0) return 'the profile';
  if (path[0] === 'targets' && path.length >= 2) return `target ${clip(path[1]!)}${path.length > 2 ? `: ${path.slice(2).join('.')}` : ''}`;
  return path.map(clip).join('.');
}

/** What a required field holds, said when it is missing. */
const REQUIRED_HINTS: Readonly<Record<string, string>> = {
  name: 'a name of lowercase letters, digits and dashes, e.g. my-api',
  summary: 'one line on the workload the profile is for',
  value: 'the value to set, e.g. value: 30',
  why: 'one line on why this value, with the numbers it means',
  source: 'where the fact comes from: a kernel doc, a commit, your own measurement',
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  array: 'a list',
  null: 'null',
};

/** An ajv error in words a profile's author can act on, at the line it is about. */
function schemaProblem(file: string, error: ErrorObject, locate: Locate): InputError {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const subject = subjectOf(path);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const extra = String(params.additionalProperty);
    const where = locate(path, extra);
    const inTargets = path.length === 1 && path[0] === 'targets';
    if (inTargets) {
      const hint = unknownKeyHint(extra);
      return new InputError(`unknown sysctl key "${clip(extra)}" under targets${hint ? `; ${hint}` : ''}`, { file, ...where });
    }
    const place = path.length === 0 ? 'at the top level' : `in ${subject}`;
    return new InputError(`unknown field "${clip(extra)}" ${place}; allowed here: ${Object.keys(allowedProperties(path)).join(', ')}`, {
      file,
      ...where,
    });
  }
  const where = locate(path);
  const detail = ((): string => {
    switch (error.keyword) {
      case 'required': {
        const missing = String(params.missingProperty);
        return `${subject} has no "${missing}:"; add ${REQUIRED_HINTS[missing] ?? `"${missing}:"`}`;
      }
      case 'enum':
        return `${subject} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
      case 'type':
        return `${subject} must be ${[params.type]
          .flat()
          .map((type) => TYPE_WORDS[String(type)] ?? String(type))
          .join(' or ')}`;
      case 'minimum':
      case 'maximum': {
        const bound = `${subject} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}`;
        if (path[0] === 'context' && path[1] === 'idleTimeout') return `${bound} (seconds; see --idle-timeout)`;
        const range = path[0] === 'targets' && path[2] === 'value' ? valueRange(path[1]!) : undefined;
        return range ? `${bound} (the kernel accepts ${range})` : bound;
      }
      case 'minLength':
        return path.at(-1) === 'force'
          ? `${subject} needs your reason in words (at least ${String(params.limit)} characters)`
          : `${subject} is too short`;
      case 'pattern': {
        if (path.length === 1 && path[0] === 'name') return `name must be lowercase letters, digits and dashes, e.g. my-api`;
        if (params.pattern === '\\S') return `${subject} is empty`;
        const description = schemaAt(path).description;
        return `${subject} must be ${typeof description === 'string' ? description : `of the form ${String(params.pattern)}`}`;
      }
      default:
        return `${subject}: ${error.message ?? error.keyword}`;
    }
  })();
  return new InputError(detail, { file, ...where });
}

/** "1..127" for a target's value, from the schema (what the kernel's handler accepts). */
function valueRange(key: string): string | undefined {
  const value = schemaAt(['targets', key, 'value']);
  return typeof value.minimum === 'number' && typeof value.maximum === 'number' ? `${value.minimum}..${value.maximum}` : undefined;
}

/** A name from the profile, quoted in a message: a 1 MiB key must not make a 1 MiB message. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function unknownKeyHint(key: string): string {
  const spec = findParam(key);
  if (spec) return '';
  const suggestions = suggestKeys(key);
  return suggestions.length > 0
    ? `did you mean ${suggestions.join(' or ')}?`
    : 'the catalogue does not know it (see "sysctl-advisor explain")';
}

/** The schema of the node at `path` (empty when the schema does not describe it). */
function schemaAt(path: readonly string[]): Record<string, unknown> {
  let schema = buildProfileSchema() as { properties?: Record<string, unknown> };
  for (const part of path) schema = (schema.properties ?? {})[part] ?? {};
  return schema;
}

function allowedProperties(path: readonly string[]): Record<string, unknown> {
  return (schemaAt(path).properties ?? {}) as Record<string, unknown>;
}

/** Line and column of the node at `path` (or of the key `keyName` inside it), 1-based. */
function locateNode(document: Document, lineCounter: LineCounter, path: readonly (string | number)[], keyName?: string) {
  let node: unknown = path.length === 0 ? document.contents : document.getIn(path, true);
  if (keyName !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === keyName);
    node = pair && isPair(pair) ? pair.key : node;
  }
  const range = (node as Node | undefined)?.range;
  if (!range) return {};
  const position = lineCounter.linePos(range[0]);
  return { line: position.line, column: position.col };
}
