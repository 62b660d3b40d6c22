/**
 * Chef recipes and attributes. Two forms are read, literal values only:
 * - the `sysctl` resource (Chef >= 14; alias `sysctl_param`): `sysctl 'net.ipv4.tcp_fin_timeout' do
 *   value 30 ... end` (`key 'x'` renames, an array value is joined with spaces) (chef lib/chef/resource/sysctl.rb, https://github.com/chef/chef);
 * - the sysctl cookbook's attributes: `default['sysctl']['params']['net']['ipv4']['tcp_fin_timeout'] = 33`
 *   (the path after `params` is the key, dotted).
 * Ruby expressions (`node[...]`, interpolation) are unknown values.
 */
import { ExtractionBuilder } from './builder.js';
import type { Extraction } from './types.js';

const ATTRIBUTE =
  /^\s*(?:node\.)?(?:default|override|normal|force_default|force_override|set)((?:\[\s*(?:'[^']*'|"[^"]*"|:\w+)\s*\])+)\s*=\s*(.+?)\s*$/;
const SEGMENT = /\[\s*(?:'([^']*)'|"([^"]*)"|:(\w+))\s*\]/g;
const RESOURCE = /^\s*(sysctl|sysctl_param)\s*(?:\(\s*)?(['"])([^'"]+)\2\s*\)?\s*do\s*$/;
const PROPERTY = /^\s*(value|key|action)\s+(.+?)\s*$/;
const UNIT = 'recipe';

/** A Ruby literal as Chef passes it on: numbers, strings, arrays of them; undefined for anything else. */
function rubyLiteral(text: string): string | undefined {
  const t = text.replace(/\s+#.*$/, '').trim();
  if (/^-?\d+(?:\.\d+)?$/.test(t)) return t;
  const quoted = /^'([^'\\]*)'$|^"([^"\\#]*)"$/.exec(t);
  if (quoted) return quoted[1] ?? quoted[2]!;
  if (t === 'true') return '1';
  if (t === 'false') return '0';
  const array = /^\[(.*)\]$/.exec(t);
  if (array) {
    const items = array[1]!.split(',').map((item) => rubyLiteral(item));
    return items.every((item) => item !== undefined) ? items.join(' ') : undefined;
  }
  return undefined;
}

export function readChef(text: string): Extraction {
  const builder = new ExtractionBuilder(text);
  builder.unit(UNIT, 'the node');
  const lines = text.split('\n');
  let offset = 0;
  let resource: { key: string; keyOffset: number } | undefined;
  lines.forEach((line) => {
    const lineStart = offset;
    offset += line.length + 1;
    const attribute = ATTRIBUTE.exec(line);
    if (attribute) {
      const segments = [...attribute[1]!.matchAll(SEGMENT)].map((m) => m[1] ?? m[2] ?? m[3]!);
      const at = segments.indexOf('params');
      if (segments[0] !== 'sysctl' || at === -1 || at === segments.length - 1) return;
      const key = segments.slice(at + 1).join('.');
      const valueText = attribute[2]!.replace(/\s+#.*$/, '');
      const value = rubyLiteral(valueText);
      const keyOffset = lineStart + line.indexOf(attribute[1]!);
      builder.add({
        key,
        keyPosition: builder.at(keyOffset),
        value,
        valueText,
        valuePosition: builder.at(lineStart + line.lastIndexOf(valueText)),
        ...(value === undefined ? { unknownValue: `${valueText} is a Ruby expression, known only when Chef runs` } : {}),
        via: { tool: 'chef', form: 'attribute' },
        unit: UNIT,
      });
      return;
    }
    const start = RESOURCE.exec(line);
    if (start) {
      resource = { key: start[3]!, keyOffset: lineStart + line.indexOf(start[3]!) };
      return;
    }
    if (!resource) return;
    if (/^\s*end\s*$/.test(line)) {
      resource = undefined;
      return;
    }
    const property = PROPERTY.exec(line);
    if (!property) return;
    if (property[1] === 'key') {
      const renamed = rubyLiteral(property[2]!);
      if (renamed) resource = { key: renamed, keyOffset: lineStart + line.indexOf(property[2]!) };
    } else if (property[1] === 'value') {
      const valueText = property[2]!.replace(/\s+#.*$/, '');
      const value = rubyLiteral(valueText);
      builder.add({
        key: resource.key,
        keyPosition: builder.at(resource.keyOffset),
        value,
        valueText,
        valuePosition: builder.at(lineStart + line.indexOf(valueText)),
        ...(value === undefined ? { unknownValue: `${valueText} is a Ruby expression, known only when Chef runs` } : {}),
        via: { tool: 'chef', form: 'resource' },
        unit: UNIT,
      });
    } else if (property[1] === 'action' && /:remove/.test(property[2]!)) {
      resource = undefined;
    }
  });
  return builder.build('chef', 'Chef recipe or attributes');
}
