/**
 * TuneD profiles (tuned.conf). Not sysctl.conf: TuneD reads them with Python's ConfigParser
 * (delimiter "=" only, `#` inline comments after a blank, an indented line continues the value,
 * the last duplicate wins), then for each option of a `[sysctl]` section (or of a section with
 * `type=sysctl`) strips one pair of surrounding double quotes, expands `${var}` from
 * `[variables]`, and treats a leading `>`/`<` as "only raise"/"only lower" (tuned tuned/profiles/loader.py),
 * (tuned tuned/plugins/plugin_sysctl.py, https://github.com/redhat-performance/tuned; tuned tuned/plugins/base.py _process_assignment_modifiers) (tuned 2.20, Debian 12: tuned/profiles/loader.py,
 * tuned/plugins/plugin_sysctl.py, tuned/plugins/base.py).
 */
import { basename } from 'node:path';
import { ExtractionBuilder } from './builder.js';
import type { Extraction, Position } from './types.js';

/** Unit options (tuned/profiles/unit.py): not sysctls. */
const UNIT_OPTIONS = new Set([
  'type',
  'enabled',
  'replace',
  'drop',
  'devices',
  'devices_udev_regex',
  'cpuinfo_regex',
  'uname_regex',
  'script_pre',
  'script_post',
]);
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

/**
 * Where the profiles a profile includes are, for a reader that may open files: TuneD looks an
 * included profile up by name in its profile directories (tuned/profiles/locator.py). Without
 * it, `include=` is a not-checked note.
 */
export interface TunedIncludes {
  /** The reviewed file's path (an included profile may be looked up from it). */
  readonly self: string;
  /** The first `NAME/tuned.conf` for `name`, seen from the profile at `from`, that is not in `skip`; or where it looked. */
  find(name: string, from: string, skip: ReadonlySet<string>): { readonly path: string } | { readonly lookedIn: readonly string[] };
  /** The file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
}

const TRUE = ['True', 'true', '1'];
const INCLUDE_SEPARATOR = /\s*[,;]\s*/;
const DROP_SEPARATOR = /\b\s*[,;]\s*/;

type SourcedOption = Option & { readonly origin: string | undefined };

interface LoadedProfile {
  /** undefined: the reviewed file. */
  readonly origin: string | undefined;
  readonly sections: Section[];
}

/** A unit after TuneD's merge (tuned/profiles/merger.py): the newer profile's type and enabled win, options update the older ones. */
interface MergedUnit {
  type: string;
  enabled: string | undefined;
  line: number;
  origin: string | undefined;
  options: Map<string, SourcedOption>;
}

/**
 * The profiles TuneD loads for this one, parents first (tuned/profiles/loader.py _load_profile):
 * each `include=` name is loaded, with its own includes before it, before the profile naming it;
 * a file already loaded is skipped, so a profile that includes its own name gets the next
 * directory's profile of that name. A `-name` that is not found is skipped silently.
 */
function loadChain(builder: ExtractionBuilder, text: string, includes: TunedIncludes | undefined): LoadedProfile[] {
  const profiles: LoadedProfile[] = [];
  const processed = new Set<string>(includes ? [includes.self] : []);
  const load = (origin: string | undefined, profileText: string): void => {
    const sections = parseTunedIni(profileText);
    const include = sections.find((s) => s.name === 'main')?.options.get('include');
    if (include) {
      if (!includes)
        builder.skip(include.valuePosition, `include=${include.value}: the included profile is not opened here (review it too)`, origin);
      else if (/\$\{/.test(include.value))
        builder.skip(
          include.valuePosition,
          `include=${include.value} names a variable or a TuneD function, known only on the host`,
          origin,
        );
      else {
        for (const word of include.value.split(INCLUDE_SEPARATOR)) {
          if (word === '') continue;
          const conditional = word.startsWith('-');
          const name = basename(conditional ? word.slice(1) : word);
          const found = includes.find(name, origin ?? includes.self, processed);
          if ('lookedIn' in found) {
            if (!conditional)
              builder.skip(include.valuePosition, `included profile ${name} not found (looked in ${found.lookedIn.join(', ')})`, origin);
            continue;
          }
          processed.add(found.path);
          const included = includes.read(found.path);
          if (included === undefined)
            builder.skip(include.valuePosition, `included profile ${name} (${found.path}) cannot be read`, origin);
          else load(found.path, included);
        }
      }
    }
    profiles.push({ origin, sections });
  };
  load(undefined, text);
  return profiles;
}

/** The units of the loaded profiles merged as TuneD merges them (tuned/profiles/merger.py _merge_two, tuned/profiles/unit.py). */
function mergeUnits(profiles: readonly LoadedProfile[]): Map<string, MergedUnit> {
  const units = new Map<string, MergedUnit>();
  for (const { origin, sections } of profiles) {
    for (const section of sections) {
      if (section.name === 'main') continue;
      const get = (name: string) => section.options.get(name)?.value;
      const own = new Map<string, SourcedOption>();
      for (const option of section.options.values()) if (!UNIT_OPTIONS.has(option.name)) own.set(option.name, { ...option, origin });
      const existing = units.get(section.name);
      const type = get('type') ?? section.name;
      if (!existing || TRUE.includes(get('replace') ?? '')) {
        units.set(section.name, { type, enabled: get('enabled'), line: section.line, origin, options: own });
        continue;
      }
      existing.type = type;
      existing.enabled = get('enabled');
      existing.line = section.line;
      existing.origin = origin;
      const drop = get('drop');
      if (drop !== undefined) for (const name of drop.split(DROP_SEPARATOR)) existing.options.delete(name);
      for (const [name, option] of own) existing.options.set(name, option);
    }
  }
  return units;
}

/** The merged [variables], each value expanded with those before it (tuned/profiles/variables.py add_variable). */
function variablesOf(units: ReadonlyMap<string, MergedUnit>): Map<string, string> {
  const variables = new Map<string, string>();
  for (const option of units.get('variables')?.options.values() ?? []) {
    if (option.name === 'include' || !/^\w+$/.test(option.name)) continue; // a variables file: its names stay undefined here
    variables.set(
      option.name,
      option.value.replace(VARIABLE, (whole, name: string) => variables.get(name) ?? whole),
    );
  }
  return variables;
}

export function readTuned(text: string, includes?: TunedIncludes): Extraction {
  const builder = new ExtractionBuilder(text);
  builder.unit(UNIT, 'the profile');
  const units = mergeUnits(loadChain(builder, text, includes));
  const variables = variablesOf(units);
  for (const [name, unit] of units) {
    // The loader takes [variables] out of the merged profile before any plugin sees it.
    if (unit.type !== 'sysctl' || name === 'variables') continue;
    if (unit.enabled !== undefined && !TRUE.includes(unit.enabled)) {
      builder.skip({ line: unit.line, column: 1 }, `[${name}] has enabled=${unit.enabled}: TuneD applies none of its options`, unit.origin);
      continue;
    }
    for (const option of unit.options.values()) {
      // unquote, then expand variables, then the assignment modifier (plugin_sysctl _instance_apply_static).
      let value = /^"(.*)"$/s.exec(option.value)?.[1] ?? option.value;
      let unknown: string | undefined;
      if (FUNCTION_OR_BUILTIN.test(value)) unknown = `${option.value} calls a TuneD function, known only on the host`;
      value = value.replace(VARIABLE, (whole, variable: string) => {
        const known = variables.get(variable);
        if (known === undefined)
          unknown ??= `\${${variable}} is not defined in the [variables] of this profile or of the profiles it includes (a variables file may define it)`;
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
        via: { tool: 'tuned', section: name, modifier },
        unit: UNIT,
        ...(option.origin !== undefined ? { origin: option.origin } : {}),
      });
    }
  }
  return builder.build('tuned', 'TuneD profile');
}
