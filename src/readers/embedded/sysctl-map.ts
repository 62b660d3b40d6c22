/**
 * Maps of sysctl keys in YAML data files: Ansible role defaults and vars (dev-sec's
 * `sysctl_config:`), Salt pillar (`sysctl: {/etc/sysctl.d/99-k8s.conf: {key: value}}`), Helm
 * values, kubespray's `additional_sysctl: [{name, value}]`. Under any key whose name contains
 * "sysctl", a map whose keys are sysctl names (or a list of {name, value}) is read; one level
 * of file paths in between is allowed. What applies the values is whatever consumes the
 * variable, which this file does not say; values are Python's str() of the YAML value
 * (booleans as 1/0, as the Ansible module and most templates write them).
 */
import type { ExtractionBuilder } from './builder.js';
import {
  contentOffset,
  entries,
  get,
  isMap,
  isScalar,
  isSeq,
  isTemplated,
  pythonScalar,
  textOf,
  type Document,
  type Node,
} from './yaml-source.js';

const SYSCTL_NAME = /^-?(?:net|kernel|vm|fs|user|abi|debug|dev|sunrpc|crypto)[./][\w./*:-]+$/;
const CONF_PATH = /^\/.*\.conf$|^[\w.-]+\.conf$/;

export function readSysctlMaps(builder: ExtractionBuilder, documents: readonly Document[]): void {
  documents.forEach((document) => visit(builder, document.contents, []));
}

/** Whether the documents hold at least one sysctl map (cheap: no builder needed). */
export function hasSysctlMap(documents: readonly Document[]): boolean {
  let found = false;
  const look = (node: unknown, path: readonly string[]): void => {
    if (found) return;
    if (isMap(node)) {
      for (const [key, , value] of entries(node)) {
        if (
          /sysctl/i.test(key) &&
          (isSysctlMap(value) || isSysctlList(value) || entries(value).some(([p, , inner]) => CONF_PATH.test(p) && isSysctlMap(inner)))
        )
          found = true;
        look(value, [...path, key]);
      }
    } else if (isSeq(node)) node.items.forEach((item) => look(item, path));
  };
  documents.forEach((document) => look(document.contents, []));
  return found;
}

function isSysctlMap(node: unknown): boolean {
  const list = entries(node);
  return list.length > 0 && list.filter(([key]) => SYSCTL_NAME.test(key)).length * 2 >= list.length;
}

function isSysctlList(node: unknown): boolean {
  return (
    isSeq(node) &&
    node.items.length > 0 &&
    node.items.every((item) => isMap(item) && get(item, 'name') !== undefined && get(item, 'value') !== undefined)
  );
}

function visit(builder: ExtractionBuilder, node: Node | null, path: readonly string[]): void {
  if (isMap(node)) {
    for (const [key, , value] of entries(node)) {
      if (/sysctl/i.test(key)) {
        if (isSysctlMap(value)) {
          readMap(builder, value!, [...path, key].join('.'));
          continue;
        }
        if (isSysctlList(value)) {
          readList(builder, value!, [...path, key].join('.'));
          continue;
        }
        const nested = entries(value).filter(([file, , inner]) => CONF_PATH.test(file) && isSysctlMap(inner));
        if (nested.length > 0) {
          for (const [file, , inner] of nested) readMap(builder, inner!, `${[...path, key].join('.')}["${file}"]`);
          continue;
        }
      }
      visit(builder, value, [...path, key]);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item) => visit(builder, item as Node, path));
  }
}

function add(builder: ExtractionBuilder, variable: string, key: string, keyNode: Node, valueNode: Node | null): void {
  const unit = builder.unit(`map:${variable}`, `the values of ${variable}`);
  const keyPosition = builder.at(contentOffset(keyNode, builder.text));
  if (!SYSCTL_NAME.test(key) || isTemplated(key)) return;
  const python = pythonScalar(valueNode);
  const valueText = textOf(valueNode) ?? '';
  const unknown = !python || python.type === 'null' || isTemplated(valueText);
  const value = python?.type === 'boolean' ? (python.text === 'True' ? '1' : '0') : python?.text.trim();
  builder.add({
    key,
    keyPosition,
    value: unknown ? undefined : value,
    valueText,
    valuePosition: builder.at(valueNode ? contentOffset(valueNode, builder.text) : contentOffset(keyNode, builder.text)),
    ...(unknown
      ? {
          unknownValue:
            python?.type === 'null'
              ? `${key} has no value here`
              : `the value ${valueText || '(a collection)'} is a template expression or a collection`,
        }
      : {}),
    via: { tool: 'sysctl-map', variable },
    unit,
  });
}

function readMap(builder: ExtractionBuilder, map: Node, variable: string): void {
  for (const [key, keyNode, value] of entries(map)) add(builder, variable, key, keyNode, value);
}

function readList(builder: ExtractionBuilder, list: Node, variable: string): void {
  if (!isSeq(list)) return;
  for (const item of list.items) {
    const name = get(item, 'name');
    if (!isScalar(name)) continue;
    add(builder, variable, textOf(name) ?? '', name, get(item, 'value') ?? null);
  }
}
