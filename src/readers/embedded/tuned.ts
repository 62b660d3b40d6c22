/**
 * TuneD profiles (tuned.conf). Not sysctl.conf: TuneD reads them with Python's ConfigParser
 * (delimiter "=" only, `#` inline comments after a blank, an indented line continues the value,
 * the last duplicate wins), then for each option of a `[sysctl]` section (or of a section with
 * `type=sysctl`) strips one pair of surrounding double quotes, expands `${var}` from
 * `[variables]`, and treats a leading `>`/`<` as "only raise"/"only lower" (tuned tuned/profiles/loader.py),
 * (tuned tuned/plugins/plugin_sysctl.py, https://github.com/redhat-performance/tuned; tuned tuned/plugins/base.py _process_assignment_modifiers) (tuned 2.20, Debian 12: tuned/profiles/loader.py,
 * tuned/plugins/plugin_sysctl.py, tuned/plugins/base.py).
 */
import { ExtractionBuilder } from './builder.js';
import type { Extraction, Position } from './types.js';

/** Unit options (tuned/profiles/unit.py): not sysctls. */
const UNIT_OPTIONS = new Set(['type', 'enabled', 'replace', 'drop', 'devices', 'devices_udev_regex', 'cpuinfo_regex', 'uname_regex', 'script_pre', 'script_post']);
const SECTION = /^\[(.+)\]/;
const INLINE_COMMENT = /\s#/;
const VARIABLE = /(?<!\\)\$\{(\w+)\}/g;
const FUNCTION_OR_BUILTIN = /(?<!\\)\$\{[if]:/;
const UNIT = 'profile';

interface Option {
  readonly name: string;
  readonly keyPosition: Position;
  /** The value as ConfigParser returns it (inline comment removed, stripped; continuation lines joined by "\n"). */
  value: string;
  readonly valuePosition: Position;
}

interface Section {
  readonly name: string;
  readonly line: number;
  readonly options: Map<string, Option>;
}

/** ConfigParser's reading of the file: sections with their options, last duplicate winning. */
export function parseTunedIni(text: string): Section[] {
  const builder = new ExtractionBuilder(text);
  const sections: Section[] = [];
  const byName = new Map<string, Section>();
  let current: Section | undefined;
  let last: Option | undefined;
  let lastIndent = 0;
  const lines = text.split('\n');
  let offset = 0;
  lines.forEach((raw, index) => {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const comment = INLINE_COMMENT.exec(line);
    const content = comment ? line.slice(0, comment.index) : line;
    const value = content.trim();
    const indent = line.length - line.trimStart().length;
    if (value === '') {
      // An empty line inside a multi-line value is kept only if more indented text follows.
      return;
    }
    if (current && last && indent > lastIndent) {
      last.value += `\n${value}`;
      return;
    }
    lastIndent = indent;
    const section = SECTION.exec(value);
    if (section) {
      const name = section[1]!;
      current = byName.get(name);
      if (!current) {
        current = { name, line: index + 1, options: new Map() };
        byName.set(name, current);
        sections.push(current);
      }
      last = undefined;
      return;
    }
    const eq = content.indexOf('=');
    if (!current || eq === -1) {
      last = undefined;
      return;
    }
    const name = content.slice(0, eq).trim();
    const afterEq = content.slice(eq + 1);
    const valueStart = lineStart + eq + 1 + (afterEq.length - afterEq.trimStart().length);
    const option: Option = {
      name,
      keyPosition: builder.at(lineStart + indent),
      value: afterEq.trim(),
      valuePosition: builder.at(valueStart),
    };
    // strict=False: a later duplicate replaces the earlier value.
    current.options.delete(name);
    current.options.set(name, option);
    last = option;
  });
  return sections;
}

export function readTuned(text: string): Extraction {
  const builder = new ExtractionBuilder(text);
  builder.unit(UNIT, 'the profile');
  const sections = parseTunedIni(text);
  const variables = new Map<string, string>();
  for (const section of sections.filter((s) => s.name === 'variables')) for (const option of section.options.values()) variables.set(option.name, option.value);
  for (const section of sections) {
    const type = section.options.get('type')?.value ?? section.name;
    if (type !== 'sysctl') continue;
    const enabled = section.options.get('enabled')?.value;
    if (enabled !== undefined && !['True', 'true', '1'].includes(enabled)) {
      builder.skip({ line: section.line, column: 1 }, `[${section.name}] has enabled=${enabled}: TuneD applies none of its options`);
      continue;
    }
    for (const option of section.options.values()) {
      if (UNIT_OPTIONS.has(option.name)) continue;
      // unquote, then expand variables, then the assignment modifier (plugin_sysctl _instance_apply_static).
      let value = /^"(.*)"$/s.exec(option.value)?.[1] ?? option.value;
      let unknown: string | undefined;
      if (FUNCTION_OR_BUILTIN.test(value)) unknown = `${option.value} calls a TuneD function, known only on the host`;
      value = value.replace(VARIABLE, (whole, name: string) => {
        const known = variables.get(name);
        if (known === undefined) unknown ??= `\${${name}} is not defined in this profile's [variables] (an included profile or file may define it)`;
        return known ?? whole;
      });
      let modifier: '>' | '<' | null = null;
      if (value.length > 1 && (value[0] === '>' || value[0] === '<')) {
        modifier = value[0];
        value = value.slice(1);
      }
      builder.add({
        key: option.name,
        keyPosition: option.keyPosition,
        value: unknown ? undefined : value,
        valueText: option.value,
        valuePosition: option.valuePosition,
        ...(unknown ? { unknownValue: unknown } : {}),
        via: { tool: 'tuned', section: section.name, modifier },
        unit: UNIT,
      });
    }
  }
  return builder.build('tuned', 'TuneD profile');
}
