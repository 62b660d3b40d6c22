/**
 * YAML with positions, for the readers of YAML formats (Ansible, Kubernetes, compose, Salt,
 * cloud-init, maps of sysctls). The `yaml` package gives every node its offsets; this module
 * turns a scalar into what a consumer receives and where its text starts.
 *
 * Two consumers, two resolutions of plain scalars:
 * - PyYAML (Ansible, Salt) resolves YAML 1.1: `yes`/`on` are booleans, `0755` is octal 493,
 *   `1e3` is a string (no dot), `y`/`n` are strings;
 * - Go (the Kubernetes API through sigs.k8s.io/yaml, compose) resolves YAML 1.1 with `y`/`n`
 *   as booleans too; the yaml package's 1.1 schema does the same.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import type { ContentLine } from './builder.js';
import type { ScalarType } from './types.js';

export { isMap, isPair, isScalar, isSeq };
export type { Document, Node, Pair, Scalar, YAMLMap };

export interface YamlDocuments {
  readonly documents: readonly Document.Parsed[];
  /** Whether any document failed to parse (a template that is not YAML until rendered). */
  readonly broken: boolean;
}

const TEMPLATE_ONLY_LINE = /^[ \t]*(?:\{\{-?[^\n]*?-?\}\}|\{%-?[^\n]*?-?%\}|\{#[^\n]*?#\})[ \t]*$/gm;

/**
 * Every document of the file. Lines holding only a template tag (`{{- if .Values.x }}`,
 * `{% for %}`) are blanked first, keeping every offset, so a Helm or Jinja template whose
 * structure is YAML around them still parses; values holding `{{` stay unknown.
 */
export function parseYaml(text: string): YamlDocuments {
  const blanked = text.replace(TEMPLATE_ONLY_LINE, (line) => line.replace(/[^\n]/g, ' '));
  const documents = parseAllDocuments(blanked, { version: '1.1', lineCounter: new LineCounter(), uniqueKeys: false, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [];
  return { documents: list, broken: !Array.isArray(documents) || list.some((d) => d.errors.length > 0) };
}

/** The value of `key` in a map node. */
export function get(node: unknown, key: string): Node | undefined {
  return pairOf(node, key)?.value as Node | undefined;
}

export function pairOf(node: unknown, key: string): Pair<Scalar, Node> | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) if (isScalar(pair.key) && String(pair.key.value) === key) return pair as Pair<Scalar, Node>;
  return undefined;
}

/** A map node's entries as [key text, key node, value node]. */
export function entries(node: unknown): [string, Scalar, Node | null][] {
  if (!isMap(node)) return [];
  return node.items
    .filter((pair) => isScalar(pair.key))
    .map((pair) => [String((pair.key as Scalar).value), pair.key as Scalar, (pair.value as Node | null) ?? null]);
}

/** The offset where a node's text starts (after an opening quote; the first content line of a block scalar). */
export function contentOffset(node: Node, text: string): number {
  const start = node.range?.[0] ?? 0;
  if (isScalar(node)) {
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return start + 1;
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      const lines = blockLines(node, text);
      if (lines.length > 0 && lines[0]!.offsets.length > 0) return lines[0]!.offsets[0]!;
    }
  }
  return start;
}

/** A scalar's plain text as written (no quotes); undefined for a collection. */
export function textOf(node: Node | null | undefined): string | undefined {
  if (!node || !isScalar(node)) return undefined;
  if (node.value === null || node.value === undefined) return node.source ?? '';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a parsed scalar holds a primitive (or a Date), never a plain object
  return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
}

/** How a Go consumer (Kubernetes, compose) types the scalar. */
export function goScalarType(node: Node | null | undefined): ScalarType {
  if (!node || !isScalar(node)) return 'other';
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')
    return 'string';
  const value = node.value;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number' || typeof value === 'bigint')
    return /[.eE]/.test(node.source ?? '') && !/^0x/i.test(node.source ?? '') ? 'float' : 'integer';
  return 'string';
}

const PY_BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PY_BOOL_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const PY_INT = /^[-+]?(?:0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_NULL = /^(?:~|null|Null|NULL|)$/;

/** A PyYAML scalar as Python's str() prints it, and its type. */
export function pythonScalar(node: Node | null | undefined): { readonly type: ScalarType; readonly text: string } | undefined {
  if (!node) return { type: 'null', text: 'None' };
  if (!isScalar(node)) return undefined;
  const source = node.source ?? '';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a parsed scalar holds a primitive (or a Date), never a plain object
  if (node.type !== 'PLAIN') return { type: 'string', text: String(node.value ?? '') };
  if (PY_NULL.test(source)) return { type: 'null', text: 'None' };
  if (PY_BOOL_TRUE.test(source)) return { type: 'boolean', text: 'True' };
  if (PY_BOOL_FALSE.test(source)) return { type: 'boolean', text: 'False' };
  if (PY_INT.test(source)) return { type: 'integer', text: pythonInt(source) };
  if (PY_FLOAT.test(source)) return { type: 'float', text: pythonFloat(source) };
  return { type: 'string', text: source };
}

function pythonInt(source: string): string {
  const sign = source.startsWith('-') ? -1n : 1n;
  const body = source.replace(/^[-+]/, '').replace(/_/g, '');
  let value: bigint;
  if (body.includes(':')) value = body.split(':').reduce((total, part) => total * 60n + BigInt(part), 0n);
  else if (/^0b/.test(body)) value = BigInt(body);
  else if (/^0x/i.test(body)) value = BigInt(body);
  else if (/^0[0-7]+$/.test(body)) value = BigInt(`0o${body.slice(1)}`);
  else value = BigInt(body);
  return String(sign * value);
}

function pythonFloat(source: string): string {
  const body = source.replace(/_/g, '');
  if (/inf/i.test(body)) return body.startsWith('-') ? '-inf' : 'inf';
  if (/nan/i.test(body)) return 'nan';
  const value = body.includes(':') ? body.split(':').reduce((total, part) => total * 60 + Number(part), 0) : Number(body);
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? `${value}.0` : String(value);
}

/**
 * The lines of a block scalar (`content: |`) with the file offset of each character, so sysctl
 * content inside it anchors at its real line. Indentation is removed as YAML removes it.
 */
export function blockLines(node: Scalar, text: string): ContentLine[] {
  const [start, end] = node.range ?? [0, 0];
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end) return [];
  const lines: ContentLine[] = [];
  let indent: number | undefined;
  for (let at = headerEnd + 1; at < end;) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const raw = text.slice(at, lineEnd).replace(/\r$/, '');
    if (raw.trim() !== '' && indent === undefined) indent = raw.length - raw.trimStart().length;
    const cut = Math.min(indent ?? 0, raw.length - raw.trimStart().length);
    const content = raw.slice(cut);
    const offsets: number[] = [];
    for (let i = 0; i < content.length; i++) offsets.push(at + cut + i);
    lines.push({ text: content, offsets });
    at = lineEnd + 1;
  }
  while (lines.length > 0 && lines[lines.length - 1]!.text.trim() === '') lines.pop();
  return lines;
}

/** Contains a template expression (Jinja, Helm, Go template). */
export function isTemplated(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/**
 * A scalar's value with the file offset of each of its characters: exact for plain and quoted
 * scalars without escapes and for literal blocks; otherwise every character is placed at the
 * scalar's start (escapes and folding break the one-to-one mapping).
 */
export function scalarWithOffsets(node: Scalar, text: string): { readonly value: string; readonly offsets: readonly number[] } {
  const value = textOf(node) ?? '';
  const start = contentOffset(node, text);
  if (node.type === 'BLOCK_LITERAL') {
    const offsets: number[] = [];
    let joined = '';
    for (const line of blockLines(node, text)) {
      if (joined !== '' || offsets.length > 0) {
        joined += '\n';
        offsets.push(line.offsets.length > 0 ? line.offsets[0]! - 1 : (offsets[offsets.length - 1] ?? start) + 1);
      }
      joined += line.text;
      offsets.push(...line.offsets);
    }
    if (value.startsWith(joined)) {
      while (offsets.length < value.length) offsets.push((offsets[offsets.length - 1] ?? start) + 1);
      return { value, offsets };
    }
  }
  const aligned = text.slice(start, start + value.length) === value;
  return { value, offsets: Array.from({ length: value.length }, (_, i) => (aligned ? start + i : start)) };
}
