/**
 * Salt states: `KEY: {sysctl.present: [{value: V}, {config: FILE}]}` (or `name:` for the key,
 * or the `sysctl: [present, ...]` spelling). `sysctl.present` sets the running value and writes
 * `KEY = VALUE` to `config`, by default /etc/sysctl.d/99-salt.conf on systemd hosts (salt salt/states/sysctl.py, https://github.com/saltstack/salt),
 * (salt salt/modules/linux_sysctl.py default_config). Values are Python's str() of the YAML value.
 */
import type { ExtractionBuilder } from './builder.js';
import { contentOffset, entries, isScalar, isSeq, isTemplated, pythonScalar, textOf, type Document, type Node } from './yaml-source.js';

/** A Salt state file: top-level ids whose values hold `sysctl.present` (or another `module.function`). */
export function isSaltDocument(document: Document): boolean {
  return entries(document.contents).some(([, , state]) => entries(state).some(([key]) => /^sysctl(?:\.\w+)?$/.test(key)));
}

export function readSalt(builder: ExtractionBuilder, documents: readonly Document[]): void {
  const unit = builder.unit('minion', 'the minion');
  for (const document of documents) {
    for (const [id, idNode, state] of entries(document.contents)) {
      for (const [function_, , args] of entries(state)) {
        let present = function_ === 'sysctl.present';
        if (function_ === 'sysctl' && isSeq(args)) present = args.items.some((item) => isScalar(item) && item.value === 'present');
        if (!present) continue;
        const params = new Map<string, Node>();
        if (isSeq(args)) for (const item of args.items) for (const [key, , value] of entries(item)) if (value) params.set(key, value);
        const nameNode = params.get('name');
        const key = nameNode ? (textOf(nameNode) ?? id) : id;
        const keyPosition = builder.at(contentOffset(nameNode ?? idNode, builder.text));
        if (isTemplated(key)) {
          builder.skip(keyPosition, `the sysctl name ${key} is a Jinja expression, known only when the state renders`);
          continue;
        }
        const valueNode = params.get('value');
        if (!valueNode) continue;
        const python = pythonScalar(valueNode);
        const valueText = textOf(valueNode) ?? '';
        const unknown = !python || isTemplated(valueText);
        builder.add({
          key,
          keyPosition,
          value: unknown ? undefined : python.type === 'boolean' ? python.text : python.text.trim(),
          valueText,
          valuePosition: builder.at(contentOffset(valueNode, builder.text)),
          ...(unknown
            ? { unknownValue: `the value ${valueText} is a Jinja expression or a collection, known only when the state renders` }
            : {}),
          via: { tool: 'salt', config: textOf(params.get('config')) ?? null },
          unit,
        });
      }
    }
  }
}
