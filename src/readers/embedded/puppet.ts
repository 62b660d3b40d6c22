/**
 * Puppet manifests: `sysctl { 'net.ipv4.ip_forward': value => '1', target => '/etc/sysctl.d/x.conf' }`
 * (augeasproviders_sysctl and thias/sysctl share the shape) (voxpupuli/puppet-augeasproviders_sysctl README.md, https://github.com/voxpupuli/puppet-augeasproviders_sysctl). Several titles may share one
 * block, separated by ";". `ensure => absent` removes the setting. Variables are unknown values.
 */
import { ExtractionBuilder } from './builder.js';
import type { Extraction } from './types.js';

const BLOCK = /\bsysctl\s*\{/g;
const TITLE = /\s*(['"])([^'"]+)\1\s*:/y;
const ATTRIBUTE = /\s*(\w+)\s*=>\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,;}\s]+)\s*,?/y;
const UNIT = 'node';

export function readPuppet(text: string): Extraction {
  const builder = new ExtractionBuilder(text);
  builder.unit(UNIT, 'the node');
  for (const block of text.matchAll(BLOCK)) {
    let at = block.index + block[0].length;
    for (;;) {
      TITLE.lastIndex = at;
      const title = TITLE.exec(text);
      if (!title) break;
      const keyOffset = at + title[0].indexOf(title[2]!);
      at = TITLE.lastIndex;
      const attributes = new Map<string, { text: string; offset: number }>();
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const attribute = ATTRIBUTE.exec(text);
        if (!attribute) break;
        attributes.set(attribute[1]!, {
          text: attribute[2]!,
          offset: at + attribute[0].indexOf(attribute[2]!, attribute[0].indexOf('=>')),
        });
        at = ATTRIBUTE.lastIndex;
      }
      const ensure = attributes.get('ensure')?.text.replace(/['"]/g, '');
      const value = attributes.get('value') ?? attributes.get('val');
      if (value && ensure !== 'absent') {
        const quoted = /^(['"])(.*)\1$/s.exec(value.text);
        const literal = quoted
          ? quoted[1] === '"' && quoted[2]!.includes('$')
            ? undefined
            : quoted[2]!
          : /^-?\d+$/.test(value.text)
            ? value.text
            : undefined;
        const target = attributes.get('target')?.text.replace(/^['"]|['"]$/g, '') ?? null;
        builder.add({
          key: title[2]!,
          keyPosition: builder.at(keyOffset),
          value: literal,
          valueText: value.text,
          valuePosition: builder.at(value.offset + (quoted ? 1 : 0)),
          ...(literal === undefined
            ? { unknownValue: `${value.text} is a Puppet expression, known only when the catalogue compiles` }
            : {}),
          via: { tool: 'puppet', target },
          unit: UNIT,
        });
      }
      const next = /\s*;/y;
      next.lastIndex = at;
      if (!next.exec(text)) break;
      at = next.lastIndex;
    }
  }
  return builder.build('puppet', 'Puppet manifest');
}
